import { buildSelector, type SelectorMatcher } from '../dashboards/promql-selector.js';
import type { LabelSet } from '../dashboards/prometheus-api.js';
import type { IndexView } from '../history/index-queries.js';
import type { MetricDefinition } from '../model/metric.js';
import type { DashboardReport, MetricFinding, PanelFinding } from './dashboard-report.js';
import { worstStatus, type MetricStatus, type PanelStatusKind } from './metric-status.js';
import type { PanelSelector, PanelSelectors } from './panel-selectors.js';
import { adviceOrder } from './ref-order.js';

/** What Prometheus answered, gathered by the command for the questions `questionsFor` lists. */
export interface SeriesObservations {
  /** The window asked about, as written: `1h`, `6h`. */
  readonly window: string;
  /** `--job`: every question was restricted to this job. */
  readonly job: string | null;
  /** Every series of each metric name asked, without the panels' matchers. */
  readonly byName: ReadonlyMap<string, readonly LabelSet[]>;
  /** The server cut an answer at its limit: a name missing from `byName` may still have series. */
  readonly truncated: boolean;
  /** How many series each selector with matchers has, by its text (see `selectorText`). */
  readonly bySelector: ReadonlyMap<string, number>;
}

export type EvidenceKind = 'no-series' | 'series-present' | 'query-problem' | 'unexpected-series' | 'not-asked';

/** One metric of a panel, as Prometheus sees it, joined with what the code says. */
export interface PanelEvidence {
  readonly kind: EvidenceKind;
  readonly metric: string;
  /** The selector asked when the panel's matchers apply, else null. */
  readonly selector: string | null;
  readonly series: number;
  readonly jobs: readonly string[];
  readonly text: string;
}

export interface PanelPrometheus {
  readonly path: string;
  readonly title: string;
  readonly evidence: readonly PanelEvidence[];
}

export interface PrometheusEvidence {
  readonly window: string;
  readonly job: string | null;
  readonly panels: readonly PanelPrometheus[];
  /** Metrics of this repository with series that the deployed ref does not define. */
  readonly foreign: readonly string[];
  readonly findings: readonly string[];
  /** The report with panels whose query (not their metric) Prometheus shows to be the problem marked `query-problem`. */
  readonly report: DashboardReport;
}

/** The label matchers every question carries: `--job`. */
export function jobMatchers(job: string | null): SelectorMatcher[] {
  return job === null ? [] : [{ label: 'job', op: '=', value: job }];
}

export function selectorText(metric: string, matchers: readonly SelectorMatcher[], job: string | null): string {
  const own = matchers.filter((m) => !(job !== null && m.label === 'job' && m.op === '=' && m.value === job));
  return buildSelector(metric, [...jobMatchers(job), ...own]);
}

/** The metric names to ask for series, and the selectors with matchers to ask about one by one. */
export function questionsFor(panels: readonly PanelSelectors[], job: string | null): { names: string[]; selectors: string[] } {
  const names = new Set<string>();
  const selectors = new Set<string>();
  for (const panel of panels) {
    for (const s of panel.selectors) {
      names.add(s.metric);
      for (const input of s.ruleInputs ?? []) names.add(input);
      if (s.matchers.length > 0) selectors.add(selectorText(s.metric, s.matchers, job));
    }
  }
  return { names: [...names].sort(), selectors: [...selectors].sort() };
}

export interface EvidenceContext {
  readonly view: IndexView;
  readonly defaultBranch: string | null;
  /** Names of every metric Prometheus has in the window (label `__name__`). */
  readonly namesInPrometheus: ReadonlySet<string>;
}

