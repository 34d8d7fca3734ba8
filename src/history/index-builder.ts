import type { CommitSummary, LoggedCommit } from '../git/log-stream.js';
import type { BlobReader } from '../git/cat-file.js';
import { shallowCommits, type Repository } from '../git/repo.js';
import type { MetricDefinition } from '../model/metric.js';
import { definitionChanges, isMove } from './definition-key.js';
import { BOUNDARY, commitNumber, hasCommit, SELF_CONTAINED, UNCERTAIN, type IndexData, type StoredEvent } from './index-model.js';
import { BlobRelevance } from './blob-relevance.js';
import type { DeferredCheck } from './deferred-check.js';
import type { MetricSetResolver } from './metric-set-resolver.js';
import type { IndexDeps, IndexProgress, IndexStats } from './index-run.js';
import { SetInterner } from './set-interner.js';
import { sortedIncludes } from '../util/sorted-includes.js';
import type { IndexFile } from './index-store.js';
import { StoredTipStates } from './tip-states.js';
import { OutOfMemoryError } from '../errors.js';
import { applyChanges, isTrackedPath, TreeStateCache, type TreeState } from './tree-state.js';

/** Commits whose blobs are requested ahead of resolution: keeps `git cat-file` busy while we resolve. */
const PREFETCH_WINDOW = 512;
/** A walk this long boots the parsing workers before the first blob needs one, not after 24 inline parses. */
const MANY_COMMITS = 100;

/** A long walk saves what it has done this often, so that a run killed or stopped resumes from there. */
const CHECKPOINT_EVERY_MS = 60_000;
/** Commits between two looks at the heap and the clock. */
const CHECK_EVERY = 32;

/**
 * Saves the index of a walk in progress: the commits added so far (parents first, so every added
 * commit's ancestors are in) with the newest of them as extra tips, which the next run excludes from
 * its walk as it excludes the tips of a finished one. Stops the walk when the heap runs out.
 */
class Checkpoints {
  /** Added commits none of whose children are added yet. */
  private readonly frontier = new Set<string>();
  private count = 0;
  private last = Date.now();

  constructor(
    private readonly data: IndexData,
    private readonly deps: IndexDeps,
    private readonly file: IndexFile,
  ) {}

  added(commit: LoggedCommit): void {
    for (const parent of commit.parents) this.frontier.delete(parent);
    this.frontier.add(commit.oid);
    if (++this.count % CHECK_EVERY !== 0) return;
    this.deps.heap?.keepCompact();
    if (this.deps.heap?.exhausted()) {
      this.save();
      throw new OutOfMemoryError('indexing history', `${this.count} new commits (${this.data.commits.length} indexed in all)`);
    }
    if (Date.now() - this.last >= CHECKPOINT_EVERY_MS) this.save();
  }

  private save(): void {
    const tips = { ...this.data.tips };
    [...this.frontier].forEach((commit, i) => {
      tips[`checkpoint/${i}`] = commit;
    });
    this.file.save({ ...this.data, tips });
    this.last = Date.now();
  }
}

/** Walks `revisions` (new tips, `^known` tips) parents first and adds every commit not yet in `data`. */
export async function addCommits(
  repo: Repository,
  data: IndexData,
  deps: IndexDeps,
  file: IndexFile,
  walk: { readonly commits: AsyncIterable<LoggedCommit>; readonly tips: ReadonlySet<string> },
  onProgress?: (progress: IndexProgress) => void,
): Promise<IndexStats & { readonly warnings: readonly string[] }> {
  const stored = StoredTipStates.open(deps.cacheDir, deps.fingerprint);
  const builder = new IndexBuilder(repo, data, deps, shallowCommits(repo), stored, walk.tips);
  const window: LoggedCommit[] = [];
  const checkpoints = new Checkpoints(data, deps, file);
  const drain = async (limit: number) => {
    while (window.length > limit) {
      const commit = window.shift() as LoggedCommit;
      await builder.add(commit);
      checkpoints.added(commit);
      if (onProgress) onProgress(builder.progress());
    }
  };
  let walked = 0;
  for await (const commit of walk.commits) {
    if (hasCommit(data, commit.oid)) continue;
    if (++walked === MANY_COMMITS) deps.facts.expectManyExtractions();
    builder.prefetch(commit);
    window.push(commit);
    await drain(PREFETCH_WINDOW);
  }
  await drain(0);
  stored.finishSaving(walk.tips);
  return {
    newCommits: builder.added,
    resolutions: builder.resolutions,
    treeStateMisses: builder.states.misses,
    deferredChecked: builder.deferredChecked,
    warnings: stored.warnings,
  };
}

/** Metric name → definition numbers in one set. */
type MetricMap = Map<string, number[]>;

