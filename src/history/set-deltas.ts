/**
 * Metric sets stored as differences: each set against the one before it, which is usually its
 * parent commit's (sets are made in walk order). A history's sets share almost all members, so the
 * differences are a few numbers where the sets are hundreds. A member `m` added is `m + 1`, removed `-(m + 1)`.
 */
export function encodeSetDeltas(sets: readonly (readonly number[])[], from = 0): number[][] {
  const deltas: number[][] = [];
  for (let i = from; i < sets.length; i++) deltas.push(setDelta(sets[i - 1] ?? [], sets[i] as number[]));
  return deltas;
}

/**
 * The sets back, appended to `sets` (those `encodeSetDeltas` started after); throws on a difference
 * that does not apply (the caller treats the file as corrupt).
 */
export function decodeSetDeltas(deltas: readonly (readonly number[])[], sets: number[][] = []): number[][] {
  let previous: readonly number[] = sets[sets.length - 1] ?? [];
  for (const delta of deltas) {
    previous = applySetDelta(previous, delta);
    sets.push(previous as number[]);
  }
  return sets;
}

function setDelta(before: readonly number[], after: readonly number[]): number[] {
  const delta: number[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const a = before[i];
    const b = after[j];
    if (b === undefined || (a !== undefined && a < b)) {
      delta.push(-((a as number) + 1));
      i++;
    } else if (a === undefined || b < a) {
      delta.push(b + 1);
      j++;
    } else {
      i++;
      j++;
    }
  }
  return delta;
}

function applySetDelta(before: readonly number[], delta: readonly number[]): number[] {
  const after: number[] = [];
  let i = 0;
  // Deltas list members in ascending order, as the merge walk above emits them.
  for (const change of delta) {
    if (!Number.isInteger(change) || change === 0) throw new Error('not a set difference');
    const member = Math.abs(change) - 1;
    while (i < before.length && (before[i] as number) < member) after.push(before[i++] as number);
    if (change > 0) after.push(member);
    else if (before[i] === member) i++;
    else throw new Error('removes a member the set does not have');
  }
  while (i < before.length) after.push(before[i++] as number);
  return after;
}
