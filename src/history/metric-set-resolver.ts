import type { BlobReader } from '../git/cat-file.js';
import { crateLayout, fileModule, type CrateLayout, type FileModule } from '../model/crate-layout.js';
import { layoutMeaning } from '../model/layout-meaning.js';
import type { MetricDefinition } from '../model/metric.js';
import { ModuleIndex, type SourceFile } from '../model/module-index.js';
import { combineResolutions, dependsOnOtherFiles, resolveFile, wrapperSetOf, type FileResolution } from '../model/resolve-metrics.js';
import { CONFIG_PATH, NO_WRAPPER_CONFIG, parseWrapperConfig, type WrapperConfig } from '../model/wrapper-config.js';
import type { WrapperSet } from '../model/wrapper-set.js';
import { BlobRelevance, hasWrapperFacts, isRelevant } from './blob-relevance.js';
import type { FactsSource } from './facts-source.js';
import { LayeredState } from './layered-state.js';
import { globReachable, neededNames, needsModule, type NeededNames } from './needed-names.js';
import { isManifestPath, type TreeState } from './tree-state.js';

interface FileDefinitions {
  readonly defs: readonly MetricDefinition[];
  readonly facade: boolean;
}

/** Per-file results kept for a few wrapper sets: branches that differ in a wrapper alternate between them. */
const RESULTS_PER_FILE = 4;

/** Resolved states remembered by content. */
const STATES_REMEMBERED = 128;

/** Layouts whose parsed files are kept: a walk alternates between few, and each holds every relevant file. */
const SOURCE_LAYOUTS_KEPT = 3;
/** Versions of one file kept per layout (branches alternate between a few; history moves on). */
const VERSIONS_PER_PATH = 8;
/** Manifest sets remembered before the table is cleared (each is re-read from git when met again). */
const LAYOUTS_KEPT = 256;
/** Manifest texts kept (a history holds thousands of versions; a walk needs the recent ones). */
const MANIFESTS_KEPT = 512;

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

/**
 * A file of one crate layout, with its resolutions once computed (only for files that need no other
 * file), by the key of what the tree's wrappers mean for it ('' when nothing).
 */
interface CachedSource {
  readonly key: string;
  readonly file: SourceFile;
  readonly dependent: boolean;
  /** May define a wrapper (functions or `macro_rules!` facts). */
  readonly defining: boolean;
  /** Declares a `#[cfg(test)] mod`, which marks metrics of other files as test code. */
  readonly testModules: boolean;
  readonly results: Map<string, FileResolution>;
}

/** Per-entry digests are summed modulo this (two 48-bit halves of a SHA-1 per entry). */
const DIGEST_MODULUS = 2 ** 48;

interface Digest {
  readonly oid: string;
  readonly a: number;
  readonly b: number;
}

/** Two independent 32-bit hashes of a path (FNV-1a and a MurmurHash2-style mix), for state digests. */
function pathHash(path: string): [number, number] {
  let x = 0x811c9dc5;
  let y = 0x9747b28c;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    x = Math.imul(x ^ c, 0x01000193);
    y = Math.imul(y ^ c, 0x5bd1e995);
    y ^= y >>> 15;
  }
  return [x >>> 0, y >>> 0];
}

/** How a state differs from the one resolved last. */
interface StateDiff {
  readonly changed: readonly (readonly [string, string])[];
  readonly removed: readonly string[];
}

/**
 * The last resolved state, kept up to date in place: the next state (usually its child) is resolved
 * from the difference, so a commit costs what it changes, not the size of the tree.
 */
