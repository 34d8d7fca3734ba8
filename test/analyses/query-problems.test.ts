import { describe, expect, it } from 'vitest';
import { queryProblemOf } from '../../src/analyses/query-problems.js';
import { metricSelectorsIn } from '../../src/dashboards/promql.js';
import type { MetricDefinition } from '../../src/model/metric.js';
import { exposedSeries } from '../../src/model/naming.js';

function definition(name: string, kind: MetricDefinition['kind'], labels: string[] = [], extra: Partial<MetricDefinition> = {}): MetricDefinition {
  const library = extra.library ?? 'prometheus';
  return {
    name,
    kind,
    vec: labels.length > 0,
    labels,
    constLabels: {},
    help: null,
    buckets: null,
    namespace: null,
    subsystem: null,
    path: 'src/metrics.rs',
    line: 1,
    column: 1,
    static: null,
    holder: 'lazy_static',
    crate: 'app',
    library,
    registry: { kind: 'default' },
    series: exposedSeries(name, kind, library),
    test: false,
    ...extra,
  };
}

const HISTOGRAM = definition('rpc_seconds', 'histogram', ['method']);
const COUNTER = definition('rpc_total', 'int_counter', ['method', 'code'], { constLabels: { service: 'api', zone: 'a' } });
const GAUGE = definition('queue_depth', 'int_gauge');

/** The problem (or null) of the query's only selector against the definitions. */
function problem(expr: string, definitions: readonly MetricDefinition[]): string | null {
  const [selector] = metricSelectorsIn(expr).selectors;
  if (selector?.metric.kind !== 'name') throw new Error(`no named selector in ${expr}`);
  return queryProblemOf(selector.metric.name, selector.matchers, definitions)?.reason ?? null;
}

describe('queryProblemOf', () => {
  it.each([
    ['rate(rpc_seconds[5m])', 'histogram rpc_seconds has no series named rpc_seconds; query rpc_seconds_bucket, rpc_seconds_sum or rpc_seconds_count'],
    ['rate(rpc_seconds_bucket[5m])', null],
    ['rate(rpc_seconds_count{method="get"}[5m])', null],
    ['rate(rpc_seconds_bucket{le="0.1"}[5m])', null],
    ['rate(rpc_seconds_sum{le="0.1"}[5m])', 'rpc_seconds_sum has no label `le` (its labels: method)'],
    ['rate(rpc_seconds_bucket{path="/x", verb=~"GET|PUT"}[5m])', 'rpc_seconds_bucket has no labels `path`, `verb` (its labels: method, le)'],
  ])('histogram: %s', (expr, expected) => {
    expect(problem(expr, [HISTOGRAM])).toBe(expected);
  });

  it.each([
    ['rpc_total{method="get", code="200", service="api", zone=~"a|b"}', null],
    ['rpc_total{route="/"}', 'rpc_total has no label `route` (its labels: method, code, service, zone)'],
    ['rpc_total{route!=""}', 'rpc_total has no label `route` (its labels: method, code, service, zone)'],
    ['rpc_total{route!~".*"}', 'rpc_total has no label `route` (its labels: method, code, service, zone)'],
    ['rpc_total{route=""}', null],
    ['rpc_total{route=~".*"}', null],
    ['rpc_total{route=~"|/x"}', null],
    ['rpc_total{route!="/x"}', null],
    ['rpc_total{route="$route"}', null],
    ['rpc_total{route=~"${route:regex}"}', null],
    ['rpc_total{route="[[route]]"}', null],
    ['rpc_total{method="$method"}', null],
    ['rpc_total{job="api", instance="h:9090", namespace="prod", pod=~"api-.*", cluster="eu"}', null],
    ['rpc_total{route=~"(?i)x"}', null],
    ['rpc_total{__name__!="other"}', null],
  ])('labels: %s', (expr, expected) => {
    expect(problem(expr, [COUNTER])).toBe(expected);
  });

  it('a metric without labels says so', () => {
    expect(problem('queue_depth{shard="1"}', [GAUGE])).toBe('queue_depth has no label `shard` (it has no labels)');
  });

  it('a summary exposes its bare name, with quantile on it only', () => {
    const summary = definition('lag_seconds', 'summary');
    expect(problem('lag_seconds{quantile="0.99"}', [summary])).toBeNull();
    expect(problem('lag_seconds_sum{quantile="0.99"}', [summary])).toBe('lag_seconds_sum has no label `quantile` (it has no labels)');
  });

  it('a prometheus-client counter exposes only _total', () => {
    const counter = definition('hits', 'counter', [], { library: 'prometheus-client' });
    expect(problem('rate(hits[5m])', [counter])).toBe('counter hits has no series named hits; query hits_total');
    // Its labels come from a label-set type the extractor does not read: no label verdicts.
    expect(problem('rate(hits_total{anything="x"}[5m])', [counter])).toBeNull();
  });

  it('gives up where the code does not settle it', () => {
    const facade = definition('rpc_seconds', 'histogram', ['method'], { library: 'metrics' });
    expect(problem('rpc_seconds_bucket', [facade])).toBeNull();
    const prefixed = { ...HISTOGRAM, registry: { kind: 'custom', expression: 'REGISTRY', prefix: 'app' } } as const;
    expect(problem('rpc_seconds', [prefixed])).toBeNull();
    const custom = { ...COUNTER, registry: { kind: 'custom', expression: 'REGISTRY', prefix: null } } as const;
    expect(problem('rpc_total{region="eu"}', [custom])).toBeNull();
    const computed = definition('jobs_total', 'int_counter', ['<label: label names computed at run time>']);
    expect(problem('jobs_total{kind="x"}', [computed])).toBeNull();
  });

  it('one of several definitions with the series or label is enough', () => {
    const gauge = definition('rpc_seconds', 'gauge', ['route']);
    expect(problem('rpc_seconds', [HISTOGRAM, gauge])).toBeNull();
    expect(problem('rpc_seconds{route="/"}', [HISTOGRAM, gauge])).toBeNull();
    expect(problem('rpc_seconds{zone="a"}', [HISTOGRAM, gauge])).toBe('rpc_seconds has no label `zone` (its labels: route)');
  });
});
