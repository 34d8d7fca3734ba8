import Table from 'cli-table3';

export interface TableStyle {
  readonly color: boolean;
  readonly columns: number;
}

/** A borderless table that fits the terminal width; no ANSI codes unless colour is on. */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], style: TableStyle): string {
  const table = new Table({
    head: [...head],
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: style.color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 },
    wordWrap: true,
    // Paths and metric names have no spaces: break them anywhere rather than cut them off.
    wrapOnWordBoundary: false,
    colWidths: fitColumns(head, rows, style.columns),
  });
  for (const row of rows) table.push([...row]);
  return `${table.toString().split('\n').map((l) => l.trimEnd()).join('\n')}\n`;
}

/**
 * Natural widths; on a narrow terminal the widest columns other than the first (the key, never
 * wrapped) shrink until the row fits. Output to a pipe or file is never wrapped.
 */
function fitColumns(head: readonly string[], rows: readonly (readonly string[])[], width: number): number[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  if (!Number.isFinite(width)) return widths;
  const available = Math.max(width, 40) - 2 * (head.length - 1);
  while (widths.reduce((a, b) => a + b, 0) > available) {
    const rest = widths.slice(1);
    const widest = 1 + rest.indexOf(Math.max(...rest));
    if ((widths[widest] ?? 0) <= 8) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}
