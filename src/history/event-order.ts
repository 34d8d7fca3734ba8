import { commitNumber, type IndexData, type StoredEvent } from './index-model.js';

/** Generation numbers by commit number (1 + the longest parent chain); one pass, since parents are numbered first. */
export function generationNumbers(data: IndexData): Int32Array {
  const generation = new Int32Array(data.commits.length);
  data.parents.forEach((parents, at) => {
    let highest = -1;
    for (const parent of parents) if (parent >= 0) highest = Math.max(highest, generation[parent] ?? 0);
    generation[at] = highest + 1;
  });
  return generation;
}

/**
 * Events in history order, the same whatever order the commits were indexed in (which depends on what
 * earlier runs saw): by generation (ancestors first), then author date, then commit id. Which of two
 * orphan branches "introduced" a metric must not depend on the cache.
 */
export function inHistoryOrder(data: IndexData, events: readonly StoredEvent[], generation: Int32Array): StoredEvent[] {
  const rank = (commit: string): [number, number] => {
    const at = commitNumber(data, commit);
    return [at === undefined ? -1 : (generation[at] ?? 0), Date.parse(data.summaries[commit]?.[3] ?? '') || 0];
  };
  return events
    .map((event, i) => ({ event, i, rank: rank(event.commit) }))
    .sort(
      (a, b) =>
        a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || (a.event.commit < b.event.commit ? -1 : a.event.commit > b.event.commit ? 1 : a.i - b.i),
    )
    .map(({ event }) => event);
}
