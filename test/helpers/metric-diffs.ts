/** Builders for pure analysis tests: metric definitions and diffs without a repository. */
import type { ChangedMetric, MetricDiff } from '../../src/analyses/diff-metrics.js';
import { fieldDiffs } from '../../src/analyses/diff-metrics.js';
import type { MetricDefinition } from '../../src/model/metric.js';

export function metric(overrides: Partial<MetricDefinition> & { name: string }): MetricDefinition {
  const kind = overrides.kind ?? 'int_counter';
  const series = kind === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => `${overrides.name}${s}`) : [overrides.name];
  return {
    kind,
    vec: (overrides.labels ?? []).length > 0,
    labels: [],
    constLabels: {},
    help: `Help for ${overrides.name}`,
    buckets: null,
    namespace: null,
    subsystem: null,
    path: 'src/metrics.rs',
    line: 1,
    column: 1,
    static: overrides.name.toUpperCase(),
    holder: 'lazy_static',
    crate: 'svc',
    library: 'prometheus',
    registry: { kind: 'default' },
    series,
    test: false,
    ...overrides,
  };
}

export function changed(before: MetricDefinition, after: MetricDefinition): ChangedMetric {
  return { name: after.name, before, after, changes: fieldDiffs(before, after).map((c) => ({ ...c, commit: null, baseSide: null })) };
}

export function emptyDiff(overrides: Partial<MetricDiff> = {}): MetricDiff {
  return {
    range: 'a..b',
    base: { ref: 'a', commit: 'a'.repeat(40) },
    head: { ref: 'b', commit: 'b'.repeat(40) },
    compareFrom: 'a'.repeat(40),
    ahead: 0,
    behind: 0,
    added: [],
    removed: [],
    changed: [],
    moved: [],
    uncertain: false,
    ...overrides,
  };
}
