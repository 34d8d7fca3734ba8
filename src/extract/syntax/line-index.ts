export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface LineIndex {
  /** 1-based line and column (in Unicode scalar values, as rustc counts) of a UTF-16 offset. */
  position(offset: number): Position;
}

/** The number of entries of a sorted list below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function createLineIndex(text: string): LineIndex {
  let starts: number[] | undefined;
  // Offsets of the second half of surrogate pairs: UTF-16 units that are not characters of their own.
  let trailing: number[] | undefined;
  const index = (): { starts: number[]; trailing: number[] } => {
    if (starts === undefined || trailing === undefined) {
      starts = [0];
      trailing = [];
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 0x0a) starts.push(i + 1);
        else if (code >= 0xdc00 && code <= 0xdfff) trailing.push(i);
      }
    }
    return { starts, trailing };
  };
  return {
    position(offset: number): Position {
      const { starts: all, trailing: pairs } = index();
      const line = countBelow(all, offset + 1);
      const start = all[line - 1] ?? 0;
      const column = offset - start + 1 - (countBelow(pairs, offset) - countBelow(pairs, start));
      return { line, column };
    },
  };
}
