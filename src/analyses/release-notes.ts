import type { AddedMetric, ChangedMetric, MetricDiff, RemovedMetric } from './diff-metrics.js';
import { seriesNamesOf, sourceKey, usesOfMetric, type MetricUse, type QueryCatalog, type QuerySource } from './query-usage.js';

/** Why a panel or rule stops working. */
export type BreakReason =
  | { readonly kind: 'metric-removed' }
  /** It matches on, or groups by, a label the metric no longer has. */
  | { readonly kind: 'labels-removed'; readonly labels: readonly string[] }
  /** It reads a series the new kind no longer exposes (`x_bucket` after a histogram became a counter). */
  | { readonly kind: 'series-dropped'; readonly series: readonly string[] }
  /** It selects a histogram bucket (`le="0.5"`) the new bucket list no longer has. */
  | { readonly kind: 'buckets-removed'; readonly buckets: readonly string[] };

export interface Breakage {
  readonly source: QuerySource;
  readonly reasons: readonly BreakReason[];
  /** Recording rules through which it reads the metric; empty when it reads the metric itself. */
  readonly via: readonly string[];
}

export interface RemovedNote {
  readonly metric: RemovedMetric;
  readonly breaks: readonly Breakage[];
}

export interface ChangedNote {
  readonly metric: ChangedMetric;
  readonly breaks: readonly Breakage[];
}

export interface ReleaseNotes {
  readonly diff: MetricDiff;
  readonly added: readonly AddedMetric[];
  readonly removed: readonly RemovedNote[];
  /** Metrics whose definition changed; a move alone changes nothing a query sees and is left out. */
  readonly changed: readonly ChangedNote[];
  /** What dashboards and rules were checked; `null` when none were given. */
  readonly checked: { readonly dashboards: number; readonly ruleFiles: number } | null;
}

/**
 * The release notes of a range: new, removed and changed metrics, and, given dashboards and rules,
 * every panel and rule each removal or change breaks. A changed label breaks a query only if the
 * query matches on or groups by a label that was removed; label changes are not followed through
 * recording rules (the recording rule itself is reported).
 */
export function releaseNotes(diff: MetricDiff, catalog: QueryCatalog | null): ReleaseNotes {
  const removed = diff.removed.map((metric) => ({
    metric,
    breaks: catalog ? collect(usesOfMetric(metric.definition, catalog).map((use) => ({ use, reasons: [{ kind: 'metric-removed' as const }] })), catalog) : [],
  }));
  const changed = diff.changed.map((metric) => ({ metric, breaks: catalog ? changeBreaks(metric, catalog) : [] }));
  return {
    diff,
    added: diff.added,
    removed,
    changed,
    checked: catalog ? { dashboards: catalog.dashboards, ruleFiles: catalog.ruleFiles } : null,
  };
}

function changeBreaks(metric: ChangedMetric, catalog: QueryCatalog): Breakage[] {
  const labels = new Set(metric.changes.flatMap((c) => (c.field === 'labels' ? c.removed : [])));
  const kindChanged = metric.changes.some((c) => c.field === 'kind');
  const dropped = kindChanged ? seriesNamesOf(metric.before).filter((s) => !seriesNamesOf(metric.after).includes(s)) : [];
  const buckets = removedBuckets(metric);
  if (labels.size === 0 && dropped.length === 0 && buckets.length === 0) return [];

  const found: { use: MetricUse; reasons: BreakReason[] }[] = [];
  for (const use of usesOfMetric(metric.before, catalog)) {
    if (use.selectors.length === 0) continue;
    const reasons: BreakReason[] = [];
    const used = new Set([...use.selectors.flatMap((s) => s.labelNames), ...use.query.scan.groupingLabels]);
    const lost = [...labels].filter((l) => used.has(l));
    if (lost.length > 0) reasons.push({ kind: 'labels-removed', labels: lost });
    const lostSeries = use.series.filter((s) => dropped.includes(s));
    if (lostSeries.length > 0) reasons.push({ kind: 'series-dropped', series: lostSeries });
    const lostBuckets = use.selectors.flatMap((s) =>
      s.matchers.filter((m) => m.label === 'le' && m.op === '=' && buckets.includes(Number(m.value))).map((m) => m.value),
    );
    if (lostBuckets.length > 0) reasons.push({ kind: 'buckets-removed', buckets: [...new Set(lostBuckets)] });
    if (reasons.length > 0) found.push({ use: { ...use, via: [] }, reasons });
  }
  return collect(found, catalog);
}

function removedBuckets(metric: ChangedMetric): number[] {
  const change = metric.changes.find((c) => c.field === 'buckets');
  if (!change || change.field !== 'buckets' || change.before === null || change.after === null) return [];
  const after = change.after;
  return change.before.filter((b) => !after.includes(b));
}

/** One entry per panel or rule, reasons merged, panels first, then by file and position in it. */
function collect(found: readonly { use: MetricUse; reasons: readonly BreakReason[] }[], catalog: QueryCatalog): Breakage[] {
  const position = new Map<string, number>();
  catalog.queries.forEach((q, i) => {
    const key = sourceKey(q.source);
    if (!position.has(key)) position.set(key, i);
  });
  const merged = new Map<string, { source: QuerySource; reasons: BreakReason[]; direct: boolean; via: Set<string> }>();
  for (const { use, reasons } of found) {
    const key = sourceKey(use.source);
    const entry = merged.get(key) ?? { source: use.source, reasons: [], direct: false, via: new Set<string>() };
    for (const reason of reasons) mergeReason(entry.reasons, reason);
    entry.direct ||= use.selectors.length > 0;
    for (const v of use.via) entry.via.add(v);
    merged.set(key, entry);
  }
  const compare = (a: QuerySource, b: QuerySource): number => {
    if (a.kind !== b.kind) return a.kind === 'panel' ? -1 : 1;
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return (position.get(sourceKey(a)) ?? 0) - (position.get(sourceKey(b)) ?? 0);
  };
  // A panel or rule that reads the metric itself anywhere is broken directly, whatever else it reads.
  return [...merged.values()]
    .sort((a, b) => compare(a.source, b.source))
    .map((e) => ({ source: e.source, reasons: e.reasons, via: e.direct ? [] : [...e.via].sort() }));
}

function mergeReason(reasons: BreakReason[], reason: BreakReason): void {
  const existing = reasons.find((r) => r.kind === reason.kind);
  if (!existing) {
    reasons.push(reason);
    return;
  }
  const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];
  const i = reasons.indexOf(existing);
  if (existing.kind === 'labels-removed' && reason.kind === 'labels-removed') reasons[i] = { kind: existing.kind, labels: union(existing.labels, reason.labels) };
  if (existing.kind === 'series-dropped' && reason.kind === 'series-dropped') reasons[i] = { kind: existing.kind, series: union(existing.series, reason.series) };
  if (existing.kind === 'buckets-removed' && reason.kind === 'buckets-removed') reasons[i] = { kind: existing.kind, buckets: union(existing.buckets, reason.buckets) };
}
