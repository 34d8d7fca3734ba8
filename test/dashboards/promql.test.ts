import { describe, expect, it } from 'vitest';
import { metricSelectorsIn, type PromqlScan } from '../../src/dashboards/promql.js';
import type { MetricRef } from '../../src/dashboards/promql-selector-use.js';

const name = (n: string): MetricRef => ({ kind: 'name', name: n, recordingRule: n.includes(':') });

/** The parts of a scan the table compares; spans and variables are checked separately below. */
function summary(scan: PromqlScan): unknown {
  return {
    selectors: scan.selectors.map((s) => ({ metric: s.metric, labels: s.labelNames, functions: s.functions })),
    grouping: scan.groupingLabels,
    errors: scan.errors,
  };
}

interface Case {
  readonly title: string;
  readonly expr: string;
  readonly selectors: readonly { metric: MetricRef; labels: readonly string[]; functions: readonly string[] }[];
  readonly grouping?: readonly string[];
  readonly errors?: readonly { offset: number; message: string }[];
}

const cases: readonly Case[] = [
  {
    title: 'a bare metric',
    expr: 'up',
    selectors: [{ metric: name('up'), labels: [], functions: [] }],
  },
  {
    title: 'nested functions and an aggregation',
    expr: 'sum by (job) (rate(http_requests_total{job="api",status=~"5.."}[5m]))',
    selectors: [{ metric: name('http_requests_total'), labels: ['job', 'status'], functions: ['rate', 'sum'] }],
    grouping: ['job'],
  },
  {
    title: 'aggregation modifier after the body',
    expr: 'SUM(rate(a_total[1m])) BY (instance)',
    selectors: [{ metric: name('a_total'), labels: [], functions: ['rate', 'sum'] }],
    grouping: ['instance'],
  },
  {
    title: 'on() with group_left',
    expr: 'sum(rate(errors_total[5m])) by (job) / on(job) group_left(team) max by (job, team) (team_info)',
    selectors: [
      { metric: name('errors_total'), labels: [], functions: ['rate', 'sum'] },
      { metric: name('team_info'), labels: [], functions: ['max'] },
    ],
    grouping: ['job', 'team'],
  },
  {
    title: 'ignoring() with a bare group_left and set operators',
    expr: 'a / ignoring(kind) group_left b and on() c unless d or e',
    selectors: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ metric: name(n), labels: [], functions: [] })),
    grouping: ['kind'],
  },
  {
    title: 'label_replace keeps its string arguments out of the names',
    expr: 'label_replace(up{job="api"}, "host", "$1", "instance", "(.*):.*")',
    selectors: [{ metric: name('up'), labels: ['job'], functions: ['label_replace'] }],
  },
  {
    title: 'subquery',
    expr: 'max_over_time(rate(http_requests_total[5m])[1h:1m])',
    selectors: [{ metric: name('http_requests_total'), labels: [], functions: ['rate', 'max_over_time'] }],
  },
  {
    title: 'offset on a vector, a range and a subquery',
    expr: 'foo offset 1h - rate(bar[5m] offset -1d) + max_over_time(baz[1h:] offset 1w)',
    selectors: [
      { metric: name('foo'), labels: [], functions: [] },
      { metric: name('bar'), labels: [], functions: ['rate'] },
      { metric: name('baz'), labels: [], functions: ['max_over_time'] },
    ],
  },
  {
    title: '@ modifier',
    expr: 'rate(foo[5m] @ 1609746000) / bar @ end() offset 5m',
    selectors: [
      { metric: name('foo'), labels: [], functions: ['rate'] },
      { metric: name('bar'), labels: [], functions: [] },
    ],
  },
  {
    title: '{__name__="x"} names the metric',
    expr: '{__name__="http_requests_total", job="api"}',
    selectors: [{ metric: name('http_requests_total'), labels: ['job'], functions: [] }],
  },
  {
    title: 'a quoted UTF-8 metric name',
    expr: '{"my.metric", "service.name"="api"}',
    selectors: [{ metric: name('my.metric'), labels: ['service.name'], functions: [] }],
  },
  {
    title: 'a regex name is an anchored pattern',
    expr: 'sum(rate({__name__=~"http_.*_total|grpc_.*_total", job="api"}[5m]))',
    selectors: [
      {
        metric: { kind: 'pattern', regex: '^(?:http_.*_total|grpc_.*_total)$', source: 'http_.*_total|grpc_.*_total' },
        labels: ['job'],
        functions: ['rate', 'sum'],
      },
    ],
  },
  {
    title: 'a negative name matcher constrains nothing',
    expr: '{__name__!~"go_.*", job="api"}',
    selectors: [{ metric: { kind: 'any' }, labels: ['__name__', 'job'], functions: [] }],
  },
  {
    title: 'histogram_quantile over _bucket',
    expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m])))',
    selectors: [
      {
        metric: name('http_request_duration_seconds_bucket'),
        labels: ['job'],
        functions: ['rate', 'sum', 'histogram_quantile'],
      },
    ],
    grouping: ['le'],
  },
  {
    title: 'recording rules are marked',
    expr: 'job:http_errors:rate5m / job:http_requests:rate5m > 0.05',
    selectors: [
      { metric: name('job:http_errors:rate5m'), labels: [], functions: [] },
      { metric: name('job:http_requests:rate5m'), labels: [], functions: [] },
    ],
  },
  {
    title: 'absent() and scalar arguments',
    expr: 'absent(missing_metric{job="api"}) or vector(0) * topk(5, foo) + clamp_max(bar, 1)',
    selectors: [
      { metric: name('missing_metric'), labels: ['job'], functions: ['absent'] },
      { metric: name('foo'), labels: [], functions: ['topk'] },
      { metric: name('bar'), labels: [], functions: ['clamp_max'] },
    ],
  },
  {
    title: 'a comment is skipped',
    expr: 'foo # the numerator\n / bar',
    selectors: [
      { metric: name('foo'), labels: [], functions: [] },
      { metric: name('bar'), labels: [], functions: [] },
    ],
  },
  {
    title: 'template variables in label values, ranges and grouping',
    expr: 'sum by ($group) (rate(http_requests_total{job=~"$job", instance="${instance:regex}"}[$__rate_interval]))',
    selectors: [{ metric: name('http_requests_total'), labels: ['job', 'instance'], functions: ['rate', 'sum'] }],
    grouping: ['$group'],
  },
  {
    title: 'a variable inside the metric name is unknowable',
    expr: 'rate(${metric}_total{job="$job"}[$__interval])',
    selectors: [
      {
        metric: { kind: 'variable', template: '${metric}_total', variables: ['metric'], regex: '^(?:.+_total)$' },
        labels: ['job'],
        functions: ['rate'],
      },
    ],
  },
  {
    title: 'a whole metric from a variable, in the legacy [[var]] syntax',
    expr: 'sum([[metric]])',
    selectors: [
      { metric: { kind: 'variable', template: '[[metric]]', variables: ['metric'], regex: '^(?:.+)$' }, labels: [], functions: ['sum'] },
    ],
  },
  {
    title: 'a variable in __name__',
    expr: '{__name__=~"${prefix}_.*"}',
    selectors: [
      {
        metric: { kind: 'variable', template: '${prefix}_.*', variables: ['prefix'], regex: '^(?:.+_.*)$' },
        labels: [],
        functions: [],
      },
    ],
  },
  {
    title: 'scalar variables are parameters, not metrics',
    expr: 'topk($n, rate(foo[$__range])) > $threshold and bar / $__range_s',
    selectors: [
      { metric: name('foo'), labels: [], functions: ['rate', 'topk'] },
      { metric: name('bar'), labels: [], functions: [] },
    ],
  },
  {
    title: 'a lone variable against a number or another variable may be the metric',
    expr: '$metric > 0 or $a / ($b)',
    selectors: [
      { metric: { kind: 'variable', template: '$metric', variables: ['metric'], regex: '^(?:.+)$' }, labels: [], functions: [] },
      { metric: { kind: 'variable', template: '$a', variables: ['a'], regex: '^(?:.+)$' }, labels: [], functions: [] },
      { metric: { kind: 'variable', template: '$b', variables: ['b'], regex: '^(?:.+)$' }, labels: [], functions: [] },
    ],
  },
  {
    title: 'a duration variable with its unit written after it',
    expr: 'increase(foo[${days}d]) offset $shift',
    selectors: [{ metric: name('foo'), labels: [], functions: ['increase'] }],
  },
  {
    title: 'syntax error: unclosed range',
    expr: 'rate(foo[5m)',
    selectors: [{ metric: name('foo'), labels: [], functions: ['rate'] }],
    errors: [{ offset: 11, message: "unexpected ')'" }],
  },
  {
    title: 'syntax error: missing operand, still reads the left side',
    expr: 'sum(rate(foo_total[5m])) /',
    selectors: [{ metric: name('foo_total'), labels: [], functions: ['rate', 'sum'] }],
    errors: [{ offset: 26, message: 'unexpected end of query' }],
  },
  {
    title: 'syntax error: unterminated string',
    expr: 'foo{job="api}',
    selectors: [{ metric: name('foo'), labels: ['job'], functions: [] }],
    errors: [
      { offset: 8, message: 'unterminated string literal' },
      { offset: 13, message: 'unexpected end of query' },
    ],
  },
  {
    title: 'syntax error: two names in one selector',
    expr: 'foo{__name__="bar"}',
    selectors: [{ metric: name('foo'), labels: ['__name__'], functions: [] }],
    errors: [{ offset: 0, message: 'metric name must not be set twice in one selector' }],
  },
  {
    title: 'syntax error: empty selector',
    expr: 'sum({})',
    selectors: [{ metric: { kind: 'any' }, labels: [], functions: ['sum'] }],
    errors: [{ offset: 4, message: 'vector selector must contain at least one non-empty matcher' }],
  },
  {
    title: 'syntax error offsets point into the original query, before substitution',
    expr: 'rate(foo{job="$job"}[$__rate_interval]) bar',
    selectors: [{ metric: name('foo'), labels: ['job'], functions: ['rate'] }],
    errors: [{ offset: 40, message: "unexpected 'bar'" }],
  },
];

