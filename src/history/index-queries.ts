import type { MetricDefinition } from '../model/metric.js';
import type { IndexData, StoredEvent } from './index-model.js';

/** The index's commits numbered, with parent and child lists, for walks without string hashing. */
interface CommitGraph {
  readonly commits: string[];
  readonly index: Map<string, number>;
  readonly parents: number[][];
  readonly children: number[][];
  readonly order: number[];
}

/** Read-only questions about a built index; all answers come from memory, no git. */
export class IndexView {
  private readonly ancestorCache = new Map<string, Set<string>>();
  private readonly reachCache = new Map<string, Uint8Array>();
  private readonly descendantCache = new Map<string, Uint8Array>();
  private graphCache: CommitGraph | null = null;

  constructor(readonly data: IndexData) {}

  has(commit: string): boolean {
    return this.data.commits[commit] !== undefined;
  }

  /** Definitions of `name` in a commit's tree (several when more than one crate registers it). */
  definitionsAt(commit: string, name: string): MetricDefinition[] {
    const entry = this.data.commits[commit];
    if (!entry) return [];
    return (this.data.sets[entry.set] ?? [])
      .map((id) => this.data.defs[id] as MetricDefinition)
      .filter((d) => d.name === name)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  }

  metricNamesAt(commit: string): Set<string> {
    const entry = this.data.commits[commit];
    return new Set((this.data.sets[entry?.set ?? 0] ?? []).map((id) => (this.data.defs[id] as MetricDefinition).name));
  }

  allMetricNames(): string[] {
    return Object.keys(this.data.events).sort();
  }

  events(name: string): StoredEvent[] {
    return [...(this.data.events[name] ?? [])].sort((a, b) => this.order(a.commit) - this.order(b.commit));
  }

  def(id: number): MetricDefinition {
    return this.data.defs[id] as MetricDefinition;
  }

  order(commit: string): number {
    return this.data.commits[commit]?.order ?? -1;
  }

  /** The commit and all its ancestors known to the index (as `git rev-list`). */
  ancestors(commit: string): ReadonlySet<string> {
    const cached = this.ancestorCache.get(commit);
    if (cached) return cached;
    const marks = this.reach(commit);
    const commits = this.graph().commits;
    const seen = new Set<string>();
    for (let i = 0; i < marks.length; i++) if (marks[i]) seen.add(commits[i] as string);
    this.ancestorCache.set(commit, seen);
    return seen;
  }

  /**
   * Whether `commit` is `tip` or one of its ancestors (`git merge-base --is-ancestor commit tip`).
   * Callers ask this for one commit against many tips, so the walk goes down from the commit, once.
   */
  contains(tip: string, commit: string): boolean {
    const i = this.graph().index.get(tip);
    return i !== undefined && this.descendants(commit)[i] === 1;
  }

  private descendants(commit: string): Uint8Array {
    return this.marksFrom(commit, this.graph().children, this.descendantCache);
  }

  /** Commits in `head` not in `base`, and the reverse: `git rev-list --left-right --count base...head`. */
  aheadBehind(base: string, head: string): { ahead: number; behind: number } {
    const a = this.reach(base);
    const b = this.reach(head);
    let ahead = 0;
    let behind = 0;
    for (let i = 0; i < a.length; i++) {
      if (b[i] && !a[i]) ahead++;
      else if (a[i] && !b[i]) behind++;
    }
    return { ahead, behind };
  }

  /** The newest common ancestor in topological order: one of git's merge bases. */
  mergeBase(a: string, b: string): string | null {
    const left = this.reach(a);
    const right = this.reach(b);
    const { commits, order } = this.graph();
    let best = -1;
    for (let i = 0; i < left.length; i++) if (left[i] && right[i] && (best < 0 || (order[i] ?? 0) > (order[best] ?? 0))) best = i;
    return best < 0 ? null : (commits[best] as string);
  }

  private reach(commit: string): Uint8Array {
    return this.marksFrom(commit, this.graph().parents, this.reachCache);
  }

  /** Everything reachable from `commit` along `edges`, as one mark per commit: no string hashing in the walk. */
  private marksFrom(commit: string, edges: readonly (readonly number[])[], cache: Map<string, Uint8Array>): Uint8Array {
    const cached = cache.get(commit);
    if (cached) return cached;
    const marks = new Uint8Array(edges.length);
    const start = this.graph().index.get(commit);
    const stack: number[] = start === undefined ? [] : [start];
    while (stack.length > 0) {
      const next = stack.pop() as number;
      if (marks[next]) continue;
      marks[next] = 1;
      for (const n of edges[next] ?? []) if (!marks[n]) stack.push(n);
    }
    cache.set(commit, marks);
    return marks;
  }

  private graph(): CommitGraph {
    if (this.graphCache) return this.graphCache;
    const commits = Object.keys(this.data.commits);
    const index = new Map(commits.map((c, i) => [c, i]));
    const parents = commits.map((c) =>
      (this.data.commits[c]?.parents ?? []).map((p) => index.get(p)).filter((p): p is number => p !== undefined),
    );
    const children: number[][] = commits.map(() => []);
    parents.forEach((ps, child) => {
      for (const p of ps) children[p]?.push(child);
    });
    const order = commits.map((c) => this.data.commits[c]?.order ?? 0);
    this.graphCache = { commits, index, parents, children, order };
    return this.graphCache;
  }

  /** `commit`, its first parent, that one's first parent, ... */
  firstParentLine(commit: string): Set<string> {
    const line = new Set<string>();
    let current: string | undefined = commit;
    while (current && this.has(current) && !line.has(current)) {
      line.add(current);
      current = this.data.commits[current]?.parents[0];
    }
    return line;
  }

  isBoundary(commit: string): boolean {
    return this.data.commits[commit]?.boundary ?? false;
  }

  isUncertain(commit: string): boolean {
    return this.data.commits[commit]?.uncertain ?? false;
  }
}
