import type { MetricList } from '../analyses/list-metrics.js';
import type { WrapperList } from '../analyses/list-wrappers.js';
import { CONFIG_PATH } from '../model/wrapper-config.js';
import { kindLabel } from './kind-label.js';
import { renderTable, type TableStyle } from './table.js';
import { terminalText } from './terminal-text.js';

export function renderListTable(list: MetricList, style: TableStyle): string {
  const heading = `${list.metrics.length} metric${list.metrics.length === 1 ? '' : 's'} at ${list.ref} (${list.commit.slice(0, 12)})\n`;
  if (list.metrics.length === 0) return `${heading}no metric registrations found\n`;
  const rows = list.metrics.map((m) => [
    m.name,
    kindLabel(m),
    `${m.path}:${m.line}`,
    m.static ?? '-',
    m.holder,
    m.registry.kind === 'custom' ? m.registry.expression : m.registry.kind === 'default' ? 'default' : 'UNREGISTERED',
  ]);
  return heading + renderTable(['METRIC', 'KIND', 'DEFINED AT', 'STATIC', 'HOLDER', 'REGISTRY'], rows, style);
}

/** What goes to stderr beside the table: unresolved names, warnings, incompleteness. */
export function renderListFooter(list: MetricList): string {
  let out = '';
  if (list.hiddenTestMetrics > 0) out += `${list.hiddenTestMetrics} test-only metric(s) hidden; --include-tests shows them\n`;
  for (const u of list.unresolved) out += `unresolved: ${terminalText(u.path)}:${u.line}: ${terminalText(u.expression)} (${terminalText(u.reason)})\n`;
  for (const w of list.warnings) out += `warning: ${terminalText(w)}\n`;
  if (!list.complete) out += 'incomplete: some blobs could not be read; metrics they define are missing from this list\n';
  return out;
}

/** `list --wrappers`: the functions and macros that register metrics for their callers. */
export function renderWrappersTable(list: WrapperList, style: TableStyle): string {
  const count = list.wrappers.length;
  const heading = `${count} wrapper${count === 1 ? '' : 's'} at ${list.ref} (${list.commit.slice(0, 12)})\n`;
  if (count === 0) return `${heading}no wrapper functions or macros found (${CONFIG_PATH} can declare ones defined elsewhere)\n`;
  const rows = list.wrappers.map((w) => [
    w.name,
    w.path === null ? CONFIG_PATH : `${w.path}:${w.line ?? '?'}`,
    w.registers.map((r) => r.name).join(', '),
    [...new Set(w.registers.map((r) => (r.vec ? `${r.kind} vec` : r.kind)))].join(', '),
    w.unresolved > 0 ? `${w.registrations} (+${w.unresolved} unresolved)` : String(w.registrations),
  ]);
  return heading + renderTable(['WRAPPER', 'DEFINED AT', 'REGISTERS', 'KIND', 'METRICS'], rows, style);
}
