import { explainMetric } from '../explain.js';
import { metricHistory } from '../metric-history.js';
import { branchPictures } from './branch-lanes.js';
import type { IncidentReport, MetricSection, ReportInput } from './incident-report.js';
import { layoutPanels } from './panel-layout.js';
import { startupItems } from './startup-items.js';

/**
 * One incident, assembled for a page: the dashboard's findings laid out as Grafana shows them, then
 * for every metric the report mentions its explanation, lifecycle and (when not deployed) the branch
 * picture, and the start-up story of the lazily held ones. Pure over the index and the analyses given.
 */
export function buildIncidentReport(input: ReportInput): IncidentReport {
  const { view, tips, deployed, mainline } = input;
  const sections: MetricSection[] = [];
  const seen = new Set<string>();
  const add = (query: string, requested: boolean) => {
    const explanation = explainMetric({ query, view, tips, deployed, mainline });
    const key = explanation.name ?? `?${query}`;
    if (seen.has(key)) return;
    seen.add(key);
    const history = explanation.name === null ? { query, name: null, closest: explanation.closest, events: [] } : metricHistory(explanation.name, view, tips);
    sections.push({ query, requested, explanation, history });
  };
  for (const query of input.metrics) add(query, true);
  const dashboard = input.dashboard;
  if (dashboard) {
    // Names the code defines (external and never-defined ones have no history to show), sorted.
    const names = [...new Set(dashboard.findings.metrics.filter((m) => m.name !== null && m.status.kind !== 'external').map((m) => m.name as string))].sort();
    for (const name of names) add(name, false);
  }
  const names = new Set(sections.map((s) => s.explanation.name).filter((n): n is string => n !== null));
  return {
    deployed,
    defaultBranch: mainline?.ref ?? null,
    dashboard: dashboard
      ? {
          title: dashboard.findings.title,
          findings: dashboard.findings,
          summary: dashboard.summary,
          rows: layoutPanels(dashboard.source, dashboard.findings, input.evidence),
        }
      : null,
    metrics: sections,
    branches: branchPictures(sections, deployed, view),
    startup: startupItems(input.startup, names),
  };
}

/** Every commit the report names, for their subjects, authors and dates. */
export function commitsInReport(report: IncidentReport): string[] {
  const commits = new Set<string>();
  const add = (c: string | null | undefined) => {
    if (c) commits.add(c);
  };
  for (const s of report.metrics) {
    for (const i of s.explanation.introductions) add(i.commit);
    for (const m of s.explanation.merges) add(m.commit);
    for (const r of s.explanation.removedFrom) add(r.removedBy);
    if (s.explanation.verdict?.kind === 'removed') add(s.explanation.verdict.removedBy);
    for (const e of s.history.events) add(e.commit);
  }
  for (const b of report.branches) for (const lane of b.lanes) for (const m of lane.marks) add(m.commit);
  for (const m of report.dashboard?.findings.metrics ?? []) {
    if (m.status.kind === 'not-deployed') m.status.introducedBy.forEach(add);
    if (m.status.kind === 'removed') add(m.status.removedBy);
  }
  for (const c of report.dashboard?.summary.causes ?? []) if (c.kind === 'not-deployed') c.introducedBy.forEach(add);
  return [...commits].sort();
}
