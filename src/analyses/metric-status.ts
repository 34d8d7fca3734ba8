import { dependencyMetricOf, type DependencyInventory } from '../dashboards/dependency-exporters.js';
import { externalMetric } from '../dashboards/known-external.js';
import type { IndexView } from '../history/index-queries.js';
import type { MetricDefinition } from '../model/metric.js';
import type { RefPoint, RefDefining } from './explain.js';
import { resolveMetricName } from './resolve-metric-name.js';
import { startupKey, type SourceSite, type StartupEntry, type StartupReport, type StartupStatus } from './startup-status.js';

/** Why a metric a query uses does or does not have data at the deployed ref. */
export type MetricStatus =
  | { readonly kind: 'ok'; readonly definitions: readonly MetricDefinition[]; readonly how: 'eager' | 'forced' }
  | { readonly kind: 'external'; readonly reason: string }
  /**
   * Held lazily and not forced at start-up: `registration` says when it appears. `never-used` (never),
   * `error-path` (after the first error; `uses` are the error-handling sites), `first-use` (on the first
   * pass over `uses`) or `unknown` (start-up analysis could not decide; `reason` says why).
   */
  | {
      readonly kind: 'lazy';
      readonly definition: MetricDefinition;
      readonly registration: LazyRegistration;
      readonly uses: readonly SourceSite[];
      readonly reason: string | null;
      /** The roots of the binaries that link the metric's crate, where start-up code could force it. */
      readonly binaries: readonly string[];
    }
  | { readonly kind: 'no-series-yet'; readonly definition: MetricDefinition; readonly labelValuesAtStartup: boolean }
  | { readonly kind: 'not-deployed'; readonly refs: readonly RefDefining[]; readonly introducedBy: readonly string[] }
  | { readonly kind: 'removed'; readonly removedBy: string | null }
  /** The metric exists, but this panel's selector can never match it (a bare histogram name, a label it lacks). */
  | { readonly kind: 'query-problem'; readonly definition: MetricDefinition; readonly problem: 'series' | 'label'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly closest: readonly string[]; readonly reason: string };

export type StatusKind = MetricStatus['kind'];

export type LazyRegistration = 'never-used' | 'error-path' | 'first-use' | 'unknown';

/** Most certain first: a panel with a never-used metric can never show it. */
export const REGISTRATION_SEVERITY: readonly LazyRegistration[] = ['never-used', 'error-path', 'first-use', 'unknown'];

/** Worst last: a panel takes the worst status of its metrics. */
export const STATUS_SEVERITY: readonly PanelStatusKind[] = ['ok', 'external', 'no-series-yet', 'lazy', 'query-problem', 'query-error', 'not-deployed', 'removed', 'unknown'];

/** A panel's status: its worst metric's, or `query-error` when one of its queries does not parse. */
export type PanelStatusKind = StatusKind | 'query-error';

export function worstStatus(kinds: readonly PanelStatusKind[]): PanelStatusKind {
  let worst: PanelStatusKind = 'ok';
  for (const kind of kinds) if (STATUS_SEVERITY.indexOf(kind) > STATUS_SEVERITY.indexOf(worst)) worst = kind;
  return worst;
}

export interface StatusContext {
  readonly view: IndexView;
  readonly tips: readonly RefPoint[];
  readonly deployed: RefPoint;
  readonly startup: StartupReport;
  /** The deployed ref's dependencies: a metric no ref defines may be exported by one of them. */
  readonly dependencies?: DependencyInventory;
}

export interface ResolvedStatus {
  /** The metric name in the code (a query may name a series such as `x_bucket`). */
  readonly name: string | null;
  readonly status: MetricStatus;
}

export function metricStatus(query: string, context: StatusContext): ResolvedStatus {
  const external = externalMetric(query);
  if (external) return { name: query, status: { kind: 'external', reason: external.reason } };
  const { view, deployed } = context;
  const resolution = resolveMetricName(query, view);
  if (!resolution.name && query.includes(':')) {
    return { name: null, status: { kind: 'unknown', closest: [], reason: 'a recording rule: pass --rules FILE to see the metrics it is computed from' } };
  }
  if (!resolution.name) {
    const dependency = context.dependencies ? dependencyMetricOf(query, context.dependencies) : undefined;
    if (dependency) return { name: null, status: { kind: 'external', reason: dependency.reason } };
    return { name: null, status: { kind: 'unknown', closest: resolution.closest, reason: 'never defined in any branch, remote-tracking branch or tag' } };
  }
  const name = resolution.name;
  const definitions = view.definitionsAt(deployed.commit, name);
  if (definitions.length > 0) return { name, status: statusAtDeployed(definitions, context.startup) };

  const events = view.events(name);
  const inHistory = (commit: string) => view.contains(deployed.commit, commit);
  if (events.some((e) => e.kind === 'introduced' && inHistory(e.commit))) {
    let removedBy: string | null = null;
    for (const e of events) if (e.kind === 'removed' && inHistory(e.commit)) removedBy = e.commit;
    return { name, status: { kind: 'removed', removedBy } };
  }
  const refs: RefDefining[] = [];
  for (const tip of context.tips) {
    const defs = view.definitionsAt(tip.commit, name);
    if (defs.length === 0) continue;
    const { ahead, behind } = view.aheadBehind(deployed.commit, tip.commit);
    refs.push({ ref: tip.ref, commit: tip.commit, definitions: defs, ahead, behind, mergeBase: view.mergeBase(deployed.commit, tip.commit) });
  }
  if (refs.length === 0) {
    return { name, status: { kind: 'unknown', closest: [], reason: 'defined in the past, but no current ref defines it' } };
  }
  const introducedBy = events.filter((e) => e.kind === 'introduced' && !e.boundary).map((e) => e.commit);
  return { name, status: { kind: 'not-deployed', refs, introducedBy: [...new Set(introducedBy)] } };
}

function statusAtDeployed(definitions: readonly MetricDefinition[], startup: StartupReport): MetricStatus {
  const entries = definitions
    .map((d) => startup.entries.find((e) => startupKey(e.metric) === startupKey(d)))
    .filter((e): e is StartupEntry => e !== undefined);
  // One definition that is registered at start-up is enough for the series to exist.
  const registered = entries.find((e) => e.status.kind === 'eager' || e.status.kind === 'forced');
  if (registered) {
    if (registered.metric.vec && registered.metric.library === 'prometheus' && registered.labelValuesAtStartup === false) {
      return { kind: 'no-series-yet', definition: registered.metric, labelValuesAtStartup: false };
    }
    return { kind: 'ok', definitions, how: registered.status.kind === 'eager' ? 'eager' : 'forced' };
  }
  if (entries.length === 0) return { kind: 'ok', definitions, how: 'eager' };
  // With several definitions (one per binary, say), the one that can appear soonest decides.
  const rank = (e: StartupEntry) => REGISTRATION_SEVERITY.indexOf(registrationOf(e.status));
  const entry = entries.reduce((best, e) => (rank(e) > rank(best) ? e : best));
  const s = entry.status;
  return {
    kind: 'lazy',
    definition: entry.metric,
    registration: registrationOf(s),
    uses: s.kind === 'first-use' || s.kind === 'error-path' ? s.uses : [],
    reason: s.kind === 'unknown' ? s.reason : null,
    binaries: entry.binaries,
  };
}

function registrationOf(status: StartupStatus): LazyRegistration {
  return status.kind === 'never-used' || status.kind === 'error-path' || status.kind === 'first-use' ? status.kind : 'unknown';
}
