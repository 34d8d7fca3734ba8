import type { Deployment } from '../analyses/deployed-revision.js';
import type { MetricSeriesEvidence } from '../analyses/metric-series.js';
import type { PrometheusSection } from './prometheus-section.js';

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
