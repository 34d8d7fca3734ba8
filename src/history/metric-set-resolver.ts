import type { BlobReader } from '../git/cat-file.js';
import type { FileModule } from '../model/crate-layout.js';
import type { SourceFile } from '../model/module-index.js';
import { CONFIG_PATH, type WrapperConfig } from '../model/wrapper-config.js';
import type { WrapperSet } from '../model/wrapper-set.js';
import { BlobRelevance } from './blob-relevance.js';
import { CrateLayouts, manifestEntriesAfter, structureOf } from './crate-layouts.js';
import type { FactsSource } from './facts-source.js';
import { namesDigest, type DeferredCheck } from './deferred-check.js';
import { deferredToParse, enclosingKey, moduleOfPath, needsOfTree, parentKey, sameNames, type TreeNeeds } from './deferred-selection.js';
import { SourceFiles, type CachedSource, type Source } from './source-files.js';
import { diffStates, EMPTY_SUM, stateKey, StateDigests, type StateDiff, type StateSum } from './state-digest.js';
import { StateWrappers } from './state-wrappers.js';
import { SetAssembler, type ResolvedParts, type ResolvedSet } from './set-assembler.js';
import { isManifestPath, type TreeState } from './tree-state.js';

/** Resolved states remembered by content. */
const STATES_REMEMBERED = 128;

/**
 * The last resolved state, kept up to date in place: the next state (usually its child) is resolved
 * from the difference, so a commit costs what it changes, not the size of the tree.
 */
interface WorkingTree extends ResolvedParts {
  state: TreeState;
  sum: StateSum;
  readonly layoutId: number;
  /** The state's manifests (path → blob, by path), kept up to date: finding them in a state reads every entry. */
  manifestEntries: readonly (readonly [string, string])[];
  readonly configOid: string | null;
  readonly config: WrapperConfig;
  wrappers: WrapperSet;
  readonly sources: Map<string, CachedSource>;
  readonly missing: Set<string>;
  readonly testSources: Set<string>;
  /** Unparsed files of names, re-exports and call sites (path → blob), parsed once the view needs them. */
  readonly deferred: Map<string, string>;
  /** Deferred paths not yet checked against `checkedNames`. */
  readonly unchecked: Set<string>;
  /** Deferred paths parsed because the view needed them, now among `sources`. */
  readonly joined: Set<string>;
  /** The needed names and origins every other deferred file was checked against (null: none yet). */
  checkedNames: ReadonlySet<string> | null;
  /** The modules holding parsed files (`TreeNeeds.enclosing`) every other deferred file was checked against for test-module declarations. */
  checkedEnclosing: ReadonlySet<string> | null;
  /** What the parsed files need of the deferred ones, and its key, valid while `last` is. */
  needed: TreeNeeds | null;
  /** Where each deferred path sits in the module tree (the layout is the view's for its whole life). */
  readonly modules: Map<string, FileModule>;
  /** The set last returned, valid until a parsed file, the wrappers or the missing blobs change. */
  last: ResolvedSet | null;
}

/**
 * Resolves tree states (relevant blobs only) to metric sets. Whole states are memoised, each file
 * that needs no other file is resolved once per blob (and meaning of the wrappers), and a state is
 * resolved from its difference to the last one.
 */
export class MetricSetResolver {
  private readonly digests = new StateDigests();
  private readonly memo = new Map<string, ResolvedSet>();
  private readonly layouts: CrateLayouts;
  private readonly wrappers: StateWrappers;
  private readonly sources: SourceFiles;
  private readonly assembler = new SetAssembler();
  private view: WorkingTree | null = null;
  resolutions = 0;
  /** Deferred blobs checked against the needed names (read again when not checked in this process yet). */
  deferredChecked = 0;

  private readonly blobRelevance: BlobRelevance;

  constructor(
    facts: FactsSource,
    private readonly blobs: BlobReader,
    /** Shared with the walk that checked relevance first, so no blob is read twice. */
    relevance?: BlobRelevance,
  ) {
    this.blobRelevance = relevance ?? new BlobRelevance(facts);
    this.layouts = new CrateLayouts(blobs);
    this.wrappers = new StateWrappers(blobs);
    // A history walk meets hundreds of layouts, one after another: what was kept per layout goes with its files.
    this.sources = new SourceFiles(this.blobRelevance, (layoutId) => {
      this.layouts.forget(layoutId);
      this.wrappers.forget(layoutId);
    });
  }