interface View {
  state: TreeState;
  a: number;
  b: number;
  readonly layoutId: number;
  readonly layout: CrateLayout;
  readonly configOid: string | null;
  readonly config: WrapperConfig;
  wrappers: WrapperSet;
  readonly sources: Map<string, CachedSource>;
  readonly missing: Set<string>;
  /** Results with definitions, of files that need no other file; dependent files are resolved each time. */
  readonly results: Map<string, FileResolution>;
  readonly dependent: Set<string>;
  /** `results` in path order, with each path's position; rebuilt when a file starts or stops defining metrics. */
  order: { readonly results: FileResolution[]; readonly at: Map<string, number> } | null;
  /** Paths of files that declare `#[cfg(test)] mod`s. */
  readonly testSources: Set<string>;
  /** Unparsed files of names, re-exports and call sites (path → blob), parsed once the view needs them. */
  readonly deferred: Map<string, string>;
  /** Deferred paths not yet checked against `checkedNames`. */
  readonly unchecked: Set<string>;
  /** The needed names and origins every other deferred file was checked against (null: none yet). */
  checkedNames: ReadonlySet<string> | null;
  /** What the parsed files need of the deferred ones, and its key, valid while `last` is. */
  needed: { readonly needed: NeededNames; readonly names: ReadonlySet<string> } | null;
  /** Where each deferred path sits in the module tree (the layout is the view's for its whole life). */
  readonly modules: Map<string, FileModule>;
  /** The set last returned, valid until a parsed file, the wrappers or the missing blobs change. */
  last: ResolvedSet | null;
}

type Source = CachedSource | 'missing' | 'deferred' | null;

/**
 * Resolves tree states (relevant blobs only) to metric sets. Whole states are memoised, each file
 * that needs no other file is resolved once per blob (and meaning of the wrappers), and a state is
 * resolved from its difference to the last one.
 */
export class MetricSetResolver {
  /** Layout number → path → blob id → source. */
  private readonly sourceFiles = new Map<number, Map<string, Map<string, CachedSource>>>();
  private readonly entryDigests = new Map<string, Digest>();
  private readonly memo = new Map<string, ResolvedSet>();
  private readonly manifestText = new Map<string, string | null>();
  /** Manifest blobs → layout; layouts that mean the same (a version bump elsewhere) share one id. */
  private readonly layouts = new Map<string, { layout: CrateLayout; id: number }>();
  private readonly layoutsByMeaning = new Map<string, { layout: CrateLayout; id: number }>();
  private nextLayoutId = 0;
  private readonly missingManifests = new Set<string>();
  private readonly configs = new Map<string, WrapperConfig>();
  private readonly wrapperSets = new Map<string, WrapperSet>();
  private readonly wrapperSetsByMeaning = new Map<string, WrapperSet>();
  private readonly fileDefinitions = new WeakMap<FileResolution, FileDefinitions>();
  private view: View | null = null;
  resolutions = 0;
  /** Files resolved (not answered from the per-file cache) and wrapper sets inferred: tests assert on reuse. */
  fileResolutions = 0;
  wrapperInferences = 0;

  private readonly blobRelevance: BlobRelevance;

  constructor(
    facts: FactsSource,
    private readonly blobs: BlobReader,
    /** Shared with the walk that checked relevance first, so no blob is read twice. */
    relevance?: BlobRelevance,
  ) {
    this.blobRelevance = relevance ?? new BlobRelevance(facts);
  }

  /** Whether a blob can affect resolution; reads and extracts it through the cache on first sight. */
  relevant(oid: string, path: string): Promise<boolean> {
    return this.blobRelevance.relevant(oid, path);
  }

