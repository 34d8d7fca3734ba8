import type { Io } from '../io.js';
import type { TableStyle } from '../render/table.js';

/**
 * The width text output fits: `COLUMNS` when it is a positive whole number (set by the user, or
 * exported by a shell), else the terminal's width, else none — output to a pipe or a file keeps whole
 * lines, so `grep` and diffs see one row per line.
 */
export function outputColumns(io: Io): number {
  const value = io.env['COLUMNS']?.trim();
  if (value !== undefined && /^[1-9]\d{0,5}$/.test(value)) return Number(value);
  return io.columns;
}

export function tableStyle(io: Io): TableStyle {
  return { color: io.color, columns: outputColumns(io) };
}