  get fileResolutions(): number {
    return this.assembler.fileResolutions;
  }

  /** Wrapper sets inferred (not answered from memory): tests assert on reuse. */
  get wrapperInferences(): number {
    return this.wrappers.inferences;
  }

  /** Whether a blob can affect resolution; reads and extracts it through the cache on first sight. */
  relevant(oid: string, path: string): Promise<boolean> {
    return this.blobRelevance.relevant(oid, path);
  }

  /**
   * The parsed files of the state resolved last, by path: those that may register a metric or define
   * a wrapper, and the deferred ones it needed. Read it right after `resolve` (a remembered state
   * does not move the working tree).
   */
  parsedFiles(): ReadonlyMap<string, SourceFile> {
    return new Map([...(this.view?.sources ?? [])].map(([path, source]) => [path, source.file]));
  }

  async resolve(state: TreeState): Promise<ResolvedSet> {
    const view = this.view;
    const diff = view === null ? null : diffStates(view.state, state);
    let sum = view?.sum ?? EMPTY_SUM;
    if (view === null || diff === null) sum = this.digests.of(state);
    else {
      for (const path of diff.removed) sum = this.digests.add(sum, path, view.state.get(path) as string, -1);
      for (const [path, oid] of diff.changed) {
        const before = view.state.get(path);
        if (before !== undefined) sum = this.digests.add(sum, path, before, -1);
        sum = this.digests.add(sum, path, oid, 1);
      }
    }
    const key = stateKey(state, sum);
    const cached = this.memo.get(key);
    if (cached) return cached;
    this.resolutions++;
    let result: ResolvedSet;
    try {
      result = view !== null && diff !== null && (await this.sameStructure(view, diff)) ? await this.update(view, state, diff) : await this.rebuild(state);
    } catch (error) {
      // A view updated halfway (a blob read failed) is no base for the next difference.
      this.view = null;
      throw error;
    }
    (this.view as WorkingTree).sum = sum;
    this.memo.set(key, result);
    // States met again are mostly recent (branches off a nearby commit): a long walk keeps only those.
    if (this.memo.size > STATES_REMEMBERED) this.memo.delete(this.memo.keys().next().value as string);
    return result;
  }

  /**
   * Whether a state reached by `diff` keeps the view's crate layout (by meaning) and configuration:
   * most manifest edits bump versions or touch other sections, and need no rebuild.
   */
  private async sameStructure(view: WorkingTree, diff: StateDiff): Promise<boolean> {
    let manifests = false;
    for (const path of [...diff.removed, ...diff.changed.map(([path]) => path)]) {
      if (path === CONFIG_PATH) return false;
      if (isManifestPath(path)) manifests = true;
    }
    if (!manifests) return true;
    const manifestEntries = manifestEntriesAfter(view.manifestEntries, diff);
    if ((await this.layouts.of(manifestEntries)).id !== view.layoutId) return false;
    // `update` follows and moves the view to this state.
    view.manifestEntries = manifestEntries;
    return true;
  }

  /** Resolves a state from scratch (first state, or new manifests or configuration). */
  private async rebuild(state: TreeState): Promise<ResolvedSet> {
    const view = await this.freshView(state);
    await this.parseDeferredIfNeeded(view);
    return this.setOf(view);
  }

  /**
   * Starts the working tree at a state whose deferred files an earlier run settled (a stored ref
   * tip): the deferred paths that joined it are parsed (their facts are cached), and none of the
   * others is read as long as the tree needs the names they were checked against. The state that is
   * resolved next, usually the tip's child, then costs what the child changed. Does nothing once
   * this resolver has a working tree.
   */
  async prime(state: TreeState, check: DeferredCheck): Promise<void> {
    if (this.view !== null) return;
    try {
      const view = await this.freshView(state);
      const entries: (readonly [string, string])[] = [];
      for (const path of check.joined) {
        const oid = view.deferred.get(path);
        // Not deferred in this state: the record is not this state's, so nothing of it is trusted.
        if (oid === undefined) {
          this.view = null;
          return;
        }
        entries.push([path, oid]);
      }
      for (const [path] of entries) {
        view.deferred.delete(path);
        view.unchecked.delete(path);
      }
      if (entries.length > 0) await this.join(view, entries);
      const needs = (view.needed ??= needsOfTree(view, this.blobRelevance.mentions));
      if (namesDigest(needs.names) === check.names) {
        // The same state with the same files joined: the modules holding parsed files are the same as when it was checked.
        view.checkedNames = needs.names;
        view.checkedEnclosing = needs.enclosing;
        view.unchecked.clear();
      }
      view.sum = this.digests.of(state);
    } catch (error) {
      this.view = null;
      throw error;
    }
  }