  async resolve(state: TreeState): Promise<ResolvedSet> {
    const view = this.view;
    const diff = view === null ? null : diffStates(view.state, state);
    let a = view?.a ?? 0;
    let b = view?.b ?? 0;
    if (view === null || diff === null) {
      a = 0;
      b = 0;
      for (const [path, oid] of state) [a, b] = this.addDigest(a, b, path, oid, 1);
    } else {
      for (const path of diff.removed) [a, b] = this.addDigest(a, b, path, view.state.get(path) as string, -1);
      for (const [path, oid] of diff.changed) {
        const before = view.state.get(path);
        if (before !== undefined) [a, b] = this.addDigest(a, b, path, before, -1);
        [a, b] = this.addDigest(a, b, path, oid, 1);
      }
    }
    // Summed per-entry digests: a content key of the state without sorting it, equal for equal states reached by different walks.
    const key = `${state.size}:${a}:${b}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    this.resolutions++;
    let result: ResolvedSet;
    try {
      result = view !== null && diff !== null && (await this.sameStructure(view, state, diff)) ? await this.update(view, state, diff) : await this.rebuild(state);
    } catch (error) {
      // A view updated halfway (a blob read failed) is no base for the next difference.
      this.view = null;
      throw error;
    }
    const current = this.view as View;
    current.a = a;
    current.b = b;
    this.memo.set(key, result);
    // States met again are mostly recent (branches off a nearby commit): a long walk keeps only those.
    if (this.memo.size > STATES_REMEMBERED) this.memo.delete(this.memo.keys().next().value as string);
    return result;
  }

  private addDigest(a: number, b: number, path: string, oid: string, sign: 1 | -1): [number, number] {
    let digest = this.entryDigests.get(path);
    if (digest === undefined || digest.oid !== oid) {
      // A blob id is already a uniform hash of the content: mixing in a hash of the path is enough.
      const [pathA, pathB] = pathHash(path);
      digest = { oid, a: (parseInt(oid.slice(0, 12), 16) + pathA) % DIGEST_MODULUS, b: (parseInt(oid.slice(12, 24), 16) + pathB) % DIGEST_MODULUS };
      this.entryDigests.set(path, digest);
    }
    return [(a + sign * digest.a + DIGEST_MODULUS) % DIGEST_MODULUS, (b + sign * digest.b + DIGEST_MODULUS) % DIGEST_MODULUS];
  }

  /**
   * Whether a state reached by `diff` keeps the view's crate layout (by meaning) and configuration:
   * most manifest edits bump versions or touch other sections, and need no rebuild.
   */
  private async sameStructure(view: View, state: TreeState, diff: StateDiff): Promise<boolean> {
    let manifests = false;
    for (const path of [...diff.removed, ...diff.changed.map(([path]) => path)]) {
      if (path === CONFIG_PATH) return false;
      if (isManifestPath(path)) manifests = true;
    }
    if (!manifests) return true;
    const { manifestEntries } = structureOf(state);
    return (await this.layoutOf(manifestEntries)).id === view.layoutId;
  }

  /** The crate layout of a state's manifests, shared by every set of manifests that means the same. */
  private async layoutOf(manifestEntries: readonly (readonly [string, string])[]): Promise<{ layout: CrateLayout; id: number }> {
    const layoutKey = manifestEntries.map(([p, o]) => `${p}:${o}`).join(',');
    let known = this.layouts.get(layoutKey);
    if (!known) {
      const manifests = new Map<string, string>();
      for (const [path, oid] of manifestEntries) {
        const text = await this.manifest(oid);
        if (text !== null) manifests.set(path, text);
      }
      const layout = crateLayout(manifests);
      const meaning = layoutMeaning(layout);
      known = this.layoutsByMeaning.get(meaning);
      if (known === undefined) {
        known = { layout, id: this.nextLayoutId++ };
        this.layoutsByMeaning.set(meaning, known);
      }
      if (this.layouts.size >= LAYOUTS_KEPT) this.layouts.clear();
      this.layouts.set(layoutKey, known);
    }
    return known;
  }

  /** Resolves a state from scratch (first state, or new manifests or configuration). */
  private async rebuild(state: TreeState): Promise<ResolvedSet> {
    const missing = new Set<string>();
    const { manifestEntries, configOid } = structureOf(state);
    const known = await this.layoutOf(manifestEntries);
    for (const [path, oid] of manifestEntries) if (this.missingManifests.has(oid)) missing.add(path);
    const sources = new Map<string, CachedSource>();
    const testSources = new Set<string>();
    const deferred = new Map<string, string>();
    for (const [path, oid] of state) {
      if (path === CONFIG_PATH || isManifestPath(path)) continue;
      const source = await this.sourceOf(known.id, known.layout, path, oid);
      if (source === 'missing') missing.add(path);
      else if (source === 'deferred') deferred.set(path, oid);
      else if (source !== null) {
        sources.set(path, source);
        if (source.testModules) testSources.add(path);
      }
    }
    const config = configOid === null ? NO_WRAPPER_CONFIG : await this.config(configOid);
    const view: View = {
      state,
      a: 0,
      b: 0,
      layoutId: known.id,
      layout: known.layout,
      configOid,
      config,
      wrappers: this.wrappersOf(known.id, known.layout, sources.values(), configOid, config),
      sources,
      missing,
      results: new Map(),
      dependent: new Set(),
      order: null,
      testSources,
      deferred,
      unchecked: new Set(deferred.keys()),
      checkedNames: null,
      needed: null,
      modules: new Map(),
      last: null,
    };
    this.view = view;
    for (const path of sources.keys()) this.refresh(view, path);
    await this.parseDeferredIfNeeded(view);
    return this.setOf(view);
  }

  /** Resolves a state from the last one: only changed files, unless the wrappers changed meaning. */
  private async update(view: View, state: TreeState, diff: StateDiff): Promise<ResolvedSet> {
    let definingTouched = false;
    let parsedTouched = false;
    const drop = (path: string) => {
      const source = view.sources.get(path);
      if (source !== undefined) {
        definingTouched ||= source.defining;
        parsedTouched = true;
        view.sources.delete(path);
      }
      if (view.missing.delete(path)) parsedTouched = true;
      view.testSources.delete(path);
      view.deferred.delete(path);
      view.unchecked.delete(path);
    };
    for (const path of diff.removed) drop(path);
    for (const [path, oid] of diff.changed) {
      drop(path);
      if (isManifestPath(path)) {
        // The layout means the same (`sameStructure`); only an unreadable manifest makes the set uncertain.
        if (this.missingManifests.has(oid)) {
          view.missing.add(path);
          parsedTouched = true;
        }
        continue;
      }
      const source = await this.sourceOf(view.layoutId, view.layout, path, oid);
      if (source === 'missing') {
        view.missing.add(path);
        parsedTouched = true;
      } else if (source === 'deferred') {
        view.deferred.set(path, oid);
        view.unchecked.add(path);
      } else if (source !== null) {
        view.sources.set(path, source);
        if (source.testModules) view.testSources.add(path);
        definingTouched ||= source.defining;
        parsedTouched = true;
      }
    }
    view.state = state;
    if (parsedTouched) this.invalidate(view);
    const wrappers = definingTouched ? this.wrappersOf(view.layoutId, view.layout, view.sources.values(), view.configOid, view.config) : view.wrappers;
    if (wrappers !== view.wrappers) {
      view.wrappers = wrappers;
      for (const path of [...view.results.keys(), ...view.dependent]) this.forget(view, path);
      for (const path of view.sources.keys()) this.refresh(view, path);
    } else {
      for (const path of diff.removed) this.forget(view, path);
      for (const [path] of diff.changed) {
        if (view.sources.has(path)) this.refresh(view, path);
        else this.forget(view, path);
      }
    }
    await this.parseDeferredIfNeeded(view);
    return this.setOf(view);
  }

  /**
   * Deferred files hold only constants, re-exports, module declarations, call sites and forwarding
   * functions. Those that mention a name the view needs (a wrapper's name, a segment of a constant path
   * on the way, see `neededNames`), or import a glob into a module a lookup enters, are parsed and
   * join the view, until no new name turns up. Each pass checks only the files it has not checked
   * against the same names: a commit that changes a few call sites checks those few.
   */
  private async parseDeferredIfNeeded(view: View): Promise<void> {
    for (;;) {
      if (view.deferred.size === 0 || (view.dependent.size === 0 && view.wrappers.empty)) {
        view.checkedNames = null;
        return;
      }
      const { needed, names } = (view.needed ??= this.neededOf(view));
      const sameNames = view.checkedNames !== null && sameSet(view.checkedNames, names);
      const candidates = sameNames ? [...view.unchecked].map((path) => [path, view.deferred.get(path) as string] as const) : [...view.deferred];
      const mentions = this.blobRelevance.mentions;
      const checked = await Promise.all(candidates.map(([, oid]) => mentions.of(oid, () => this.textOf(oid))));
      const has = (set: ReadonlySet<string>, name: string) => set.has(name) || set.has(`r#${name}`);
      const entries = candidates.filter(([path], i) => {
        const m = checked[i] as Awaited<(typeof checked)[number]>;
        if (m === 'missing' || m.names.some((name) => has(needed.values, name))) return true;
        if (m.declared.length === 0 && !m.glob) return false;
        let module = view.modules.get(path);
        if (module === undefined) view.modules.set(path, (module = fileModule(path, view.layout.crates)));
        if (m.declared.some((name) => needsModule(needed, module.crate, name) || needsModule(needed, module.crate, `r#${name}`))) return true;
        return m.glob && globReachable(module, needed);
      });
      view.checkedNames = names;
      view.unchecked.clear();
      if (entries.length === 0) return;
      for (const [path] of entries) view.deferred.delete(path);
      await this.join(view, entries);
    }
  }

  /** What the view needs, the key it is checked by, and the names asked of deferred blobs from now on. */
  private neededOf(view: View): { readonly needed: NeededNames; readonly names: ReadonlySet<string> } {
    const wrapperNames = view.wrappers.namesNeeded();
    const moduleOf = (path: string) => view.sources.get(path)?.file.module ?? null;
    const needed = neededNames({
      crates: view.layout.crates,
      dependent: [...view.dependent].map((path) => (view.sources.get(path) as CachedSource).file),
      parsed: [...view.sources.values()].map((s) => s.file),
      wrappers: {
        callees: wrapperNames.callees,
        constantPaths: wrapperNames.constantPaths.map((c) => ({ path: c.path, module: c.from === null ? null : moduleOf(c.from), facts: c.from === null ? null : (view.sources.get(c.from)?.file.facts ?? null) })),
        modules: wrapperNames.paths.flatMap((path) => moduleOf(path) ?? []),
      },
    });
    this.blobRelevance.mentions.ask(needed.values);
    this.blobRelevance.mentions.ask(needed.moduleNames);
    const names = new Set([...needed.values, ...needed.modules, ...[...needed.crateNames].map((n) => `crate:${n}`), ...needed.origins.map(originKey)]);
    return { needed, names };
  }

  /** The parsed files, the wrappers or the missing blobs changed: the set and what it needs are computed again. */
  private invalidate(view: View): void {
    view.last = null;
    view.needed = null;
  }

  /** Parses deferred files and adds them to the view, inferring the wrappers again if one defines any. */
  private async join(view: View, entries: readonly (readonly [string, string])[]): Promise<void> {
    const sources = await Promise.all(entries.map(([path, oid]) => this.sourceOf(view.layoutId, view.layout, path, oid, true)));
    let definingTouched = false;
    const joined: string[] = [];
    entries.forEach(([path], i) => {
      const source = sources[i] as Source;
      if (source === 'missing') view.missing.add(path);
      else if (source !== null && source !== 'deferred') {
        view.sources.set(path, source);
        if (source.testModules) view.testSources.add(path);
        definingTouched ||= source.defining;
        joined.push(path);
      }
    });
    this.invalidate(view);
    // The prefilter keeps files that may define a wrapper on their own out of the deferred ones; a
    // forwarding function still counts as defining, so the wrappers are inferred again as for any
    // other change of a defining file.
    const wrappers = definingTouched ? this.wrappersOf(view.layoutId, view.layout, view.sources.values(), view.configOid, view.config) : view.wrappers;
    if (wrappers !== view.wrappers) {
      view.wrappers = wrappers;
      for (const path of [...view.results.keys(), ...view.dependent]) this.forget(view, path);
      for (const path of view.sources.keys()) this.refresh(view, path);
    } else for (const path of joined) this.refresh(view, path);
  }

  private async textOf(oid: string): Promise<string | null> {
    const blob = await this.blobs.read(oid);
    return blob.kind === 'found' ? blob.bytes.toString('latin1') : null;
  }

  private forget(view: View, path: string): void {
    if (view.results.delete(path)) view.order = null;
    view.dependent.delete(path);
  }

  /** Records one file's result under the view's wrappers (or marks it as needing every file). */
  private refresh(view: View, path: string): void {
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
    else (view.order as NonNullable<View['order']>).results[at] = result;
    view.results.set(path, result);
  }

  private setOf(view: View): ResolvedSet {
    if (view.last !== null) return view.last;
    view.last = this.computeSet(view);
    return view.last;
  }

  private computeSet(view: View): ResolvedSet {
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

  /** A file's source; a deferred file stays 'deferred' unless `parse` asks for its facts. */
  private async sourceOf(layoutId: number, layout: CrateLayout, path: string, oid: string, parse = false): Promise<Source> {
    let byPath = this.sourceFiles.get(layoutId);
    if (byPath) {
      // Most recently used last: the oldest layout's files are dropped first.
      this.sourceFiles.delete(layoutId);
      this.sourceFiles.set(layoutId, byPath);
    } else {
      this.sourceFiles.set(layoutId, (byPath = new Map()));
      if (this.sourceFiles.size > SOURCE_LAYOUTS_KEPT) this.dropLayout(this.sourceFiles.keys().next().value as number);
    }
    let byOid = byPath.get(path);
    if (!byOid) byPath.set(path, (byOid = new Map()));
    let source = byOid.get(oid);
    if (!source) {
      let result = await this.blobRelevance.factsOf(oid, path);
      if (result.kind === 'deferred') {
        if (!parse) return 'deferred';
        result = await this.blobRelevance.parse(oid, path);
        // Parsed, it may turn out to hold nothing that matters, as plain code files never join a state.
        if (result.kind === 'facts' && !isRelevant(result.facts)) return null;
      }
      if (result.kind === 'missing') return 'missing';
      if (result.kind !== 'facts') return null;
      const file: SourceFile = { path, oid, facts: result.facts, module: fileModule(path, layout.crates) };
      source = {
        key: `${layoutId}|${path}|${oid}`,
        file,
        dependent: dependsOnOtherFiles(file),
        defining: hasWrapperFacts(file.facts),
        testModules: file.facts.modules.some((m) => m.test),
        results: new Map(),
      };
      byOid.set(oid, source);
      if (byOid.size > VERSIONS_PER_PATH) byOid.delete(byOid.keys().next().value as string);
    }
    return source;
  }

  /** Forgets a layout's files and wrapper sets: a history walk meets hundreds of layouts, one after another. */
  private dropLayout(layoutId: number): void {
    this.sourceFiles.delete(layoutId);
    // Files keep their layout's crate objects: a layout met again later starts afresh, with a new number.
    for (const [key, known] of this.layoutsByMeaning) if (known.id === layoutId) this.layoutsByMeaning.delete(key);
    for (const [key, known] of this.layouts) if (known.id === layoutId) this.layouts.delete(key);
    const prefix = `${layoutId}|`;
    for (const key of this.wrapperSets.keys()) if (key.startsWith(prefix)) this.wrapperSets.delete(key);
    for (const key of this.wrapperSetsByMeaning.keys()) if (key.startsWith(prefix)) this.wrapperSetsByMeaning.delete(key);
  }

  /**
   * The wrappers of a state, memoised by the blobs that can define one (and the config); a set that
   * means the same as an earlier one is that one, so per-file results keyed by it stay valid.
   */
  private wrappersOf(layoutId: number, layout: CrateLayout, sources: Iterable<CachedSource>, configOid: string | null, config: WrapperConfig): WrapperSet {
    const defining = [...sources].filter((s) => s.defining).sort((x, y) => (x.key < y.key ? -1 : 1));
    const key = `${layoutId}|${configOid ?? ''}|${defining.map((s) => s.key).join('|')}`;
    let wrappers = this.wrapperSets.get(key);
    if (!wrappers) {
      this.wrapperInferences++;
      const inferred = wrapperSetOf(
        defining.map((s) => s.file),
        layout.crates,
        config,
      );
      // Edits that leave every wrapper (and every candidate) meaning the same keep the earlier set.
      const meaning = `${layoutId}|${inferred.key}`;
      wrappers = this.wrapperSetsByMeaning.get(meaning) ?? inferred;
      this.wrapperSetsByMeaning.set(meaning, wrappers);
      this.wrapperSets.set(key, wrappers);
    }
    return wrappers;
  }

  /** A commit's `provenance.json`; one that does not parse configures nothing here (`list` at that commit reports it). */
  private async config(oid: string): Promise<WrapperConfig> {
    let config = this.configs.get(oid);
    if (!config) {
      const blob = await this.blobs.read(oid);
      try {
        config = blob.kind === 'found' ? parseWrapperConfig(blob.bytes.toString('utf8'), CONFIG_PATH) : NO_WRAPPER_CONFIG;
      } catch {
        config = NO_WRAPPER_CONFIG;
      }
      this.configs.set(oid, config);
    }
    return config;
  }

  private async manifest(oid: string): Promise<string | null> {
    if (this.manifestText.has(oid)) return this.manifestText.get(oid) ?? null;
    const blob = await this.blobs.read(oid);
    const text = blob.kind === 'found' ? blob.bytes.toString('utf8') : null;
    if (text === null) this.missingManifests.add(oid);
    if (this.manifestText.size >= MANIFESTS_KEPT) this.manifestText.clear();
    this.manifestText.set(oid, text);
    return text;
  }
}