describe('metricSelectorsIn', () => {
  it.each(cases)('$title', (c) => {
    expect(summary(metricSelectorsIn(c.expr))).toEqual({
      selectors: c.selectors,
      grouping: c.grouping ?? [],
      errors: c.errors ?? [],
    });
  });

  it('returns the complete scan, with spans in the original query and every variable', () => {
    const expr = 'sum(rate(${metric}_total{job="$job"}[$__rate_interval])) / sum(up{job="$job"})';
    expect(metricSelectorsIn(expr)).toEqual({
      selectors: [
        {
          metric: { kind: 'variable', template: '${metric}_total', variables: ['metric'], regex: '^(?:.+_total)$' },
          matchers: [{ label: 'job', op: '=', value: '$job' }],
          labelNames: ['job'],
          functions: ['rate', 'sum'],
          from: 9,
          to: 36,
        },
        {
          metric: { kind: 'name', name: 'up', recordingRule: false },
          matchers: [{ label: 'job', op: '=', value: '$job' }],
          labelNames: ['job'],
          functions: ['sum'],
          from: 63,
          to: 77,
        },
      ],
      names: ['up'],
      groupingLabels: [],
      variables: [
        { name: 'metric', text: '${metric}', offset: 9, context: 'expression', builtin: false },
        { name: 'job', text: '$job', offset: 30, context: 'string', builtin: false },
        { name: '__rate_interval', text: '$__rate_interval', offset: 37, context: 'duration', builtin: true },
        { name: 'job', text: '$job', offset: 71, context: 'string', builtin: false },
      ],
      errors: [],
    });
  });

  it('keeps every matcher with its operator and unescaped value', () => {
    const scan = metricSelectorsIn('foo{a="x\\"y", b!="", c=~`\\d+`, d!~\'z\'}');
    expect(scan.selectors[0]?.matchers).toEqual([
      { label: 'a', op: '=', value: 'x"y' },
      { label: 'b', op: '!=', value: '' },
      { label: 'c', op: '=~', value: '\\d+' },
      { label: 'd', op: '!~', value: 'z' },
    ]);
  });

  it('lists distinct names in order of appearance', () => {
    expect(metricSelectorsIn('a + b + a + {__name__="c"} + job:d:sum').names).toEqual(['a', 'b', 'c', 'job:d:sum']);
  });

  it('never throws on an empty or hopeless query', () => {
    expect(metricSelectorsIn('').errors).toEqual([{ offset: 0, message: 'unexpected end of query' }]);
    expect(metricSelectorsIn(')))').selectors).toEqual([]);
  });
});