/** Adds commits (parents first) to the index: their metric sets and the events against their parents. */
class IndexBuilder {
  readonly states: TreeStateCache;
  /** The same, by state: a commit that changes no tracked file has its parent's state object, and so its record. */
  private readonly checks = new WeakMap<TreeState, DeferredCheck>();
  added = 0;
  private readonly relevance: BlobRelevance;
  private readonly blobs: BlobReader;
  private readonly interner: SetInterner;
  /** Loaded on the first commit that changes a relevant blob: walks over plain code never need it. */
  private resolver: Promise<MetricSetResolver> | null = null;
  private loadedResolver: MetricSetResolver | null = null;
  /** The summary of the commit being added: stored for each commit that gets an event. */
  private summary: CommitSummary | null = null;
  private readonly emptyState: TreeState = new Map();

  constructor(
    repo: Repository,
    private readonly data: IndexData,
    deps: IndexDeps,
    private readonly boundaries: ReadonlySet<string>,
    private readonly stored: StoredTipStates,
    private readonly tips: ReadonlySet<string>,
  ) {
    this.relevance = new BlobRelevance(deps.facts);
    this.blobs = deps.blobs;
    this.states = new TreeStateCache(
      repo,
      (oid, path) => this.relevance.relevant(oid, path),
      (commit) => {
        const state = stored.get(commit, (oid) => this.relevance.knownDeferred(oid));
        const check = stored.checkOf(commit);
        if (state !== undefined && check !== undefined) this.checks.set(state, check);
        return state;
      },
    );
    this.interner = new SetInterner(data);
  }

  progress(): IndexProgress {
    const c = this.relevance.facts.counters;
    return { commits: this.added, blobsRead: c.extracted + c.prefiltered + c.deferred + c.cacheHits, parsed: c.extracted };
  }

  get resolutions(): number {
    return this.loadedResolver?.resolutions ?? 0;
  }

  get deferredChecked(): number {
    return this.loadedResolver?.deferredChecked ?? 0;
  }

  private metricSets(): Promise<MetricSetResolver> {
    this.resolver ??= import('./metric-set-resolver.js').then(({ MetricSetResolver }) => {
      this.loadedResolver = new MetricSetResolver(this.relevance.facts, this.blobs, this.relevance);
      return this.loadedResolver;
    });
    return this.resolver;
  }

  /** Starts reading the commit's new blobs now; `add` awaits the same memoised results later. */
  prefetch(commit: LoggedCommit): void {
    for (const change of commit.changes) {
      if (change.newOid !== null && isTrackedPath(change.path)) {
        this.relevance.relevant(change.newOid, change.path).catch(() => undefined);
      }
    }
  }

  async add(commit: LoggedCommit): Promise<void> {
    const firstParent = commit.parents[0];
    const parentState = firstParent ? await this.states.get(firstParent) : this.emptyState;
    const state = await applyChanges(parentState, commit.changes, (oid, path) => this.relevance.relevant(oid, path));
    this.states.put(commit.oid, state);

    const parentNumbers = commit.parents.map((p) => commitNumber(this.data, p) ?? -1);
    const firstNumber = parentNumbers[0] ?? -1;
    let setId: number;
    let flags: number;
    if (firstNumber >= 0 && (state === parentState || (await this.onlyDeferredFilesChanged(firstNumber, parentState, state, commit)))) {
      setId = this.data.setOf[firstNumber] as number;
      flags = (this.data.flags[firstNumber] as number) & (UNCERTAIN | SELF_CONTAINED);
    } else {
      const resolver = await this.metricSets();
      // The first resolution of a run, on top of a stored tip: start from how the tip's deferred files were settled.
      const check = this.checks.get(parentState);
      if (check !== undefined) await resolver.prime(parentState, check);
      const resolved = await resolver.resolve(state);
      setId = this.interner.internSet(resolved.parts);
      flags = (resolved.missing.length > 0 ? UNCERTAIN : 0) | (resolved.selfContained ? SELF_CONTAINED : 0);
    }
    if (this.tips.has(commit.oid)) {
      // A ref tip's state is kept for the next run, with how its deferred files were settled where the walk resolved it.
      const check = this.loadedResolver?.checkOf(state) ?? this.checks.get(state);
      if (check) this.checks.set(state, check);
      this.stored.saveTip(commit.oid, state, (oid) => this.relevance.deferredNow(oid), check);
    }
    const boundary = this.boundaries.has(commit.oid);
    this.data.commits.push(commit.oid);
    this.data.parents.push(parentNumbers);
    this.data.setOf.push(setId);
    this.data.flags.push((boundary ? BOUNDARY : 0) | flags);
    const known = parentNumbers.filter((p) => p >= 0);
    this.summary = commit.summary;
    this.recordEvents(
      commit.oid,
      setId,
      known.map((p) => this.data.commits[p] as string),
      known.map((p) => this.data.setOf[p] as number),
      boundary,
    );
    this.added++;
  }

