import type { DashboardReport } from '../analyses/dashboard-report.js';
import type { Cause, RootCauseSummary } from '../analyses/root-cause.js';
import type { ScrapeCheck } from '../analyses/scrape-check.js';
import type { CommitInfos } from './commit-infos.js';
import { metricDetail, summarySentences } from './dashboard-wording.js';
import { envelope, metricJson } from './json.js';
import { panelEvidenceJson, prometheusSectionJson } from './prometheus-json.js';
import type { PrometheusSection } from './prometheus-section.js';

/** Each metric once: the analysis already gives one entry per metric name. */
function causeMetricNames(cause: Cause): string[] {
  switch (cause.kind) {
    case 'not-deployed':
      return [...new Set(cause.metrics)];
    case 'unknown':
      return [...new Set(cause.metrics.map((m) => m.query))];
    default:
      return [...new Set(cause.metrics.map((m) => m.name))];
  }
}

export function renderDashboardJson(report: DashboardReport, summary: RootCauseSummary, scrape: ScrapeCheck | null, infos: CommitInfos, prometheus: PrometheusSection | null = null): string {
  return envelope('dashboard', {
    title: report.title,
    deployed: report.deployed,
    panels: report.panels.map((p) => ({
      title: p.title,
      path: p.path,
      row: p.row,
      status: p.status,
      registration: p.registration,
      metrics: p.metrics,
      unknowable: p.unknowable,
      errors: p.errors.map((e) => ({ refId: e.refId, offset: e.error.offset, message: e.error.message })),
      // Only with --prometheus: what it showed for each of the panel's metrics.
      ...(prometheus ? { evidence: panelEvidenceJson(prometheus, p.path) } : {}),
    })),
    metrics: report.metrics.map((m) => ({
      query: m.query,
      name: m.name,
      via: m.via,
      status: m.status.kind,
      panels: m.panels,
      detail: metricDetail(m, summary, infos),
      definitions: m.status.kind === 'ok' ? m.status.definitions.map(metricJson) : 'definition' in m.status ? [metricJson(m.status.definition)] : [],
      refs: m.status.kind === 'not-deployed' ? m.status.refs.map((r) => ({ ref: r.ref, commit: r.commit, ahead: r.ahead, behind: r.behind })) : [],
      introducedBy: m.status.kind === 'not-deployed' ? m.status.introducedBy : [],
      removedBy: m.status.kind === 'removed' ? m.status.removedBy : null,
      registration: m.status.kind === 'lazy' ? m.status.registration : null,
      uses: m.status.kind === 'lazy' ? m.status.uses : [],
      binaries: m.status.kind === 'lazy' ? m.status.binaries : [],
      closest: m.status.kind === 'unknown' ? m.status.closest : [],
      reason: 'reason' in m.status ? m.status.reason : null,
    })),
    summary: {
      panelsWithoutData: summary.panelsWithoutData,
      panelsUntilFirstUse: summary.panelsUntilFirstUse,
      panelsAnalysed: summary.panelsAnalysed,
      causes: summary.causes.map((c) => ({
        kind: c.kind,
        registration: c.kind === 'lazy' ? c.registration : null,
        metrics: causeMetricNames(c),
        // The refs the text names (best first) and every other ref with any of the metrics.
        bestRef: c.kind === 'not-deployed' ? (c.bestRef?.ref ?? null) : null,
        otherRefs: c.kind === 'not-deployed' ? c.otherRefs : [],
      })),
      initialize: summary.initialize,
      sentences: summarySentences(summary, infos),
    },
    notes: report.notes,
    scrape: scrape ? { findings: scrape.findings, bestMatch: scrape.bestMatch } : null,
    ...(prometheus ? { prometheus: prometheusSectionJson(prometheus) } : {}),
  });
}
