import type { DashboardReport } from '../analyses/dashboard-report.js';
import type { RootCauseSummary } from '../analyses/root-cause.js';
import type { ScrapeCheck } from '../analyses/scrape-check.js';
import { shortSha, type CommitInfos } from './commit-infos.js';
import { metricDetail, summarySentences } from './dashboard-wording.js';
import { markdownText } from './markdown-text.js';
import type { PrometheusSection } from './prometheus-section.js';

/**
 * Text from a dashboard or a repository, safe in a Markdown table cell or list item: one line, pipes
 * and markup escaped (see markdownText), and `&` too, so `&lt;` in a panel title stays as written.
 */
export function markdownCell(text: string): string {
  // eslint-disable-next-line no-control-regex
  const cell = markdownText(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')).replace(/&/g, '\\&');
  return cell.trim() === '' ? '\u2014' : cell;
}

/** Inline code that holds any text: a fence longer than any run of backticks inside, as CommonMark allows. */
export function markdownCodeSpan(text: string, inTable = true): string {
  const one = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || longest > 0 ? ' ' : '';
  // A pipe ends a table cell even inside a code span (GFM), so it is escaped there too.
  return `${fence}${pad}${inTable ? one.replace(/\|/g, '\\|') : one}${pad}${fence}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |\n`;
  return line(head) + line(head.map(() => '---')) + rows.map(line).join('');
}

/** For a ticket or a pull-request comment: the root cause, then a table of panels and one of metrics. */
export function renderDashboardMarkdown(
  report: DashboardReport,
  summary: RootCauseSummary,
  scrape: ScrapeCheck | null,
  infos: CommitInfos,
  prometheus: PrometheusSection | null = null,
): string {
  const title = report.title ? ` ${markdownCell(`"${report.title}"`)}` : '';
  let out = `### Dashboard${title} against ${markdownCodeSpan(report.deployed.ref, false)} (${markdownCodeSpan(shortSha(report.deployed.commit), false)})\n\n`;
  if (report.prometheusTargets === 0) return `${out}No Prometheus queries in this dashboard: nothing to check.\n`;
  const [headline, ...rest] = summarySentences(summary, infos);
  out += `**${markdownCell(headline ?? '')}**\n\n`;
  for (const sentence of rest) out += `- ${markdownCell(sentence)}\n`;
  if (rest.length > 0) out += '\n';
  out += `#### Panels (${report.panels.length})\n\n`;
  out += table(
    ['Panel', 'Status', 'Metrics'],
    report.panels.map((p) => [
      markdownCell(p.title || p.path),
      markdownCell(p.status === 'lazy' && p.registration ? `lazy (${p.registration})` : p.status),
      [...p.metrics.map((m) => markdownCodeSpan(m)), ...p.unknowable.map(markdownCell)].join(', ') || '\u2014',
    ]),
  );
  out += `\n#### Metrics (${report.metrics.length})\n\n`;
  out += table(
    ['Metric', 'Status', 'Why'],
    report.metrics.map((m) => [
      `${markdownCodeSpan(m.query)}${m.via ? ` (via ${markdownCell(m.via)})` : ''}`,
      markdownCell(m.status.kind),
      markdownCell(metricDetail(m, summary, infos)),
    ]),
  );
  if (scrape && scrape.findings.length > 0) {
    out += '\n#### Scrape\n\n';
    for (const line of scrape.findings) out += `- ${markdownCell(line)}\n`;
  }
  if (prometheus) out += prometheusMarkdown(prometheus);
  return out;
}

/** What Prometheus said: which revision runs, each panel's evidence, and the findings beyond panels. */
function prometheusMarkdown(section: PrometheusSection): string {
  const { evidence } = section;
  let out = `\n#### Prometheus (${markdownCodeSpan(section.url, false)}, last ${markdownCell(evidence.window)}${evidence.job ? `, job ${markdownCodeSpan(evidence.job, false)}` : ''})\n\n`;
  for (const sentence of section.deployment?.sentences ?? []) out += `- ${markdownCell(sentence)}\n`;
  for (const panel of evidence.panels) for (const e of panel.evidence) out += `- ${markdownCell(`"${panel.title || panel.path}": ${e.text}`)}\n`;
  for (const finding of evidence.findings) out += `- ${markdownCell(finding)}\n`;
  return out;
}