  /**
   * How the deferred files of `state` were settled, when it is the state resolved last and every
   * deferred file was checked against what it needs; else null.
   */
  checkOf(state: TreeState): DeferredCheck | null {
    const view = this.view;
    // A blob missing here must be reported again by the run that meets the state next: it is not settled.
    if (view === null || view.state !== state || view.checkedNames === null || view.unchecked.size > 0 || view.missing.size > 0) return null;
    return { names: namesDigest(view.checkedNames), joined: [...view.joined].sort() };
  }

  /** A working tree for `state` with its parsed files resolved; deferred files are not checked yet. */
  private async freshView(state: TreeState): Promise<WorkingTree> {
    const missing = new Set<string>();
    const { manifestEntries, configOid } = structureOf(state);
    const known = await this.layouts.of(manifestEntries);
    for (const [path, oid] of manifestEntries) if (this.layouts.isMissing(oid)) missing.add(path);
    const sources = new Map<string, CachedSource>();
    const testSources = new Set<string>();
    const deferred = new Map<string, string>();
    for (const [path, oid] of state) {
      if (path === CONFIG_PATH || isManifestPath(path)) continue;
      const source = await this.sources.of(known.id, known.layout, path, oid);
      if (source === 'missing') missing.add(path);
      else if (source === 'deferred') deferred.set(path, oid);
      else if (source !== null) {
        sources.set(path, source);
        if (source.testModules) testSources.add(path);
      }
    }
    const config = await this.wrappers.config(configOid);
    const view: WorkingTree = {
      state,
      sum: EMPTY_SUM,
      layoutId: known.id,
      manifestEntries,
      layout: known.layout,
      configOid,
      config,
      wrappers: this.wrappers.of(known.id, known.layout, sources.values(), configOid, config),
      sources,
      missing,
      results: new Map(),
      dependent: new Set(),
      order: null,
      testSources,
      deferred,
      unchecked: new Set(deferred.keys()),
      joined: new Set(),
      checkedNames: null,
      checkedEnclosing: null,
      needed: null,
      modules: new Map(),
      last: null,
    };
    this.view = view;
    for (const path of sources.keys()) this.assembler.refresh(view, path);
    return view;
  }

