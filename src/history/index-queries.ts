import type { MetricDefinition } from '../model/metric.js';
import type { IndexData, StoredEvent } from './index-model.js';

/** Read-only questions about a built index; all answers come from memory, no git. */
export class IndexView {
  private readonly ancestorCache = new Map<string, Set<string>>();

  constructor(readonly data: IndexData) {}

  has(commit: string): boolean {
    return this.data.commits[commit] !== undefined;
  }

  /** Definitions of `name` in a commit's tree (several when more than one crate registers it). */
  definitionsAt(commit: string, name: string): MetricDefinition[] {
    const entry = this.data.commits[commit];
    if (!entry) return [];
    return (this.data.sets[entry.set] ?? []).map((id) => this.data.defs[id] as MetricDefinition).filter((d) => d.name === name);
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
  ancestors(commit: string): Set<string> {
    const cached = this.ancestorCache.get(commit);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [commit];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      const entry = this.data.commits[next];
      if (!entry) continue;
      seen.add(next);
      for (const parent of entry.parents) stack.push(parent);
    }
    this.ancestorCache.set(commit, seen);
    return seen;
  }

  /** Commits in `head` not in `base`, and the reverse: `git rev-list --left-right --count base...head`. */
  aheadBehind(base: string, head: string): { ahead: number; behind: number } {
    const a = this.ancestors(base);
    const b = this.ancestors(head);
    let ahead = 0;
    let behind = 0;
    for (const c of b) if (!a.has(c)) ahead++;
    for (const c of a) if (!b.has(c)) behind++;
    return { ahead, behind };
  }

  /** The newest common ancestor in topological order: one of git's merge bases. */
  mergeBase(a: string, b: string): string | null {
    const left = this.ancestors(a);
    let best: string | null = null;
    for (const c of this.ancestors(b)) {
      if (left.has(c) && (best === null || this.order(c) > this.order(best))) best = c;
    }
    return best;
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
