import type { DashboardReport } from '../analyses/dashboard-report.js';
import type { RootCauseSummary } from '../analyses/root-cause.js';
import type { ScrapeCheck } from '../analyses/scrape-check.js';
import { shortSha, type CommitInfos } from './commit-infos.js';
import { metricDetail, summarySentences } from './dashboard-wording.js';
import type { PrometheusSection } from './prometheus-section.js';
import { prometheusSectionText } from './prometheus-text.js';
import { renderTable, type TableStyle } from './table.js';
import { terminalText } from './terminal-text.js';
import { wrapParagraph } from './wrap-text.js';

export function renderDashboardText(
  report: DashboardReport,
  summary: RootCauseSummary,
  scrape: ScrapeCheck | null,
  infos: CommitInfos,
  style: TableStyle,
  prometheus: PrometheusSection | null = null,
): string {
  let out = `Dashboard ${report.title ? `"${terminalText(report.title)}" ` : ''}against ${report.deployed.ref} (${shortSha(report.deployed.commit)})\n\n`;
  if (report.prometheusTargets === 0) return `${out}no Prometheus queries in this dashboard: nothing to check\n`;
  out += renderTable(
    ['PANEL', 'STATUS', 'METRICS'],
    report.panels.map((p) => [terminalText(p.title || p.path), p.status, [...p.metrics, ...p.unknowable].join(', ')]),
    style,
  );
  out += '\n';
  out += renderTable(
    ['METRIC', 'STATUS', 'WHY'],
    report.metrics.map((m) => [m.via ? `${m.query} (via ${m.via})` : m.query, m.status.kind, metricDetail(m, summary, infos)]),
    style,
  );
  out += '\nRoot cause\n';
  // One paragraph per cause; on a terminal (or with COLUMNS) it wraps, to a pipe it stays one line.
  for (const sentence of summarySentences(summary, infos)) out += wrapParagraph(terminalText(sentence), style.columns, 2);
  if (scrape) {
    out += '\nScrape\n';
    for (const line of scrape.findings) out += wrapParagraph(terminalText(line), style.columns, 2);
  }
  if (prometheus) out += prometheusSectionText(prometheus, style.columns);
  return out;
}
