import type { CommitMembership, IndexView } from '../history/index-queries.js';
import type { StoredEvent } from '../history/index-model.js';
import type { Holder, MetricDefinition, MetricKind, RegistryRef } from '../model/metric.js';
import type { RefPoint } from './explain.js';

export interface DiffInput {
  readonly view: IndexView;
  /** The left revision as the user named it; ahead/behind are counted against it. */
  readonly base: RefPoint;
  readonly head: RefPoint;
  /** The commit whose metrics are compared with head's: `base`, or for `A...B` the merge-base. */
  readonly compareFrom: string;
  /** `A..B`, `A...B` or `A B`, as typed. */
  readonly range: string;
}

export interface KindShape {
  readonly kind: MetricKind;
  readonly vec: boolean;
}

/** Who made a difference: a commit in `base..head`, or one in `head..base` that head lacks. */
interface Attribution {
  /** The commit in the range (reachable from head, not from base) that made head's value. */
  readonly commit: string | null;
  /** A commit only base has that made base's value: head is behind it (only for diverged `A..B`). */
  readonly baseSide: string | null;
}

export type FieldDiff = Attribution &
  (
    | { readonly field: 'kind'; readonly before: KindShape; readonly after: KindShape }
    | {
        readonly field: 'labels';
        readonly before: readonly string[];
        readonly after: readonly string[];
        readonly added: readonly string[];
        readonly removed: readonly string[];
      }
    | { readonly field: 'help'; readonly before: string | null; readonly after: string | null }
    | { readonly field: 'buckets'; readonly before: readonly number[] | null; readonly after: readonly number[] | null }
    | { readonly field: 'namespace' | 'subsystem'; readonly before: string | null; readonly after: string | null }
    | { readonly field: 'holder'; readonly before: Holder; readonly after: Holder }
    | {
        readonly field: 'constLabels';
        readonly before: Readonly<Record<string, string>>;
        readonly after: Readonly<Record<string, string>>;
      }
    | { readonly field: 'registry'; readonly before: RegistryRef; readonly after: RegistryRef }
  );

export type DiffField = FieldDiff['field'];

export interface AddedMetric extends Attribution {
  readonly name: string;
  readonly definition: MetricDefinition;
  /** The merge on head's first-parent line that brought the introducing commit in. */
  readonly mergedBy: string | null;
  /** The introducing commit is a shallow clone's boundary: the real one may be older. */
  readonly atShallowBoundary: boolean;
}

export interface RemovedMetric extends Attribution {
  readonly name: string;
  /** As base defined it. */
  readonly definition: MetricDefinition;
}

export interface ChangedMetric {
  readonly name: string;
  readonly before: MetricDefinition;
  readonly after: MetricDefinition;
  readonly changes: readonly FieldDiff[];
}

export interface MovedMetric extends Attribution {
  readonly name: string;
  readonly before: MetricDefinition;
  readonly after: MetricDefinition;
}

export interface MetricDiff {
  readonly range: string;
  readonly base: RefPoint;
  readonly head: RefPoint;
  readonly compareFrom: string;
  /** Commits reachable from head and not from base, and the reverse. */
  readonly ahead: number;
  readonly behind: number;
  readonly added: readonly AddedMetric[];
  readonly removed: readonly RemovedMetric[];
  readonly changed: readonly ChangedMetric[];
  readonly moved: readonly MovedMetric[];
  /** Some commit involved had blobs missing (partial clone): the sets may be incomplete. */
  readonly uncertain: boolean;
}