  /**
   * Whether the commit's state differs from its first parent's only in deferred files that declare no
   * test module in another file, while the parent's set needs none of them: then it has the parent's
   * set, and the resolver is not asked (a real repository's commits mostly touch such files).
   */
  private async onlyDeferredFilesChanged(parent: number, parentState: TreeState, state: TreeState, commit: LoggedCommit): Promise<boolean> {
    if (((this.data.flags[parent] as number) & SELF_CONTAINED) === 0) return false;
    const plainDeferred = async (oid: string, path: string) => (await this.relevance.isDeferred(oid, path)) && !(await this.relevance.declaresTestModules(oid));
    for (const change of commit.changes) {
      const before = parentState.get(change.path);
      const after = state.get(change.path);
      if (before === after) continue;
      if (before !== undefined && !(await plainDeferred(before, change.path))) return false;
      if (after !== undefined && !(await plainDeferred(after, change.path))) return false;
    }
    return true;
  }

  private recordEvents(commit: string, setId: number, parents: readonly string[], parentSets: readonly number[], boundary: boolean): void {
    if (parentSets.length > 0 && parentSets.every((s) => s === setId)) return;
    const names = this.changedNames(setId, parentSets);
    if (names.size === 0) return;
    const current = this.definitionsNamed(setId, names);
    const parentMaps = parentSets.map((s) => this.definitionsNamed(s, names));
    const firstMap = parentMaps[0];
    for (const name of names) {
      const ids = current.get(name);
      if (ids) this.recordPresent(name, ids[0] as number, commit, parents, parentMaps, boundary);
      else this.recordAbsent(name, commit, parentMaps, firstMap);
    }
  }

  /**
   * The set's definition numbers of the given names only: a commit's events concern a few names of
   * hundreds, so each name's few definitions are looked up in the sorted set instead of scanning it.
   */
  private definitionsNamed(setId: number, names: ReadonlySet<string>): MetricMap {
    const set = this.data.sets[setId] ?? [];
    const map: MetricMap = new Map();
    for (const name of names) {
      const present = this.interner.definitionsNamed(name).filter((id) => sortedIncludes(set, id));
      if (present.length > 0) map.set(name, present);
    }
    return map;
  }

  /** Names whose definitions differ between the commit's set and a parent's: the only ones that can have events. */
  private changedNames(setId: number, parentSets: readonly number[]): Set<string> {
    const current = this.data.sets[setId] ?? [];
    const names = new Set<string>();
    const nameOf = (id: number) => (this.data.defs[id] as MetricDefinition).name;
    if (parentSets.length === 0) for (const id of current) names.add(nameOf(id));
    for (const parentSet of parentSets) {
      const other = this.data.sets[parentSet] ?? [];
      // Both lists are sorted definition numbers: one merge walk finds the difference.
      let i = 0;
      let j = 0;
      while (i < current.length || j < other.length) {
        const a = current[i];
        const b = other[j];
        if (a !== undefined && (b === undefined || a < b)) {
          names.add(nameOf(a));
          i++;
        } else if (b !== undefined && (a === undefined || b < a)) {
          names.add(nameOf(b));
          j++;
        } else {
          i++;
          j++;
        }
      }
    }
    return names;
  }

  private recordPresent(name: string, defId: number, commit: string, parents: readonly string[], parentMaps: readonly MetricMap[], boundary: boolean): void {
    const firstMap = parentMaps[0];
    const having = parentMaps.filter((m) => m.has(name));
    if (having.length === 0) {
      this.push(name, { kind: 'introduced', commit, def: defId, boundary });
      return;
    }
    if (parentMaps.length > 1 && firstMap && !firstMap.has(name)) {
      const from = parents[parentMaps.findIndex((m) => m.has(name))] as string;
      this.push(name, { kind: 'merged', commit, def: defId, fromParent: from });
    }
    const previous = having.map((m) => (m.get(name) as number[])[0] as number);
    if (previous.includes(defId)) return;
    const beforeId = (firstMap?.get(name)?.[0] ?? previous[0]) as number;
    const before = this.data.defs[beforeId] as MetricDefinition;
    const def = this.data.defs[defId] as MetricDefinition;
    const changes = definitionChanges(before, def);
    if (changes.length > 0) this.push(name, { kind: 'changed', commit, def: defId, changes });
    if (isMove(before, def)) this.push(name, { kind: 'moved', commit, def: defId, from: beforeId });
  }

  private recordAbsent(name: string, commit: string, parentMaps: readonly MetricMap[], firstMap: MetricMap | undefined): void {
    const inFirst = firstMap?.get(name)?.[0];
    const everywhere = parentMaps.every((m) => m.has(name));
    // A merge that takes a branch's earlier removal is not itself a removal; dropping it from the main line is.
    if (!everywhere && inFirst === undefined) return;
    const defId = (inFirst ?? parentMaps.find((m) => m.has(name))?.get(name)?.[0]) as number;
    this.push(name, { kind: 'removed', commit, def: defId, viaMerge: parentMaps.length > 1 });
  }

  private push(name: string, event: StoredEvent): void {
    (this.data.events[name] ??= []).push(event);
    const summary = this.summary;
    if (summary) this.data.summaries[event.commit] ??= [summary.subject, summary.author, summary.authorEmail, summary.date];
  }
}
