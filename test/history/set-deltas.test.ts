import { describe, expect, it } from 'vitest';
import { decodeSetDeltas, encodeSetDeltas } from '../../src/history/set-deltas.js';

describe('metric sets stored as differences', () => {
  it('round-trips sets that grow, shrink, empty out and start again', () => {
    const sets = [[], [0, 1, 2], [0, 1, 2, 5], [1, 2, 5, 9], [], [3], [0, 3, 4, 7, 8]];
    const deltas = encodeSetDeltas(sets);
    expect(deltas).toEqual([[], [1, 2, 3], [6], [-1, 10], [-2, -3, -6, -10], [4], [1, 5, 8, 9]]);
    expect(decodeSetDeltas(deltas)).toEqual(sets);
  });

  it('encodes the sets after a prefix against the prefix, and decodes them onto it (an index tail)', () => {
    const sets = [[], [0, 1, 2], [0, 1, 2, 5], [1, 2, 5, 9], [], [3]];
    for (let from = 0; from <= sets.length; from++) {
      const tail = encodeSetDeltas(sets, from);
      expect(tail).toEqual(encodeSetDeltas(sets).slice(from));
      expect(decodeSetDeltas(tail, sets.slice(0, from))).toEqual(sets);
    }
  });

  it('refuses a difference that does not apply, so a damaged file is rebuilt rather than trusted', () => {
    expect(() => decodeSetDeltas([[], [-4]])).toThrow(/does not have/);
    expect(() => decodeSetDeltas([[0]])).toThrow(/not a set difference/);
    expect(() => decodeSetDeltas([[1.5]])).toThrow(/not a set difference/);
  });
});
