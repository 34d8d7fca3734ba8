import { stringHashes } from '../util/string-hashes.js';
import { LayeredState } from './layered-state.js';
import type { TreeState } from './tree-state.js';

/** Per-entry digests are summed modulo this (two 48-bit halves of a SHA-1 per entry). */
const DIGEST_MODULUS = 2 ** 48;

interface Digest {
  readonly oid: string;
  readonly a: number;
  readonly b: number;
}

/** A tree state's content key: summed per-entry digests, kept up to date entry by entry. */
export interface StateSum {
  readonly a: number;
  readonly b: number;
}

export const EMPTY_SUM: StateSum = { a: 0, b: 0 };

/**
 * Content keys of tree states without sorting them: equal for equal states reached by different
 * walks, and moved from one state to the next by adding and removing the entries that differ.
 */
export class StateDigests {
  private readonly entries = new Map<string, Digest>();

  /** `sum` with the entry `path` → `oid` added (sign 1) or taken away (sign -1). */
  add(sum: StateSum, path: string, oid: string, sign: 1 | -1): StateSum {
    let digest = this.entries.get(path);
    if (digest === undefined || digest.oid !== oid) {
      // A blob id is already a uniform hash of the content: mixing in a hash of the path is enough.
      const [pathA, pathB] = stringHashes(path);
      digest = { oid, a: (parseInt(oid.slice(0, 12), 16) + pathA) % DIGEST_MODULUS, b: (parseInt(oid.slice(12, 24), 16) + pathB) % DIGEST_MODULUS };
      this.entries.set(path, digest);
    }
    return { a: (sum.a + sign * digest.a + DIGEST_MODULUS) % DIGEST_MODULUS, b: (sum.b + sign * digest.b + DIGEST_MODULUS) % DIGEST_MODULUS };
  }

  /** The sum of a whole state. */
  of(state: TreeState): StateSum {
    let sum = EMPTY_SUM;
    for (const [path, oid] of state) sum = this.add(sum, path, oid, 1);
    return sum;
  }
}

/** The key a state is memoised by. */
export function stateKey(state: TreeState, sum: StateSum): string {
  return `${state.size}:${sum.a}:${sum.b}`;
}

/** How a state differs from another. */
export interface StateDiff {
  readonly changed: readonly (readonly [string, string])[];
  readonly removed: readonly string[];
}

/**
 * Entries of `next` that `previous` lacks or holds another blob for, and paths only `previous` has.
 * A child state is a copy of its parent's map with a few entries set or deleted, so both iterate in
 * the same order: walking them side by side finds the differences without hashing every path.
 */
export function diffStates(previous: TreeState, next: TreeState): StateDiff {
  const layered = next instanceof LayeredState ? next.changesSince(previous) : null;
  if (layered !== null) return layered;
  const changed: (readonly [string, string])[] = [];
  let shared = 0;
  const behind = previous.entries();
  let at = behind.next();
  next.forEach((oid, path) => {
    while (!at.done && at.value[0] !== path && !next.has(at.value[0])) at = behind.next();
    let before: string | undefined;
    if (!at.done && at.value[0] === path) {
      before = at.value[1];
      at = behind.next();
    } else before = previous.get(path);
    if (before !== undefined) shared++;
    if (before !== oid) changed.push([path, oid]);
  });
  const removed: string[] = [];
  if (shared < previous.size) for (const path of previous.keys()) if (!next.has(path)) removed.push(path);
  return { changed, removed };
}