/**
 * Entries of `next` that `previous` lacks or holds another blob for, and paths only `previous` has.
 * A child state is a copy of its parent's map with a few entries set or deleted, so both iterate in
 * the same order: walking them side by side finds the differences without hashing every path.
 */
function structureOf(state: TreeState): { manifestEntries: [string, string][]; configOid: string | null } {
  const manifestEntries: [string, string][] = [];
  let configOid: string | null = null;
  for (const [path, oid] of state) {
    if (path === CONFIG_PATH) configOid = oid;
    else if (isManifestPath(path)) manifestEntries.push([path, oid]);
  }
  manifestEntries.sort((x, y) => (x[0] < y[0] ? -1 : 1));
  return { manifestEntries, configOid };
}

function originKey(module: FileModule): string {
  return `origin:${module.crate?.dir ?? ''}\0${module.target}\0${module.modulePath.join('::')}`;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function diffStates(previous: TreeState, next: TreeState): StateDiff {
  const layered = next instanceof LayeredState ? next.changesSince(previous) : null;
  if (layered !== null) return layered;
  const changed: (readonly [string, string])[] = [];
  let shared = 0;
  const behind = previous.entries();
  let at = behind.next();
  next.forEach((oid, path) => {
    while (!at.done && at.value[0] !== path && !next.has(at.value[0])) at = behind.next();
    let before: string | undefined;
    if (!at.done && at.value[0] === path) {
      before = at.value[1];
      at = behind.next();
    } else before = previous.get(path);
    if (before !== undefined) shared++;
    if (before !== oid) changed.push([path, oid]);
  });
  const removed: string[] = [];
  if (shared < previous.size) for (const path of previous.keys()) if (!next.has(path)) removed.push(path);
  return { changed, removed };
}
