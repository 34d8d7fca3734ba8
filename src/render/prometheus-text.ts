import type { Deployment } from '../analyses/deployed-revision.js';
import type { MetricSeriesEvidence } from '../analyses/metric-series.js';
import { explainRow as row } from './explain-row.js';
import type { PrometheusSection } from './prometheus-section.js';
import { wrapParagraph } from './wrap-text.js';

export function prometheusSectionText(section: PrometheusSection, columns: number): string {
  const { evidence } = section;
  let out = `\nPrometheus (${section.url}, last ${evidence.window}${evidence.job ? `, job ${evidence.job}` : ''})\n`;
  for (const sentence of section.deployment?.sentences ?? []) out += wrapParagraph(sentence, columns, 2);
  for (const panel of evidence.panels) {
    for (const e of panel.evidence) out += wrapParagraph(`"${panel.title || panel.path}": ${e.text}`, columns, 2);
  }
  for (const finding of evidence.findings) out += wrapParagraph(finding, columns, 2);
  return out;
}

/** The rows `explain` prints for `--prometheus`. */
export function explainPrometheusRows(url: string, series: MetricSeriesEvidence, deployment: Deployment | null): string {
  let out = '';
  for (const sentence of deployment?.sentences ?? []) out += row('running', sentence);
  out += row('prometheus', `${series.text} (${url})`);
  return out;
}
