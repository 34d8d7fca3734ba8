/**
 * The data an incident page is drawn from, and its `--json`: plain values only (strings, numbers,
 * arrays), so the page and the JSON cannot disagree. Field names are a public contract, like the
 * other commands' JSON.
 */
import type { Explanation, Verdict } from '../../analyses/explain.js';
import type { IncidentReport, PlacedPanel, StartupItem } from '../../analyses/report/incident-report.js';
import type { RootCauseSummary } from '../../analyses/root-cause.js';
import type { SourceSite } from '../../analyses/startup-status.js';
import { commitUrl } from '../../git/remote-url.js';
import { shortSha, type CommitInfos } from '../commit-infos.js';
import { metricDetail, summarySentences } from '../dashboard-wording.js';
import { onlyInPhrase } from '../explain-wording.js';
import { detail as historyDetail } from '../history-wording.js';
import { envelope } from '../json.js';
import { kindLabel } from '../kind-label.js';
import { displayStatusOf, noDataOf, STATUS_DISPLAY, statusLabel, type DisplayStatus } from './status-display.js';

export interface CommitData {
  readonly sha: string;
  readonly short: string;
  readonly subject: string | null;
  readonly author: string | null;
  readonly date: string | null;
  /** A web page for the commit, when the origin remote is a known forge. */
  readonly url: string | null;
}

export interface PanelMetricData {
  readonly query: string;
  readonly name: string | null;
  readonly via: string | null;
  readonly status: string;
  readonly detail: string;
}

export interface PanelData {
  /** The element id of the panel's explanation. */
  readonly anchor: string;
  readonly index: number;
  readonly title: string;
  readonly type: string;
  readonly path: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly status: DisplayStatus;
  readonly label: string;
  /** `certain`: No data for as long as this code runs; `until-first-use`: for a while; `no`: it has data. */
  readonly noData: 'certain' | 'until-first-use' | 'no' | 'not-checked';
  readonly metrics: readonly PanelMetricData[];
  /** Queries that do not parse, names no query can know. */
  readonly problems: readonly string[];
  /** Outside evidence (Prometheus), line by line; empty when none was gathered. */
  readonly evidence: readonly string[];
}

export interface ReportData {
  readonly deployed: { readonly ref: string; readonly commit: string };
  readonly defaultBranch: string | null;
  /** The root cause, sentence by sentence: the first is the headline. */
  readonly summary: readonly string[];
  readonly dashboard: {
    readonly title: string | null;
    readonly panelsWithoutData: number;
    readonly panelsUntilFirstUse: number;
    readonly panelsAnalysed: number;
    readonly rows: readonly { readonly title: string | null; readonly height: number; readonly panels: readonly PanelData[] }[];
  } | null;
  /** Statuses present on the page, in the order of the legend, with how many panels have each. */
  readonly legend: readonly { readonly status: DisplayStatus; readonly label: string; readonly panels: number }[];
  readonly metrics: readonly MetricData[];
  readonly branches: readonly BranchData[];
  readonly startup: readonly StartupData[];
  /** Every commit named above, by full id. */
  readonly commits: Readonly<Record<string, CommitData>>;
}

export interface MetricData {
  readonly anchor: string;
  readonly query: string;
  readonly name: string | null;
  readonly requested: boolean;
  readonly kind: string | null;
  readonly help: string | null;
  readonly verdict: { readonly kind: Verdict['kind']; readonly text: string } | null;
  readonly sites: readonly { readonly path: string; readonly line: number; readonly static: string | null; readonly holder: string; readonly refs: readonly string[] }[];
  readonly timeline: readonly { readonly kind: string; readonly commit: string; readonly detail: string; readonly reached: readonly string[] }[];
  readonly closest: readonly string[];
}

export interface BranchData {
  readonly metrics: readonly string[];
  readonly deployed: { readonly ref: string; readonly commit: string };
  readonly lanes: readonly {
    readonly ref: string;
    readonly commit: string;
    readonly ahead: number;
    readonly behind: number;
    readonly mergeBase: string | null;
    readonly marks: readonly { readonly kind: 'introduced' | 'merged'; readonly commit: string; readonly position: number; readonly metrics: readonly string[] }[];
  }[];
  readonly moreRefs: readonly string[];
}

export interface StartupData {
  readonly metric: string;
  readonly path: string;
  readonly line: number;
  readonly static: string | null;
  readonly holder: string;
  readonly status: string;
  /** `forced`: the functions from `main` to the site that forces it. */
  readonly chain: readonly string[];
  readonly site: SourceSite | null;
  readonly binary: string | null;
  /** `first-use` and `error-path`: where it is touched (and so registered). */
  readonly uses: readonly SourceSite[];
  readonly reason: string | null;
  readonly binaries: readonly string[];
}