/** The metrics head adds, removes, changes and moves relative to `compareFrom`, each with the commit responsible. */
export function diffMetrics(input: DiffInput): MetricDiff {
  const { view, head } = input;
  const sets = new DefinitionsBySet(view);
  const before = sets.at(input.compareFrom);
  const after = sets.at(head.commit);
  const headHistory = view.ancestors(head.commit);
  const baseHistory = view.ancestors(input.compareFrom);
  const ahead = new Side(view, sets, difference(headHistory, baseHistory), view.firstParentLine(head.commit));
  const behind = new Side(view, sets, difference(baseHistory, headHistory), view.firstParentLine(input.compareFrom));

  const added: AddedMetric[] = [];
  const removed: RemovedMetric[] = [];
  const changed: ChangedMetric[] = [];
  const moved: MovedMetric[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = before.get(name);
    const now = after.get(name);
    const events = was && now ? [] : view.events(name);
    if (!was && now) {
      const commit = ahead.pick(events, 'introduced');
      added.push({
        name,
        definition: now,
        commit,
        baseSide: behind.pick(events, 'removed'),
        mergedBy: ahead.lastOnLine(events, 'merged'),
        atShallowBoundary: commit !== null && view.isBoundary(commit),
      });
    } else if (was && !now) {
      removed.push({ name, definition: was, commit: ahead.pick(events, 'removed'), baseSide: behind.pick(events, 'introduced') });
    } else if (was && now) {
      const changes = fieldDiffs(was, now).map((change): FieldDiff => {
        const key = (def: MetricDefinition | undefined) => fieldKey(change.field, def);
        return { ...change, commit: ahead.madeValue(name, key, key(now)), baseSide: behind.madeValue(name, key, key(was)) };
      });
      if (changes.length > 0) changed.push({ name, before: was, after: now, changes });
      if (isRelocation(was, now)) {
        moved.push({ name, before: was, after: now, commit: ahead.madeValue(name, locationKey, locationKey(now)), baseSide: behind.madeValue(name, locationKey, locationKey(was)) });
      }
    }
  }
  const relation = view.aheadBehind(input.base.commit, head.commit);
  return {
    range: input.range,
    base: input.base,
    head,
    compareFrom: input.compareFrom,
    ahead: relation.ahead,
    behind: relation.behind,
    added,
    removed,
    changed,
    moved,
    uncertain: [input.base.commit, input.compareFrom, head.commit].some((c) => view.isUncertain(c)),
  };
}

export function isEmptyDiff(diff: MetricDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.moved.length === 0;
}

/**
 * A different file, or a different static holding it. A static appearing or vanishing is the holder
 * change (eager ↔ lazy), already reported as a changed field, so it is not a move by itself.
 */
export function isRelocation(before: MetricDefinition, after: MetricDefinition): boolean {
  return before.path !== after.path || (before.static !== null && after.static !== null && before.static !== after.static);
}

const locationKey = (def: MetricDefinition | undefined): string => (def ? `${def.path}\0${def.static ?? ''}` : '');

type FieldChange = FieldDiff extends infer T ? (T extends unknown ? Omit<T, 'commit' | 'baseSide'> : never) : never;

/** Field by field, in a fixed order; label order is ignored, as Prometheus ignores it. */
export function fieldDiffs(before: MetricDefinition, after: MetricDefinition): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.kind !== after.kind || before.vec !== after.vec) {
    changes.push({ field: 'kind', before: { kind: before.kind, vec: before.vec }, after: { kind: after.kind, vec: after.vec } });
  }
  const addedLabels = after.labels.filter((l) => !before.labels.includes(l));
  const removedLabels = before.labels.filter((l) => !after.labels.includes(l));
  if (addedLabels.length + removedLabels.length > 0) {
    changes.push({ field: 'labels', before: before.labels, after: after.labels, added: addedLabels, removed: removedLabels });
  }
  if (before.help !== after.help) changes.push({ field: 'help', before: before.help, after: after.help });
  if (!same(before.buckets, after.buckets)) changes.push({ field: 'buckets', before: before.buckets, after: after.buckets });
  if (before.namespace !== after.namespace) changes.push({ field: 'namespace', before: before.namespace, after: after.namespace });
  if (before.subsystem !== after.subsystem) changes.push({ field: 'subsystem', before: before.subsystem, after: after.subsystem });
  if (before.holder !== after.holder) changes.push({ field: 'holder', before: before.holder, after: after.holder });
  if (!same(sortedEntries(before.constLabels), sortedEntries(after.constLabels))) {
    changes.push({ field: 'constLabels', before: before.constLabels, after: after.constLabels });
  }
  if (!same(before.registry, after.registry)) changes.push({ field: 'registry', before: before.registry, after: after.registry });
  return changes;
}

