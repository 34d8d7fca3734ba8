import type { MetricDefinition } from '../model/metric.js';
import type { DashboardReport, MetricFinding } from './dashboard-report.js';
import type { RefDefining } from './explain.js';
import type { SourceSite } from './startup-status.js';

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
  | { readonly kind: 'lazy'; readonly metrics: readonly { readonly name: string; readonly definition: MetricDefinition; readonly firstUse: SourceSite | null; readonly certain: boolean }[] }
  | { readonly kind: 'no-series-yet'; readonly metrics: readonly { readonly name: string; readonly definition: MetricDefinition }[] }
  | { readonly kind: 'removed'; readonly metrics: readonly { readonly name: string; readonly removedBy: string | null }[] }
  | { readonly kind: 'unknown'; readonly metrics: readonly { readonly query: string; readonly closest: readonly string[]; readonly reason: string }[] };

export interface RootCauseSummary {
  readonly deployed: string;
  readonly panelsWithoutData: number;
  readonly panelsAnalysed: number;
  readonly causes: readonly Cause[];
}

/** `orderOf` gives a commit's position in history, so introductions are listed oldest first. */
export function rootCauses(report: DashboardReport, orderOf: (commit: string) => number): RootCauseSummary {
  const panelsAnalysed = report.panels.length;
  const panelsWithoutData = report.panels.filter((p) => p.status !== 'ok' && p.status !== 'external').length;
  const byKind = (kind: MetricFinding['status']['kind']) => report.metrics.filter((m) => m.status.kind === kind);
  const causes: Cause[] = [];

  const notDeployed = byKind('not-deployed');
  if (notDeployed.length > 0) causes.push(notDeployedCause(notDeployed, orderOf));
  const lazy = byKind('lazy');
  if (lazy.length > 0) {
    causes.push({
      kind: 'lazy',
      metrics: lazy.map((m) => {
        const s = m.status as Extract<MetricFinding['status'], { kind: 'lazy' }>;
        return { name: m.name ?? m.query, definition: s.definition, firstUse: s.firstUses[0] ?? null, certain: s.certain };
      }),
    });
  }
  const noSeries = byKind('no-series-yet');
  if (noSeries.length > 0) {
    causes.push({
      kind: 'no-series-yet',
      metrics: noSeries.map((m) => ({ name: m.name ?? m.query, definition: (m.status as Extract<MetricFinding['status'], { kind: 'no-series-yet' }>).definition })),
    });
  }
  const removed = byKind('removed');
  if (removed.length > 0) {
    causes.push({
      kind: 'removed',
      metrics: removed.map((m) => ({ name: m.name ?? m.query, removedBy: (m.status as Extract<MetricFinding['status'], { kind: 'removed' }>).removedBy })),
    });
  }
  const unknown = byKind('unknown');
  if (unknown.length > 0) {
    causes.push({
      kind: 'unknown',
      metrics: unknown.map((m) => {
        const s = m.status as Extract<MetricFinding['status'], { kind: 'unknown' }>;
        return { query: m.query, closest: s.closest, reason: s.reason };
      }),
    });
  }
  return { deployed: report.deployed.ref, panelsWithoutData, panelsAnalysed, causes };
}

function notDeployedCause(findings: readonly MetricFinding[], orderOf: (commit: string) => number): Cause {
  const coverage = new Map<string, { ref: RefDefining; count: number }>();
  const introducedBy = new Set<string>();
  for (const finding of findings) {
    const status = finding.status as Extract<MetricFinding['status'], { kind: 'not-deployed' }>;
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