  /** Resolves a state from the last one: only changed files, unless the wrappers changed meaning. */
  private async update(view: WorkingTree, state: TreeState, diff: StateDiff): Promise<ResolvedSet> {
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
      view.joined.delete(path);
    };
    for (const path of diff.removed) drop(path);
    for (const [path, oid] of diff.changed) {
      drop(path);
      if (isManifestPath(path)) {
        // The layout means the same (`sameStructure`); only an unreadable manifest makes the set uncertain.
        if (this.layouts.isMissing(oid)) {
          view.missing.add(path);
          parsedTouched = true;
        }
        continue;
      }
      const source = await this.sources.of(view.layoutId, view.layout, path, oid);
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
    this.refreshAfter(view, definingTouched, [...diff.removed, ...diff.changed.map(([path]) => path)]);
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
  private async parseDeferredIfNeeded(view: WorkingTree): Promise<void> {
    for (;;) {
      // Without dependent files or wrappers no name is needed, but a parsed file may still sit in the
      // module of a deferred file that declares a module below it as test code.
      const byNames = view.dependent.size > 0 || !view.wrappers.empty;
      if (view.deferred.size === 0 || (!byNames && view.sources.size === 0)) {
        view.checkedNames = null;
        view.checkedEnclosing = null;
        return;
      }
      const needs = (view.needed ??= needsOfTree(view, this.blobRelevance.mentions));
      const read = (oid: string) => this.textOf(oid);
      const checkNames = byNames && !(view.checkedNames !== null && sameNames(view.checkedNames, needs.names));
      const byName = byNames ? (checkNames ? [...view.deferred] : this.uncheckedOf(view)) : [];
      // Test-module declarations: the files not checked yet, and those in a module that holds a parsed file only now.
      const earlier = view.checkedEnclosing;
      const named = new Set(byName.map(([path]) => path));
      const byModule = (earlier === null ? [...view.deferred] : this.uncheckedOf(view).concat(this.deferredIn(view, needs.enclosing, earlier))).filter(([path]) => !named.has(path));
      this.deferredChecked += byName.length + byModule.length;
      const entries = [
        ...(await deferredToParse(byName, needs, view.layout, view.modules, this.blobRelevance.mentions, read)),
        ...(await deferredToParse(byModule, needs, view.layout, view.modules, this.blobRelevance.mentions, read, false)),
      ];
      view.checkedNames = needs.names;
      view.checkedEnclosing = needs.enclosing;
      view.unchecked.clear();
      if (entries.length === 0) return;
      for (const [path] of entries) view.deferred.delete(path);
      await this.join(view, entries);
    }
  }

  private uncheckedOf(view: WorkingTree): (readonly [string, string])[] {
    return [...view.unchecked].map((path) => [path, view.deferred.get(path) as string] as const);
  }

  /**
   * Deferred files (not unchecked ones) in a module of `enclosing` that `earlier` lacks, or in the
   * module above one: a file declares its test modules one level below its own.
   */
  private deferredIn(view: WorkingTree, enclosing: ReadonlySet<string>, earlier: ReadonlySet<string>): (readonly [string, string])[] {
    const added = [...enclosing].filter((key) => !earlier.has(key));
    if (added.length === 0) return [];
    const keys = new Set(added);
    for (const key of added) {
      const parent = parentKey(key);
      if (parent !== null) keys.add(parent);
    }
    const out: (readonly [string, string])[] = [];
    for (const [path, oid] of view.deferred) {
      if (view.unchecked.has(path)) continue;
      if (keys.has(enclosingKey(moduleOfPath(view.modules, path, view.layout)))) out.push([path, oid]);
    }
    return out;
  }

  /** The parsed files, the wrappers or the missing blobs changed: the set and what it needs are computed again. */
  private invalidate(view: WorkingTree): void {
    view.last = null;
    view.needed = null;
  }

  /** Parses deferred files and adds them to the view, inferring the wrappers again if one defines any. */
  private async join(view: WorkingTree, entries: readonly (readonly [string, string])[]): Promise<void> {
    const sources = await Promise.all(entries.map(([path, oid]) => this.sources.of(view.layoutId, view.layout, path, oid, true)));
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
        view.joined.add(path);
      }
    });
    this.invalidate(view);
    // The prefilter keeps files that may define a wrapper on their own out of the deferred ones; a
    // forwarding function still counts as defining, so the wrappers are inferred again as for any
    // other change of a defining file.
    this.refreshAfter(view, definingTouched, joined);
  }

  /**
   * Brings the results up to date after files changed: every file when a changed file changed what
   * the wrappers mean, else the changed paths only.
   */
  private refreshAfter(view: WorkingTree, definingTouched: boolean, changed: readonly string[]): void {
    const wrappers = definingTouched ? this.wrappers.of(view.layoutId, view.layout, view.sources.values(), view.configOid, view.config) : view.wrappers;
    if (wrappers !== view.wrappers) {
      view.wrappers = wrappers;
      for (const path of [...view.results.keys(), ...view.dependent]) this.assembler.forget(view, path);
      for (const path of view.sources.keys()) this.assembler.refresh(view, path);
      return;
    }
    for (const path of changed) {
      if (view.sources.has(path)) this.assembler.refresh(view, path);
      else this.assembler.forget(view, path);
    }
  }

  private async textOf(oid: string): Promise<string | null> {
    const blob = await this.blobs.read(oid);
    return blob.kind === 'found' ? blob.bytes.toString('latin1') : null;
  }

  private setOf(view: WorkingTree): ResolvedSet {
    if (view.last !== null) return view.last;
    view.last = this.assembler.setOf(view);
    return view.last;
  }
}
