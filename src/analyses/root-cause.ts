import type { Holder } from '../extract/metric-kinds.js';
import { holderPath, type MetricDefinition } from '../model/metric.js';
import { groupBy } from '../util/group-by.js';
import type { DashboardReport, MetricFinding, PanelFinding } from './dashboard-report.js';
import { REGISTRATION_SEVERITY, type LazyRegistration, type MetricStatus } from './metric-status.js';
import type { RefDefining } from './explain.js';
import { adviceComparator, type AdviceContext } from './ref-order.js';
import type { SourceSite } from './startup-status.js';

/** A lazily held metric in a cause: where it is defined and the uses that register it. */
export interface LazyMetric {
  readonly name: string;
  readonly definition: MetricDefinition;
  readonly uses: readonly SourceSite[];
  /** Why start-up analysis could not decide (registration `unknown`), else null. */
  readonly reason: string | null;
}

/**
 * The findings of a dashboard report grouped by cause, as an engineer would write them up: one entry
 * per metric (the code's name), not per series, so `x_bucket`, `x_sum` and `x_count` count once.
 */
export type Cause =
  | {
      readonly kind: 'not-deployed';
      readonly metrics: readonly string[];
      /**
       * Of the refs that have the most of these metrics, the one to suggest: the default branch, then
       * release tags newer than the deployed ref, then other branches (see `adviceComparator`).
       */
      readonly bestRef: RefDefining | null;
      /** How many of the metrics the best ref defines. */
      readonly onBestRef: number;
      /** The other refs with any of them, in the same order. */
      readonly otherRefs: readonly string[];
      readonly introducedBy: readonly string[];
    }
  /** Lazily held, not forced at start-up, grouped by when they appear (`registration`). */
  | { readonly kind: 'lazy'; readonly registration: LazyRegistration; readonly metrics: readonly LazyMetric[] }
  /** One entry per metric; `reasons` has one per distinct problem of its series (`x_bucket` without `le` …). */
  | { readonly kind: 'query-problem'; readonly metrics: readonly { readonly name: string; readonly panels: readonly string[]; readonly reasons: readonly string[] }[] }
  | { readonly kind: 'no-series-yet'; readonly metrics: readonly { readonly name: string; readonly definition: MetricDefinition }[] }
  | { readonly kind: 'removed'; readonly metrics: readonly { readonly name: string; readonly removedBy: string | null }[] }
  | { readonly kind: 'unknown'; readonly metrics: readonly { readonly query: string; readonly closest: readonly string[]; readonly reason: string }[] };

/**
 * Where to force lazily held statics at start-up: an initialise function in the file that holds
 * them (`lazy_static::initialize(&X)` for each, or what forces that kind of holder), called from the
 * `main` of each binary that links them. One fix per file and kind of holder.
 */
export interface InitializeFix {
  readonly file: string;
  readonly holder: Exclude<Holder, 'eager'>;
  readonly statics: readonly string[];
  readonly callFrom: readonly string[];
}

export interface RootCauseSummary {
  readonly deployed: string;
  /** HEAD's branch, else main/master: the first ref advice names. */
  readonly defaultBranch: string | null;
  /** Panels that show No data for a certain cause: not deployed, removed, never used, a query that cannot match, an unknown name. */
  readonly panelsWithoutData: number;
  /** Panels that may show No data for a while: metrics that appear after an error or a first use, undetermined start-up, no series yet. */
  readonly panelsUntilFirstUse: number;
  readonly panelsAnalysed: number;
  /** Certain causes first, then the ones that only delay data. */
  readonly causes: readonly Cause[];
  readonly initialize: readonly InitializeFix[];
}

/** Causes that make a panel show No data for as long as the deployed code runs. */
export function isCertainCause(cause: Cause): boolean {
  return cause.kind === 'lazy' ? cause.registration === 'never-used' : cause.kind !== 'no-series-yet';
}

/** Whether a panel's metrics make it show No data for certain (its status and, when lazy, the registration). */
function certainlyWithoutData(panel: PanelFinding): boolean {
  if (panel.status === 'lazy') return panel.registration === 'never-used';
  return panel.status !== 'ok' && panel.status !== 'external' && panel.status !== 'no-series-yet';
}

type FindingOf<K extends MetricStatus['kind']> = MetricFinding & { status: Extract<MetricStatus, { kind: K }> };

/** Findings by the code's metric name (the query when no name resolved), in first-seen order. */
function perMetric<T extends MetricFinding>(findings: readonly T[]): [string, T[]][] {
  return [...groupBy(findings, (f) => f.name ?? f.query)];
}

const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];

/**
 * `orderOf` gives a commit's position in history, so introductions are listed oldest first;
 * `defaultBranch` (HEAD's branch, else main/master) is the first ref to suggest.
 */
