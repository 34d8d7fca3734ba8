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

interface TipRelation {
  readonly ahead: number;
  readonly behind: number;
  readonly mergeBase: string | null;
}

interface TipMasks {
  /** Distinct tip commits; tip `t` is bit `t % 32` of word `t / 32` of each commit's mask. */
  readonly tips: readonly string[];
  readonly bitOf: ReadonlyMap<string, number>;
  readonly words: number;
  readonly masks: Uint32Array;
}

/** Read-only questions about a built index; all answers come from memory, no git. */
export class IndexView {
  private readonly ancestorCache = new Map<string, Set<string>>();
  private readonly reachCache = new Map<string, Uint8Array>();
  private readonly descendantCache = new Map<string, Uint8Array>();
  private graphCache: CommitGraph | null = null;
  private readonly relationCache = new Map<string, ReadonlyMap<string, TipRelation>>();
  private tipMaskCache: TipMasks | null = null;

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
    const { index } = this.graph();
    const masks = this.tipMasks();
    const bit = masks.bitOf.get(tip);
    const at = index.get(commit);
    if (bit !== undefined) return at !== undefined && ((masks.masks[at * masks.words + (bit >>> 5)] as number) & (1 << (bit & 31))) !== 0;
    const i = index.get(tip);
    return i !== undefined && this.descendants(commit)[i] === 1;
  }

  private descendants(commit: string): Uint8Array {
    return this.marksFrom(commit, this.graph().children, this.descendantCache);
  }

  /** Commits in `head` not in `base`, and the reverse: `git rev-list --left-right --count base...head`. */
  aheadBehind(base: string, head: string): { ahead: number; behind: number } {
    const known = this.relationsFrom(base).get(head);
    if (known) return { ahead: known.ahead, behind: known.behind };
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
    const known = this.relationsFrom(a).get(b);
    if (known) return known.mergeBase;
    const left = this.reach(a);
    const right = this.reach(b);
    const { commits, order } = this.graph();
    let best = -1;
    for (let i = 0; i < left.length; i++) if (left[i] && right[i] && (best < 0 || (order[i] ?? 0) > (order[best] ?? 0))) best = i;
    return best < 0 ? null : (commits[best] as string);
  }

  /**
   * Ahead/behind counts and merge base of every ref tip against `base`, from one pass over the
   * history: analyses ask for dozens of tips against the same deployed commit, and one walk per tip
   * costs more than the whole answer.
   */
  private relationsFrom(base: string): ReadonlyMap<string, TipRelation> {
    const cached = this.relationCache.get(base);
    if (cached) return cached;
    const { commits, order } = this.graph();
    const { tips, words, masks } = this.tipMasks();
    const inBase = this.reach(base);
    let baseSize = 0;
    const shared = new Array<number>(tips.length).fill(0);
    const ahead = new Array<number>(tips.length).fill(0);
    const newestShared = new Array<number>(tips.length).fill(-1);
    for (let i = 0; i < commits.length; i++) {
      const mine = inBase[i] === 1;
      if (mine) baseSize++;
      for (let w = 0; w < words; w++) {
        let bits = masks[i * words + w] as number;
        while (bits !== 0) {
          const low = bits & -bits;
          const t = w * 32 + (31 - Math.clz32(low));
          bits ^= low;
          if (!mine) ahead[t] = (ahead[t] as number) + 1;
          else {
            shared[t] = (shared[t] as number) + 1;
            const best = newestShared[t] as number;
            if (best < 0 || (order[i] as number) > (order[best] as number)) newestShared[t] = i;
          }
        }
      }
    }
    const relations = new Map<string, TipRelation>();
    tips.forEach((tip, t) => {
      const mergeBase = newestShared[t] as number;
      relations.set(tip, { ahead: ahead[t] as number, behind: baseSize - (shared[t] as number), mergeBase: mergeBase < 0 ? null : (commits[mergeBase] as string) });
    });
    this.relationCache.set(base, relations);
    return relations;
  }

  /** For every commit, a bit per ref tip that reaches it; one pass from the newest commits to the oldest. */
  private tipMasks(): TipMasks {
    if (this.tipMaskCache) return this.tipMaskCache;
    const { commits, index, parents, order } = this.graph();
    const tips = [...new Set(Object.values(this.data.tips))].filter((c) => index.has(c));
    const words = Math.max(1, Math.ceil(tips.length / 32));
    const masks = new Uint32Array(commits.length * words);
    tips.forEach((tip, t) => {
      const at = (index.get(tip) as number) * words + (t >>> 5);
      masks[at] = (masks[at] as number) | (1 << (t & 31));
    });
    // Children before parents: a descending walk of the topological order numbers.
    const byOrder = commits.map((_, i) => i).sort((x, y) => (order[y] as number) - (order[x] as number));
    for (const child of byOrder) {
      for (const parent of parents[child] ?? []) {
        for (let w = 0; w < words; w++) masks[parent * words + w] = (masks[parent * words + w] as number) | (masks[child * words + w] as number);
      }
    }
    this.tipMaskCache = { tips, bitOf: new Map(tips.map((tip, t) => [tip, t])), words, masks };
    return this.tipMaskCache;
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
