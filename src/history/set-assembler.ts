import type { CrateLayout } from '../model/crate-layout.js';
import type { MetricDefinition } from '../model/metric.js';
import { ModuleIndex } from '../model/module-index.js';
import { combineResolutions } from '../model/combine-resolutions.js';
import { resolveFile, type FileResolution } from '../model/file-resolution.js';
import type { WrapperSet } from '../model/wrapper-set.js';
import type { CachedSource } from './source-files.js';

export interface ResolvedSet {
  /**
   * Non-test metrics, in no particular order, in parts whose union is the set. A part that did not
   * change since an earlier state is the same array object, so callers can memoise per part.
   */
  readonly parts: readonly (readonly MetricDefinition[])[];
  /** Blobs that could not be read: facts derived from this set are uncertain. */
  readonly missing: readonly string[];
  /** No file resolves names through other files and there is no wrapper: deferred files cannot change the set. */
  readonly selfContained: boolean;
}

/** What a resolved tree holds, as the set is assembled from it. */
export interface ResolvedParts {
  readonly layout: CrateLayout;
  readonly wrappers: WrapperSet;
  readonly sources: ReadonlyMap<string, CachedSource>;
  readonly missing: ReadonlySet<string>;
  /** Results with definitions, of files that need no other file; dependent files are resolved each time. */
  readonly results: Map<string, FileResolution>;
  readonly dependent: Set<string>;
  /** `results` in path order, with each path's position; rebuilt when a file starts or stops defining metrics. */
  order: { readonly results: FileResolution[]; readonly at: Map<string, number> } | null;
  /** Paths of files that declare `#[cfg(test)] mod`s. */
  readonly testSources: ReadonlySet<string>;
}

/** Per-file results kept for a few wrapper sets: branches that differ in a wrapper alternate between them. */
const RESULTS_PER_FILE = 4;

interface FileDefinitions {
  readonly defs: readonly MetricDefinition[];
  readonly facade: boolean;
}

/**
 * Keeps each file's result under the tree's wrappers (once per blob and meaning of the wrappers, for
 * files that need no other file), and assembles the tree's set, resolving the files that depend on others.
 */
export class SetAssembler {
  private readonly fileDefinitions = new WeakMap<FileResolution, FileDefinitions>();
  /** Files resolved (not answered from the per-file cache): tests assert on reuse. */
  fileResolutions = 0;

  /** Records one file's result under the view's wrappers (or marks it as needing every file). */
  refresh(view: ResolvedParts, path: string): void {
    const source = view.sources.get(path) as CachedSource;
    const wrappers = view.wrappers;
    const wrapping = wrappers.empty ? null : wrappers.wrappingOf(source.file);
    if (source.dependent || wrapping?.needsConstants === true) {
      if (view.results.delete(path)) view.order = null;
      view.dependent.add(path);
      return;
    }
    view.dependent.delete(path);
    const wrappingKey = wrapping?.key ?? '';
    let result = source.results.get(wrappingKey);
    if (!result) {
      this.fileResolutions++;
      result = resolveFile(source.file, { index: new ModuleIndex([source.file], view.layout.crates), files: [source.file], wrappers });
      if (source.results.size >= RESULTS_PER_FILE) source.results.clear();
      source.results.set(wrappingKey, result);
    }
    // Only definitions reach the index; most files (call sites of no wrapper, constants) have none.
    if (result.entries.length === 0) {
      if (view.results.delete(path)) view.order = null;
      return;
    }
    const at = view.order?.at.get(path);
    if (at === undefined) view.order = null;
    else (view.order as NonNullable<ResolvedParts['order']>).results[at] = result;
    view.results.set(path, result);
  }

  /** Drops a file's result (it left the tree, or the wrappers changed). */
  forget(view: ResolvedParts, path: string): void {
    if (view.results.delete(path)) view.order = null;
    view.dependent.delete(path);
  }

  /** The tree's set: the definitions of its files, with the dependent ones resolved against every file. */
  setOf(view: ResolvedParts): ResolvedSet {
    const dependentResults = new Map<string, FileResolution>();
    if (view.dependent.size > 0) {
      const files = [...view.sources.values()].map((s) => s.file);
      const context = { index: new ModuleIndex(files, view.layout.crates), files, wrappers: view.wrappers };
      for (const path of view.dependent) {
        this.fileResolutions++;
        dependentResults.set(path, resolveFile((view.sources.get(path) as CachedSource).file, context));
      }
    }
    const missing = [...view.missing].sort();
    const selfContained = view.dependent.size === 0 && view.wrappers.empty;
    // File order decides which `metrics` call site names a metric, and which of two new definitions
    // is numbered first: keep both independent of the walk.
    if (view.order === null) {
      const paths = [...view.results.keys()].sort();
      view.order = { results: paths.map((path) => view.results.get(path) as FileResolution), at: new Map(paths.map((path, i) => [path, i])) };
    }
    const ordered =
      dependentResults.size === 0
        ? view.order.results
        : [...view.results.keys(), ...dependentResults.keys()].sort().map((path) => (dependentResults.get(path) ?? view.results.get(path)) as FileResolution);
    // Usually each file's definitions stand as they are: the set is their union, and a file that did
    // not change hands over the very same array as last time (the index interns it once).
    const plain = ordered.map((r) => this.definitionsOf(r));
    if (view.testSources.size === 0 && plain.every((p) => !p.facade)) return { parts: plain.map((p) => p.defs), missing, selfContained };
    const testFiles = [...view.testSources].map((path) => (view.sources.get(path) as CachedSource).file);
    // The index orders sets by definition number itself; sorting names here would be wasted work.
    const defs = combineResolutions(ordered, testFiles, { sort: false }).metrics.filter((m) => !m.test);
    return { parts: [defs], missing, selfContained };
  }

  /** A file's non-test definitions, and whether it has `metrics` facade sites (merged across files). */
  private definitionsOf(result: FileResolution): FileDefinitions {
    let known = this.fileDefinitions.get(result);
    if (!known) {
      known = {
        defs: result.entries.filter((e) => !e.def.test).map((e) => e.def),
        facade: result.entries.some((e) => e.def.library === 'metrics'),
      };
      this.fileDefinitions.set(result, known);
    }
    return known;
  }
}