/** Joins Prometheus's answers with each panel's code status. */
export function prometheusEvidence(report: DashboardReport, panels: readonly PanelSelectors[], observed: SeriesObservations, context: EvidenceContext): PrometheusEvidence {
  const deployed = report.deployed.ref;
  const where = `in the last ${observed.window}${observed.job ? ` (job ${observed.job})` : ''}`;
  const statusOf = (query: string): MetricFinding | undefined =>
    report.metrics.find((m) => m.query === query && m.status.kind !== 'query-problem') ?? report.metrics.find((m) => m.query === query);
  const problems = new Map<string, { finding: MetricFinding; reason: string; definition: MetricDefinition }>();
  const outPanels: PanelPrometheus[] = [];
  const adjusted = new Map<string, PanelStatusKind>();

  for (const panel of panels) {
    const evidence: PanelEvidence[] = [];
    for (const s of panel.selectors) {
      const item = selectorEvidence(s, observed, statusOf(s.metric), { deployed, where, defaultBranch: context.defaultBranch });
      evidence.push(item);
      if (item.kind !== 'query-problem') continue;
      const finding = statusOf(s.metric);
      const definition = finding ? definitionOf(finding.status) : null;
      if (finding && definition) problems.set(`${s.metric}\n${item.text}`, { finding: { ...finding, panels: [panel.title] }, reason: item.text, definition });
    }
    for (const name of panel.unaskable) {
      evidence.push({ kind: 'not-asked', metric: name, selector: null, series: 0, jobs: [], text: `${name}: not asked (the metric name is not known without the dashboard's variables)` });
    }
    if (evidence.some((e) => e.kind === 'query-problem')) {
      const before = report.panels.find((p) => p.path === panel.path)?.status ?? 'ok';
      adjusted.set(panel.path, worstStatus([before, 'query-problem']));
    }
    outPanels.push({ path: panel.path, title: panel.title, evidence });
  }

  const deployedNames = context.view.metricNamesAt(report.deployed.commit);
  const foreign = new Set<string>();
  for (const def of context.view.data.defs) {
    if (deployedNames.has(def.name) || !context.view.knowsMetric(def.name)) continue;
    if (def.series.some((s) => context.namesInPrometheus.has(s)) || context.namesInPrometheus.has(def.name)) foreign.add(def.name);
  }
  const findings: string[] = [];
  if (foreign.size > 0) {
    const names = [...foreign].sort();
    findings.push(
      `Prometheus has series ${where} for ${names.length} metric${names.length === 1 ? '' : 's'} of this repository that ${deployed} does not define: ${names.join(', ')}. Production is not running ${deployed}.`,
    );
  }
  if (observed.truncated) findings.push('Prometheus cut some answers at its series limit: a metric reported without series may still have some.');

  const panelsOut: PanelFinding[] = report.panels.map((p) => (adjusted.has(p.path) ? { ...p, status: adjusted.get(p.path) as PanelStatusKind, registration: null } : p));
  const extra: MetricFinding[] = [...problems.values()].map(({ finding, reason, definition }) => ({
    ...finding,
    status: { kind: 'query-problem', definition, problem: 'label', reason },
  }));
  const metrics = [...report.metrics, ...extra].sort((a, b) => (a.query < b.query ? -1 : a.query > b.query ? 1 : Number(a.status.kind === 'query-problem') - Number(b.status.kind === 'query-problem')));
  return { window: observed.window, job: observed.job, panels: outPanels, foreign: [...foreign].sort(), findings, report: { ...report, panels: panelsOut, metrics } };
}

interface Phrasing {
  readonly deployed: string;
  readonly where: string;
  readonly defaultBranch: string | null;
}

function selectorEvidence(s: PanelSelector, observed: SeriesObservations, finding: MetricFinding | undefined, phrasing: Phrasing): PanelEvidence {
  const all = observed.byName.get(s.metric) ?? [];
  const jobs = jobsOf(all);
  const unapplied = s.unapplied.length > 0 ? ` (not applied, their template values are unknown: ${s.unapplied.join(', ')})` : '';
  const metricText = selectorText(s.metric, [], observed.job);
  if (all.length === 0) {
    const inputs = (s.ruleInputs ?? []).filter((i) => (observed.byName.get(i) ?? []).length > 0);
    if (s.ruleInputs && inputs.length > 0) {
      return {
        kind: 'query-problem',
        metric: s.metric,
        selector: null,
        series: 0,
        jobs: [],
        text: `series present: the panel's query, not the metric, is the problem: recording rule ${s.metric} has no output ${phrasing.where} although ${inputs.join(', ')} ${inputs.length === 1 ? 'has' : 'have'} series; is the rule loaded in this Prometheus?`,
      };
    }
    const why = codeReasonAbsent(finding, phrasing);
    return { kind: 'no-series', metric: s.metric, selector: null, series: 0, jobs: [], text: `Prometheus has no series for ${s.metric} ${phrasing.where}${why ? `: ${why}` : ''}` };
  }
  if (s.matchers.length > 0) {
    const selector = selectorText(s.metric, s.matchers, observed.job);
    const count = observed.bySelector.get(selector) ?? 0;
    if (count === 0) {
      const seen = s.matchers.map((m) => `${m.label}: ${valuesOf(all, m.label)}`).join('; ');
      return {
        kind: 'query-problem',
        metric: s.metric,
        selector,
        series: 0,
        jobs,
        text: `series present: the panel's query, not the metric, is the problem: ${selector} matches none of the ${all.length} series of ${s.metric} ${phrasing.where} (they have ${seen})${unapplied}`,
      };
    }
    return presentEvidence(s, finding, phrasing, selector, count, jobs, unapplied);
  }
  return presentEvidence(s, finding, phrasing, observed.job ? metricText : null, all.length, jobs, unapplied);
}