export function reportData(report: IncidentReport, infos: CommitInfos, urlTemplate: string | null): ReportData {
  const dashboard = report.dashboard;
  const panels = dashboard ? dashboard.rows.flatMap((r) => r.panels.map((p) => panelData(p, dashboard.findings.metrics, dashboard.summary, infos))) : [];
  const byIndex = new Map(panels.map((p) => [p.index, p]));
  const commits: Record<string, CommitData> = {};
  const note = (sha: string) => {
    const info = infos.get(sha);
    commits[sha] = {
      sha,
      short: shortSha(sha),
      subject: info?.subject ?? null,
      author: info?.author ?? null,
      date: info?.date ?? null,
      url: urlTemplate === null ? null : commitUrl(urlTemplate, sha),
    };
  };
  for (const sha of [...infos.keys()].sort()) note(sha);
  const requested = report.metrics.filter((m) => m.requested).map((m) => verdictSentence(m.explanation));
  return {
    deployed: report.deployed,
    defaultBranch: report.defaultBranch,
    summary: [...(dashboard ? summarySentences(dashboard.summary, infos) : []), ...requested],
    dashboard: dashboard
      ? {
          title: dashboard.title,
          panelsWithoutData: dashboard.summary.panelsWithoutData,
          panelsUntilFirstUse: dashboard.summary.panelsUntilFirstUse,
          panelsAnalysed: dashboard.summary.panelsAnalysed,
          rows: dashboard.rows.map((r) => ({ title: r.title, height: r.height, panels: r.panels.map((p) => byIndex.get(p.index) as PanelData) })),
        }
      : null,
    legend: STATUS_DISPLAY.map((status) => ({ status, label: statusLabel(status), panels: panels.filter((p) => p.status === status).length })).filter((l) => l.panels > 0),
    metrics: report.metrics.map((m, i) => metricData(m.explanation, m.requested, m.history.events, i)),
    branches: report.branches.map((b) => ({
      metrics: b.metrics,
      deployed: b.deployed,
      lanes: b.lanes.map((l) => ({ ref: l.ref, commit: l.commit, ahead: l.ahead, behind: l.behind, mergeBase: l.mergeBase, marks: l.marks })),
      moreRefs: b.moreRefs,
    })),
    startup: report.startup.map(startupData),
    commits,
  };
}

export function renderReportJson(data: ReportData): string {
  return envelope('report', data);
}

function panelData(p: PlacedPanel, findings: NonNullable<IncidentReport['dashboard']>['findings']['metrics'], summary: RootCauseSummary, infos: CommitInfos): PanelData {
  const f = p.finding;
  const status = displayStatusOf(f);
  const metrics = f
    ? findings
        .filter((m) => f.metrics.includes(m.query) && m.panels.includes(f.title))
        .map((m) => ({ query: m.query, name: m.name, via: m.via, status: m.status.kind, detail: metricDetail(m, summary, infos) }))
    : [];
  const problems = f ? [...f.errors.map((e) => `query ${e.refId} does not parse: ${e.error.message}`), ...f.unknowable] : [];
  return {
    anchor: `panel-${p.index}`,
    index: p.index,
    title: p.title,
    type: p.type,
    path: p.path,
    gridPos: { x: p.x, y: p.y, w: p.w, h: p.h },
    status,
    label: statusLabel(status),
    noData: noDataOf(status),
    metrics,
    problems,
    evidence: p.evidence,
  };
}

function verdictText(e: Explanation): string {
  const v = e.verdict;
  if (!v) return '';
  switch (v.kind) {
    case 'deployed':
      return `deployed in ${v.ref}`;
    case 'only-in':
      return onlyInPhrase(v);
    case 'removed':
      return `removed from ${v.ref}${v.removedBy ? ` by ${shortSha(v.removedBy)}` : ''}`;
    case 'never-defined':
      return `never defined in any branch or tag${v.closest.length > 0 ? `; did you mean ${v.closest.join(' or ')}?` : ''}`;
  }
}

function verdictSentence(e: Explanation): string {
  return `${e.name ?? e.query}: ${verdictText(e)}.`;
}

function metricData(e: Explanation, requested: boolean, events: IncidentReport['metrics'][number]['history']['events'], i: number): MetricData {
  return {
    anchor: `metric-${i}`,
    query: e.query,
    name: e.name,
    requested,
    kind: e.definition ? kindLabel(e.definition) : null,
    help: e.definition?.help ?? null,
    verdict: e.verdict ? { kind: e.verdict.kind, text: verdictText(e) } : null,
    sites: e.sites.map((s) => ({ path: s.path, line: s.definition.line, static: s.static, holder: s.definition.holder, refs: s.refs })),
    timeline: events.map((ev) => ({ kind: ev.kind, commit: ev.commit, detail: historyDetail(ev), reached: ev.reached })),
    closest: e.closest,
  };
}

function startupData(item: StartupItem): StartupData {
  const { metric, status, binaries } = item.entry;
  return {
    metric: item.metric,
    path: metric.path,
    line: metric.line,
    static: metric.static,
    holder: metric.holder,
    status: status.kind,
    chain: status.kind === 'forced' ? status.chain : [],
    site: status.kind === 'forced' ? status.site : null,
    binary: status.kind === 'forced' ? status.binary : null,
    uses: status.kind === 'first-use' || status.kind === 'error-path' ? status.uses : [],
    reason: status.kind === 'unknown' ? status.reason : null,
    binaries,
  };
}
