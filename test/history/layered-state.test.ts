import { describe, expect, it } from 'vitest';
import { LayeredState } from '../../src/history/layered-state.js';
import { seededRandom } from '../../src/util/seeded-random.js';

/** What the walk did before layers: copy the parent, then set and delete. */
function copied(parent: ReadonlyMap<string, string>, changes: ReadonlyMap<string, string | null>): Map<string, string> {
  const next = new Map(parent);
  for (const [path, oid] of changes) {
    if (oid === null) next.delete(path);
    else next.set(path, oid);
  }
  return next;
}

describe('LayeredState', () => {
  it('reads, counts and iterates (in order) like a copied map, through enough layers to be flattened', () => {
    const rnd = seededRandom(7);
    const paths = Array.from({ length: 40 }, (_, i) => `src/f${i}.rs`);
    let plain: Map<string, string> = new Map(paths.slice(0, 20).map((p) => [p, `${p}@0`]));
    let layered: ReadonlyMap<string, string> = plain;
    const states: [ReadonlyMap<string, string>, Map<string, string>][] = [];
    for (let step = 1; step <= 80; step++) {
      const changes = new Map<string, string | null>();
      for (let n = 0; n < 3; n++) {
        const path = paths[Math.floor(rnd() * paths.length)] as string;
        changes.set(path, rnd() < 0.3 ? null : `${path}@${step}`);
      }
      plain = copied(plain, changes);
      layered = LayeredState.over(layered, changes);
      states.push([layered, plain]);
      expect([...layered]).toEqual([...plain]);
      expect(layered.size).toBe(plain.size);
      for (const path of paths) {
        expect(layered.get(path)).toBe(plain.get(path));
        expect(layered.has(path)).toBe(plain.has(path));
      }
    }
    expect(states.some(([state]) => state instanceof Map)).toBe(true);
  });

  it('tells the changes since a lower layer, and null for a state that is not one', () => {
    const base = new Map([
      ['a.rs', '1'],
      ['b.rs', '1'],
      ['c.rs', '1'],
    ]);
    const one = LayeredState.over(base, new Map([['a.rs', '2'], ['d.rs', '1']])) as LayeredState;
    const two = LayeredState.over(one, new Map<string, string | null>([['b.rs', null], ['d.rs', null], ['a.rs', '1']])) as LayeredState;
    const three = LayeredState.over(two, new Map([['c.rs', '3']])) as LayeredState;
    expect(three.changesSince(base)).toEqual({ changed: [['c.rs', '3']], removed: ['b.rs'] });
    expect(three.changesSince(one)).toEqual({ changed: [['a.rs', '1'], ['c.rs', '3']], removed: ['b.rs', 'd.rs'] });
    expect(three.changesSince(new Map(base))).toBeNull();
  });
});