function presentEvidence(s: PanelSelector, finding: MetricFinding | undefined, phrasing: Phrasing, selector: string | null, count: number, jobs: readonly string[], unapplied: string): PanelEvidence {
  const seriesText = `${count} series${jobs.length > 0 ? `, job${jobs.length === 1 ? '' : 's'} ${jobs.join(', ')}` : ''}`;
  const status = finding?.status;
  if (status && (status.kind === 'not-deployed' || status.kind === 'removed')) {
    return {
      kind: 'unexpected-series',
      metric: s.metric,
      selector,
      series: count,
      jobs,
      text: `Prometheus has series for ${s.metric} (${seriesText}) although ${phrasing.deployed} ${status.kind === 'removed' ? 'no longer defines' : 'does not define'} it: production is not running ${phrasing.deployed}`,
    };
  }
  const note = status?.kind === 'lazy' ? `: ${lazyPresent(status.registration)}` : status?.kind === 'unknown' && s.ruleInputs === null ? ': no ref of this repository defines it, so another service exports it' : '';
  return { kind: 'series-present', metric: s.metric, selector, series: count, jobs, text: `series present for ${selector ?? s.metric} (${seriesText})${note}${unapplied}` };
}

function lazyPresent(registration: string): string {
  switch (registration) {
    case 'never-used':
      return 'although nothing in the deployed code uses it, so production runs other code';
    case 'error-path':
      return 'its error path has run since the last restart';
    case 'first-use':
      return 'its first use has happened since the last restart';
    default:
      return 'registered by now';
  }
}

/** The code's reason for a metric Prometheus has no series of. */
function codeReasonAbsent(finding: MetricFinding | undefined, phrasing: Phrasing): string | null {
  const s = finding?.status;
  if (!s) return null;
  const { deployed } = phrasing;
  switch (s.kind) {
    case 'not-deployed': {
      const [first] = adviceOrder(s.refs, { deployed, defaultBranch: phrasing.defaultBranch });
      return `not deployed: ${deployed} does not define it${first ? `; it exists on ${first.ref} (${first.ahead} ahead)` : ''}`;
    }
    case 'removed':
      return `removed: ${deployed} no longer defines it${s.removedBy ? ` (removed by ${s.removedBy.slice(0, 10)})` : ''}`;
    case 'lazy':
      switch (s.registration) {
        case 'never-used':
          return 'never-used: nothing in the code uses it, so it is never registered (confirmed)';
        case 'error-path':
          return 'error-path: it appears only after its first error, and none has happened (as predicted)';
        case 'first-use':
          return 'first-use: it appears at its first use, which has not happened (as predicted)';
        case 'unknown':
          return `lazy, start-up registration undetermined: ${s.reason ?? 'no reason recorded'}`;
      }
      break;
    case 'no-series-yet':
      return 'no-series-yet: a labelled metric has no series until its first with_label_values (as predicted)';
    case 'ok':
      return `although ${deployed} registers it at startup: this Prometheus does not scrape the service, or the service does not run ${deployed}`;
    case 'external':
      return `${s.reason}; is that target scraped?`;
    case 'query-problem':
      return `as predicted: ${s.reason}`;
    case 'unknown':
      return s.reason;
  }
  return null;
}

function definitionOf(status: MetricStatus): MetricDefinition | null {
  if (status.kind === 'ok') return status.definitions[0] ?? null;
  if (status.kind === 'lazy' || status.kind === 'no-series-yet' || status.kind === 'query-problem') return status.definition;
  return null;
}

export function jobsOf(series: readonly LabelSet[]): string[] {
  return [...new Set(series.map((s) => s['job']).filter((j): j is string => j !== undefined))].sort();
}

/** `ingester, canary`, or `none` when no series has the label; at most five values. */
function valuesOf(series: readonly LabelSet[], label: string): string {
  const values = [...new Set(series.map((s) => s[label]).filter((v): v is string => v !== undefined))].sort();
  if (values.length === 0) return 'no such label';
  const shown = values.slice(0, 5).map((v) => JSON.stringify(v)).join(', ');
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
}
