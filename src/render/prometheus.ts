import type { Deployment } from '../analyses/deployed-revision.js';
import type { MetricSeriesEvidence } from '../analyses/metric-series.js';
import type { PrometheusEvidence } from '../analyses/prometheus-evidence.js';
import { explainRow as row } from './explain-row.js';
import { wrapParagraph } from './wrap-text.js';

/** What `--prometheus` added to a dashboard run: where it asked, which revision runs, and each panel's evidence. */
export interface PrometheusSection {
  /** The server's URL as it may be printed (no password). */
  readonly url: string;
  readonly deployment: Deployment | null;
  readonly evidence: PrometheusEvidence;
}

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

export function deploymentJson(deployment: Deployment | null) {
  if (deployment === null) return null;
  return {
    source: deployment.source,
    chosen: deployment.chosen,
    mixed: deployment.mixed,
    jobs: deployment.jobs.map((j) => ({
      job: j.job,
      revisions: j.revisions.map((r) => ({ commit: r.commit, metric: r.metric, label: r.label, value: r.value, refs: r.refs, instances: r.instances })),
    })),
    matches: deployment.matches,
    sentences: deployment.sentences,
  };
}

export function prometheusSectionJson(section: PrometheusSection) {
  const { evidence } = section;
  return {
    url: section.url,
    window: evidence.window,
    job: evidence.job,
    deployment: deploymentJson(section.deployment),
    foreign: evidence.foreign,
    findings: evidence.findings,
  };
}

/** The evidence of one panel, by its JSON path, for the panel entries of the dashboard JSON. */
export function panelEvidenceJson(section: PrometheusSection, path: string) {
  const panel = section.evidence.panels.find((p) => p.path === path);
  return (panel?.evidence ?? []).map((e) => ({ kind: e.kind, metric: e.metric, selector: e.selector, series: e.series, jobs: e.jobs, text: e.text }));
}

/** The rows `explain` prints for `--prometheus`. */
export function explainPrometheusRows(url: string, series: MetricSeriesEvidence, deployment: Deployment | null): string {
  let out = '';
  for (const sentence of deployment?.sentences ?? []) out += row('running', sentence);
  out += row('prometheus', `${series.text} (${url})`);
  return out;
}

export function explainPrometheusJson(url: string, series: MetricSeriesEvidence, deployment: Deployment | null) {
  return {
    url,
    window: series.window,
    job: series.job,
    present: series.present,
    series: series.series,
    jobs: series.jobs,
    text: series.text,
    deployment: deploymentJson(deployment),
  };
}
