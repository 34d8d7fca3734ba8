import { describe, expect, it } from 'vitest';
import { emptyIndex, type IndexData } from '../../src/history/index-model.js';
import { IndexView } from '../../src/history/index-queries.js';
import { seededRandom } from '../../src/util/seeded-random.js';

/** A random history: each commit has one or two earlier parents; some commits are ref tips. */
function randomHistory(seed: number, size: number, tipCount: number): IndexData {
  const random = seededRandom(seed);
  const data = emptyIndex('fp');
  for (let i = 0; i < size; i++) {
    data.commits.push(`c${i}`);
    const parents = i === 0 ? [] : [Math.floor(random() * i)];
    if (i > 1 && random() < 0.2) parents.push(Math.floor(random() * i));
    data.parents.push(parents);
    data.setOf.push(0);
    data.flags.push(0);
  }
  for (let t = 0; t < tipCount; t++) data.tips[`refs/heads/b${t}`] = `c${Math.floor(random() * size)}`;
  return data;
}

/** `commit` is `tip` or an ancestor of it, by a plain walk down the parents of `tip`. */
function isAncestor(data: IndexData, commit: string, tip: string): boolean {
  const stack = [data.commits.indexOf(tip)];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const at = stack.pop() as number;
    if (at < 0 || seen.has(at)) continue;
    if (data.commits[at] === commit) return true;
    seen.add(at);
    stack.push(...(data.parents[at] ?? []));
  }
  return false;
}

describe('IndexView.contains', () => {
  it('answers as a walk does, for a few commits (walks down from them) and for many (tip masks), tips and other commits alike', () => {
    for (const seed of [1, 2, 3]) {
      const data = randomHistory(seed, 300, 70);
      const view = new IndexView(data, Object.values(data.tips));
      const tips = [...new Set(Object.values(data.tips))];
      const others = ['c0', 'c150', 'c299'];
      // Twenty commits: the first ones are answered by walks, the later ones by the masks.
      for (let k = 0; k < 20; k++) {
        const commit = `c${(k * 37) % 300}`;
        for (const tip of [...tips, ...others]) expect(view.contains(tip, commit), `${commit} in ${tip}`).toBe(isAncestor(data, commit, tip));
      }
    }
  });
});