export function rootCauses(report: DashboardReport, orderOf: (commit: string) => number, defaultBranch: string | null = null): RootCauseSummary {
  const panelsAnalysed = report.panels.length;
  const panelsWithoutData = report.panels.filter(certainlyWithoutData).length;
  const panelsUntilFirstUse = report.panels.filter((p) => p.status !== 'ok' && p.status !== 'external' && !certainlyWithoutData(p)).length;
  const byKind = <K extends MetricStatus['kind']>(kind: K) => report.metrics.filter((m): m is FindingOf<K> => m.status.kind === kind);
  const certain: Cause[] = [];
  const delayed: Cause[] = [];

  const notDeployed = byKind('not-deployed');
  if (notDeployed.length > 0) certain.push(notDeployedCause(notDeployed, orderOf, { deployed: report.deployed.ref, defaultBranch }));
  const lazy = byKind('lazy');
  for (const registration of REGISTRATION_SEVERITY) {
    const metrics = perMetric(lazy.filter((m) => m.status.registration === registration)).map(([name, [m]]) => {
      const { definition, uses, reason } = (m as FindingOf<'lazy'>).status;
      return { name, definition, uses, reason };
    });
    if (metrics.length > 0) (registration === 'never-used' ? certain : delayed).push({ kind: 'lazy', registration, metrics });
  }
  const problems = perMetric(byKind('query-problem'));
  if (problems.length > 0) {
    const metrics = problems.map(([name, series]) => ({ name, panels: unique(series.flatMap((m) => m.panels)), reasons: unique(series.map((m) => m.status.reason)) }));
    certain.push({ kind: 'query-problem', metrics });
  }
  const removed = perMetric(byKind('removed'));
  if (removed.length > 0) certain.push({ kind: 'removed', metrics: removed.map(([name, [m]]) => ({ name, removedBy: (m as FindingOf<'removed'>).status.removedBy })) });
  // No ref defines these, so there is no code name to group by: one entry per query.
  const unknown = byKind('unknown');
  if (unknown.length > 0) certain.push({ kind: 'unknown', metrics: unknown.map((m) => ({ query: m.query, closest: m.status.closest, reason: m.status.reason })) });
  const noSeries = perMetric(byKind('no-series-yet'));
  if (noSeries.length > 0) delayed.push({ kind: 'no-series-yet', metrics: noSeries.map(([name, [m]]) => ({ name, definition: (m as FindingOf<'no-series-yet'>).status.definition })) });

  return { deployed: report.deployed.ref, defaultBranch, panelsWithoutData, panelsUntilFirstUse, panelsAnalysed, causes: [...certain, ...delayed], initialize: initializeFixes(lazy) };
}

/** One fix per file of statics that are lazy for a known reason (not `unknown`), with the mains to call it from. */
function initializeFixes(lazy: readonly FindingOf<'lazy'>[]): InitializeFix[] {
  const byHolder = new Map<string, { file: string; holder: Exclude<Holder, 'eager'>; statics: Set<string>; callFrom: Set<string> }>();
  for (const m of lazy) {
    const { definition, registration, binaries } = m.status;
    const holder = definition.holder;
    if (registration === 'unknown' || definition.static === null || holder === 'eager') continue;
    const file = holderPath(definition);
    const key = `${file}\0${holder}`;
    const fix = byHolder.get(key) ?? { file, holder, statics: new Set<string>(), callFrom: new Set<string>() };
    fix.statics.add(definition.static);
    for (const binary of binaries) fix.callFrom.add(binary);
    byHolder.set(key, fix);
  }
  return [...byHolder]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, fix]) => ({ file: fix.file, holder: fix.holder, statics: [...fix.statics].sort(), callFrom: [...fix.callFrom].sort() }));
}

/** Coverage counts metrics, not series: a histogram's three series on a branch are one metric there. */
function notDeployedCause(findings: readonly FindingOf<'not-deployed'>[], orderOf: (commit: string) => number, advice: AdviceContext): Cause {
  const coverage = new Map<string, { ref: RefDefining; count: number }>();
  const introducedBy = new Set<string>();
  const metrics = perMetric(findings);
  for (const [, series] of metrics) {
    const refs = new Map<string, RefDefining>();
    for (const { status } of series) {
      for (const commit of status.introducedBy) introducedBy.add(commit);
      for (const ref of status.refs) refs.set(ref.ref, ref);
    }
    for (const ref of refs.values()) {
      const entry = coverage.get(ref.ref);
      if (entry) entry.count++;
      else coverage.set(ref.ref, { ref, count: 1 });
    }
  }
  const advise = adviceComparator(advice);
  // A ref must have the metrics before its kind counts: most coverage first, then the advice order.
  const ranked = [...coverage.values()].sort((a, b) => b.count - a.count || advise(a.ref, b.ref));
  const best = ranked[0] ?? null;
  return {
    kind: 'not-deployed',
    metrics: metrics.map(([name]) => name),
    bestRef: best?.ref ?? null,
    onBestRef: best?.count ?? 0,
    otherRefs: ranked.slice(1).map((r) => r.ref.ref),
    introducedBy: [...introducedBy].sort((a, b) => orderOf(a) - orderOf(b)),
  };
}
