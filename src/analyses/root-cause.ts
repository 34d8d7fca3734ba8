import type { MetricDefinition } from '../model/metric.js';
import type { DashboardReport, MetricFinding, PanelFinding } from './dashboard-report.js';
import { REGISTRATION_SEVERITY, type LazyRegistration, type MetricStatus } from './metric-status.js';
import type { RefDefining } from './explain.js';
import type { SourceSite } from './startup-status.js';

/** A lazily held metric in a cause: where it is defined and the uses that register it. */
export interface LazyMetric {
  readonly name: string;
  readonly definition: MetricDefinition;
  readonly uses: readonly SourceSite[];
  /** Why start-up analysis could not decide (registration `unknown`), else null. */
  readonly reason: string | null;
}

/** The findings of a dashboard report grouped by cause, as an engineer would write them up. */
export type Cause =
  | {
      readonly kind: 'not-deployed';
      readonly metrics: readonly string[];
      /** The ref that has the most of these metrics with the fewest commits ahead of the deployed ref. */
      readonly bestRef: RefDefining | null;
      /** How many of the metrics the best ref defines. */
      readonly onBestRef: number;
      readonly otherRefs: readonly string[];
      readonly introducedBy: readonly string[];
    }
  /** Lazily held, not forced at start-up, grouped by when they appear (`registration`). */
  | { readonly kind: 'lazy'; readonly registration: LazyRegistration; readonly metrics: readonly LazyMetric[] }
  | { readonly kind: 'query-problem'; readonly metrics: readonly { readonly name: string; readonly panels: readonly string[]; readonly reason: string }[] }
  | { readonly kind: 'no-series-yet'; readonly metrics: readonly { readonly name: string; readonly definition: MetricDefinition }[] }
  | { readonly kind: 'removed'; readonly metrics: readonly { readonly name: string; readonly removedBy: string | null }[] }
  | { readonly kind: 'unknown'; readonly metrics: readonly { readonly query: string; readonly closest: readonly string[]; readonly reason: string }[] };

/**
 * Where to force lazily held statics at start-up: an initialise function in the file that defines
 * them (`lazy_static::initialize(&X)` for each), called from the `main` of each binary that links them.
 */
export interface InitializeFix {
  readonly file: string;
  readonly statics: readonly string[];
  readonly callFrom: readonly string[];
}

export interface RootCauseSummary {
  readonly deployed: string;
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

/** `orderOf` gives a commit's position in history, so introductions are listed oldest first. */
export function rootCauses(report: DashboardReport, orderOf: (commit: string) => number): RootCauseSummary {
  const panelsAnalysed = report.panels.length;
  const panelsWithoutData = report.panels.filter(certainlyWithoutData).length;
  const panelsUntilFirstUse = report.panels.filter((p) => p.status !== 'ok' && p.status !== 'external' && !certainlyWithoutData(p)).length;
  const byKind = <K extends MetricStatus['kind']>(kind: K) =>
    report.metrics.filter((m): m is MetricFinding & { status: Extract<MetricStatus, { kind: K }> } => m.status.kind === kind);
  const certain: Cause[] = [];
  const delayed: Cause[] = [];

  const notDeployed = byKind('not-deployed');
  if (notDeployed.length > 0) certain.push(notDeployedCause(notDeployed, orderOf));
  const lazy = byKind('lazy');
  for (const registration of REGISTRATION_SEVERITY) {
    const metrics = lazy
      .filter((m) => m.status.registration === registration)
      .map((m) => ({ name: m.name ?? m.query, definition: m.status.definition, uses: m.status.uses, reason: m.status.reason }));
    if (metrics.length > 0) (registration === 'never-used' ? certain : delayed).push({ kind: 'lazy', registration, metrics });
  }
  const problems = byKind('query-problem');
  if (problems.length > 0) certain.push({ kind: 'query-problem', metrics: problems.map((m) => ({ name: m.name ?? m.query, panels: m.panels, reason: m.status.reason })) });
  const removed = byKind('removed');
  if (removed.length > 0) certain.push({ kind: 'removed', metrics: removed.map((m) => ({ name: m.name ?? m.query, removedBy: m.status.removedBy })) });
  const unknown = byKind('unknown');
  if (unknown.length > 0) certain.push({ kind: 'unknown', metrics: unknown.map((m) => ({ query: m.query, closest: m.status.closest, reason: m.status.reason })) });
  const noSeries = byKind('no-series-yet');
  if (noSeries.length > 0) delayed.push({ kind: 'no-series-yet', metrics: noSeries.map((m) => ({ name: m.name ?? m.query, definition: m.status.definition })) });

  return { deployed: report.deployed.ref, panelsWithoutData, panelsUntilFirstUse, panelsAnalysed, causes: [...certain, ...delayed], initialize: initializeFixes(lazy) };
}

/** One fix per file of statics that are lazy for a known reason (not `unknown`), with the mains to call it from. */
function initializeFixes(lazy: readonly (MetricFinding & { status: Extract<MetricStatus, { kind: 'lazy' }> })[]): InitializeFix[] {
  const byFile = new Map<string, { statics: Set<string>; callFrom: Set<string> }>();
  for (const m of lazy) {
    const { definition, registration, binaries } = m.status;
    if (registration === 'unknown' || definition.static === null) continue;
    const fix = byFile.get(definition.path) ?? { statics: new Set<string>(), callFrom: new Set<string>() };
    fix.statics.add(definition.static);
    for (const binary of binaries) fix.callFrom.add(binary);
    byFile.set(definition.path, fix);
  }
  return [...byFile]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, fix]) => ({ file, statics: [...fix.statics].sort(), callFrom: [...fix.callFrom].sort() }));
}

function notDeployedCause(findings: readonly (MetricFinding & { status: Extract<MetricStatus, { kind: 'not-deployed' }> })[], orderOf: (commit: string) => number): Cause {
  const coverage = new Map<string, { ref: RefDefining; count: number }>();
  const introducedBy = new Set<string>();
  for (const finding of findings) {
    const { status } = finding;
    for (const commit of status.introducedBy) introducedBy.add(commit);
    for (const ref of status.refs) {
      const entry = coverage.get(ref.ref);
      if (entry) entry.count++;
      else coverage.set(ref.ref, { ref, count: 1 });
    }
  }
  const ranked = [...coverage.values()].sort(
    (a, b) => b.count - a.count || (a.ref.ahead ?? 0) - (b.ref.ahead ?? 0) || (a.ref.ref < b.ref.ref ? -1 : 1),
  );
  const best = ranked[0] ?? null;
  return {
    kind: 'not-deployed',
    metrics: findings.map((f) => f.name ?? f.query),
    bestRef: best?.ref ?? null,
    onBestRef: best?.count ?? 0,
    otherRefs: ranked.slice(1).map((r) => r.ref.ref),
    introducedBy: [...introducedBy].sort((a, b) => orderOf(a) - orderOf(b)),
  };
}