/** A comparable value of one field, `''` when the metric is not defined. */
function fieldKey(field: DiffField, def: MetricDefinition | undefined): string {
  if (!def) return '';
  switch (field) {
    case 'kind':
      return JSON.stringify([def.kind, def.vec]);
    case 'labels':
      return JSON.stringify([...def.labels].sort());
    case 'constLabels':
      return JSON.stringify(sortedEntries(def.constLabels));
    default:
      return JSON.stringify(def[field]);
  }
}

function sortedEntries(record: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function difference(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const c of a) if (!b.has(c)) out.add(c);
  return out;
}

/** The definition a commit exposes for each name: the first non-test one by path, as `definitionsAt` orders them. */
class DefinitionsBySet {
  private readonly cache = new Map<number, Map<string, MetricDefinition>>();

  constructor(private readonly view: IndexView) {}

  at(commit: string): Map<string, MetricDefinition> {
    return this.ofSet(this.view.setOf(commit) ?? 0);
  }

  setOf(commit: string): number | undefined {
    return this.view.setOf(commit);
  }

  ofSet(set: number): Map<string, MetricDefinition> {
    const cached = this.cache.get(set);
    if (cached) return cached;
    const map = new Map<string, MetricDefinition>();
    for (const id of this.view.data.sets[set] ?? []) {
      const def = this.view.def(id);
      if (def.test) continue;
      const current = map.get(def.name);
      if (!current || def.path < current.path || (def.path === current.path && def.line < current.line)) map.set(def.name, def);
    }
    this.cache.set(set, map);
    return map;
  }
}

/** The commits on one side of the comparison, and how to find the one responsible for a value. */
class Side {
  private readonly ordered: string[];

  constructor(
    private readonly view: IndexView,
    private readonly sets: DefinitionsBySet,
    private readonly commits: ReadonlySet<string>,
    private readonly line: CommitMembership,
  ) {
    this.ordered = [...commits].sort((a, b) => view.order(a) - view.order(b));
  }

  /** Of the events of this kind on this side, the newest on the tip's first-parent line, else the newest. */
  pick(events: readonly StoredEvent[], kind: StoredEvent['kind']): string | null {
    return this.best(events.filter((e) => e.kind === kind && this.commits.has(e.commit)).map((e) => e.commit));
  }

  lastOnLine(events: readonly StoredEvent[], kind: StoredEvent['kind']): string | null {
    const onLine = events.filter((e) => e.kind === kind && this.commits.has(e.commit) && this.line.has(e.commit));
    return onLine[onLine.length - 1]?.commit ?? null;
  }

  /**
   * The commit on this side that gave the metric the value `target`: it has the value and none of its
   * parents does. A merge that only takes the value from a branch is not responsible; the branch commit is.
   */
  madeValue(name: string, keyOf: (def: MetricDefinition | undefined) => string, target: string): string | null {
    const candidates: string[] = [];
    for (const commit of this.ordered) {
      const set = this.sets.setOf(commit);
      if (set === undefined) continue;
      const parents = this.view.parentsOf(commit);
      // Same metric set as a parent: nothing can have changed here.
      if (parents.some((p) => this.sets.setOf(p) === set)) continue;
      if (keyOf(this.sets.ofSet(set).get(name)) !== target) continue;
      if (parents.some((p) => keyOf(this.sets.at(p).get(name)) === target)) continue;
      candidates.push(commit);
    }
    return this.best(candidates);
  }

  private best(commits: readonly string[]): string | null {
    const sorted = [...commits].sort((a, b) => this.view.order(a) - this.view.order(b));
    const onLine = sorted.filter((c) => this.line.has(c));
    return onLine[onLine.length - 1] ?? sorted[sorted.length - 1] ?? null;
  }
}
