import Table from 'cli-table3';
import { narrowestWidth, widthOf, wrapLines } from './wrap-text.js';

export interface TableStyle {
  readonly color: boolean;
  /** Width to fit, from `COLUMNS` or the terminal; infinite for a pipe or file, which is never wrapped. */
  readonly columns: number;
}

/** Columns are separated by this many spaces. */
const GAP = 2;
/** Narrower `COLUMNS` values are taken as this: a table of three columns cannot be read in less. */
const NARROWEST = 40;

/**
 * A borderless table that fits `style.columns`: long cells wrap between words, after commas and after
 * a path's slashes, never inside a metric name. No ANSI codes unless colour is on.
 */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], style: TableStyle): string {
  const widths = fitColumns(head, rows, style.columns);
  const table = new Table({
    head: [...head],
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' '.repeat(GAP),
    },
    style: { head: style.color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 },
    // Cells arrive wrapped to their column, so cli-table3 never truncates one with '…'.
    wordWrap: false,
    colWidths: widths,
  });
  for (const row of rows) table.push(row.map((cell, i) => wrapLines(cell, widths[i] ?? Number.POSITIVE_INFINITY).join('\n')));
  return `${table.toString().split('\n').map((l) => l.trimEnd()).join('\n')}\n`;
}

/**
 * Natural widths; when they do not fit, the widest column that can still shrink loses a character at
 * a time, first down to its longest word (paths stay whole), and only if that lets the table fit, down
 * to the longest part between a path's slashes. A table that cannot fit is wider than asked rather
 * than cutting a name.
 */
export function fitColumns(head: readonly string[], rows: readonly (readonly string[])[], columns: number): number[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => widthOf(r[i] ?? ''))));
  if (!Number.isFinite(columns)) return widths;
  const narrowest = (breakWords: boolean) => head.map((h, i) => Math.max(h.length, ...rows.map((r) => narrowestWidth(r[i] ?? '', breakWords))));
  const available = Math.max(columns, NARROWEST) - GAP * (head.length - 1);
  shrink(widths, narrowest(false), available);
  const parts = narrowest(true);
  if (sum(widths) > available && sum(parts) <= available) shrink(widths, parts, available);
  return widths;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function shrink(widths: number[], floors: readonly number[], available: number): void {
  let total = sum(widths);
  while (total > available) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if ((widths[i] ?? 0) > (floors[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
}
