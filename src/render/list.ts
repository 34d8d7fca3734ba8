import type { MetricList } from '../analyses/list-metrics.js';
import type { MetricDefinition } from '../model/metric.js';
import { envelope, listJson } from './json.js';
import { renderTable, type TableStyle } from './table.js';

export function kindLabel(m: Pick<MetricDefinition, 'kind' | 'vec' | 'labels'>): string {
  return m.vec || m.labels.length > 0 ? `${m.kind} vec(${m.labels.join(', ')})` : m.kind;
}

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
  for (const u of list.unresolved) out += `unresolved: ${u.path}:${u.line}: ${u.expression} (${u.reason})\n`;
  for (const w of list.warnings) out += `warning: ${w}\n`;
  if (!list.complete) out += 'incomplete: some blobs could not be read; metrics they define are missing from this list\n';
  return out;
}

export function renderListJson(list: MetricList): string {
  return envelope('list', listJson(list));
}
