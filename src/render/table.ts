import { terminalLines } from './terminal-text.js';
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
export function renderTable(rawHead: readonly string[], rawRows: readonly (readonly string[])[], style: TableStyle): string {
  // Cells carry repository text (subjects, file names, help): no control character reaches the terminal.
  const head = rawHead.map(terminalLines);
  const rows = rawRows.map((row) => row.map(terminalLines));
  const widths = fitColumns(head, rows, style.columns);
  // Laid out here, in time linear in the cells: cli-table3 took 16 s for 20,000 rows, and cut a cell
  // it measured wider than its column (CJK) with '…'. A cell wider than its column (a name longer
  // than the table can give it) overflows instead.
  const bold = (text: string) => (style.color ? `\u001b[1m${text}\u001b[22m` : text);
  const lines: string[] = [];
  const addRow = (row: readonly string[], decorate: (text: string) => string): void => {
    const cells = widths.map((width, i) => wrapLines(row[i] ?? '', width));
    const height = cells.reduce((h, cell) => Math.max(h, cell.length), 0);
    for (let j = 0; j < height; j++) {
      lines.push(cells.map((cell, i) => decorate((cell[j] ?? '').padEnd(widths[i] ?? 0))).join(GAP_TEXT).trimEnd());
    }
  };
  addRow(head, bold);
  for (const row of rows) addRow(row, (text) => text);
  return `${lines.join('\n')}\n`;
}

const GAP_TEXT = ' '.repeat(GAP);

/**
 * Natural widths; when they do not fit, the widest column that can still shrink loses a character at
 * a time, first down to its longest word (paths stay whole), and only if that lets the table fit, down
 * to the longest part between a path's slashes. A table that cannot fit is wider than asked rather
 * than cutting a name.
 */
export function fitColumns(head: readonly string[], rows: readonly (readonly string[])[], columns: number): number[] {
  // Loops, not `Math.max(...rows)`: spreading 100,000 rows into arguments overflows the stack.
  const widest = (measure: (cell: string) => number) =>
    head.map((h, i) => rows.reduce((width, r) => Math.max(width, measure(r[i] ?? '')), h.length));
  const widths = widest(widthOf);
  if (!Number.isFinite(columns)) return widths;
  const narrowest = (breakWords: boolean) => widest((cell) => narrowestWidth(cell, breakWords));
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
