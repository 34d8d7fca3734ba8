import { externalMetric } from '../dashboards/known-external.js';
import type { IndexView } from '../history/index-queries.js';
import type { MetricDefinition } from '../model/metric.js';
import type { RefPoint, RefDefining } from './explain.js';
import { resolveMetricName } from './resolve-metric-name.js';
import { startupKey, type SourceSite, type StartupEntry, type StartupReport } from './startup-status.js';

/** Why a metric a query uses does or does not have data at the deployed ref. */
export type MetricStatus =
  | { readonly kind: 'ok'; readonly definitions: readonly MetricDefinition[]; readonly how: 'eager' | 'forced' }
  | { readonly kind: 'external'; readonly reason: string }
  | { readonly kind: 'lazy'; readonly definition: MetricDefinition; readonly firstUses: readonly SourceSite[]; readonly certain: boolean }
  | { readonly kind: 'no-series-yet'; readonly definition: MetricDefinition; readonly labelValuesAtStartup: boolean }
  | { readonly kind: 'not-deployed'; readonly refs: readonly RefDefining[]; readonly introducedBy: readonly string[] }
  | { readonly kind: 'removed'; readonly removedBy: string | null }
  | { readonly kind: 'unknown'; readonly closest: readonly string[]; readonly reason: string };

export type StatusKind = MetricStatus['kind'];

/** Worst last: a panel takes the worst status of its metrics. */
export const STATUS_SEVERITY: readonly StatusKind[] = ['ok', 'external', 'no-series-yet', 'lazy', 'not-deployed', 'removed', 'unknown'];

export function worstStatus(kinds: readonly StatusKind[]): StatusKind {
  let worst: StatusKind = 'ok';
  for (const kind of kinds) if (STATUS_SEVERITY.indexOf(kind) > STATUS_SEVERITY.indexOf(worst)) worst = kind;
  return worst;
}

export interface StatusContext {
  readonly view: IndexView;
  readonly tips: readonly RefPoint[];
  readonly deployed: RefPoint;
  readonly startup: StartupReport;
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
  const first = definitions[0] as MetricDefinition;
  if (registered) {
    if (registered.metric.vec && registered.metric.library === 'prometheus' && registered.labelValuesAtStartup === false) {
      return { kind: 'no-series-yet', definition: registered.metric, labelValuesAtStartup: false };
    }
    return { kind: 'ok', definitions, how: registered.status.kind === 'eager' ? 'eager' : 'forced' };
  }
  const entry = entries[0];
  if (!entry) return { kind: 'ok', definitions, how: 'eager' };
  const firstUses = entry.status.kind === 'first-use' ? entry.status.uses : [];
  return { kind: 'lazy', definition: first, firstUses, certain: entry.status.kind === 'first-use' };
}
