import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/errors.js';
import { indexRecordingRules, resolveRuleMetrics, type RuleFile } from '../../src/dashboards/rules.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';

function fixture(name: string): RuleFile {
  const file = `fixtures/rules/${name}`;
  return readRuleFile(readFileSync(file, 'utf8'), file);
}

describe('readRuleFile', () => {
  it('reads recording and alerting rules with the metrics each reads', () => {
    const rules = fixture('api.yml');
    expect(rules.groups.map((g) => [g.name, g.line])).toEqual([
      ['api-recording', 2],
      ['api-alerts', 20],
    ]);
    expect(rules.groups.flatMap((g) => g.rules.map((r) => [r.kind, r.name, r.line, r.metrics]))).toEqual([
      ['recording', 'job:http_requests:rate5m', 5, ['http_requests_total']],
      ['recording', 'job:http_errors:rate5m', 7, ['http_requests_total']],
      ['recording', 'job:http_error_ratio:rate5m', 9, ['job:http_errors:rate5m', 'job:http_requests:rate5m']],
      ['recording', 'job:cache_hits:ratio5m', 14, ['cache_hits_total', 'cache_lookups_total']],
      ['alerting', 'HighErrorRatio', 22, ['job:http_error_ratio:rate5m']],
      ['alerting', 'SlowRequests', 29, ['http_request_duration_seconds_bucket']],
      ['alerting', 'MissingRuleInput', 31, ['job:queue_depth:max5m']],
    ]);
    const first = rules.groups[0]?.rules[0];
    expect(first).toMatchObject({
      kind: 'recording',
      expr: 'sum by (job) (rate(http_requests_total[5m]))',
      group: 'api-recording',
      file: 'fixtures/rules/api.yml',
    });
    expect(first?.scan.errors).toEqual([]);
  });

  it('reads a PrometheusRule resource', () => {
    const rules = fixture('prometheus-rule.yml');
    expect(rules.groups.flatMap((g) => g.rules.map((r) => [r.kind, r.name, r.metrics]))).toEqual([
      ['recording', 'queue:worker_queue_depth:max', ['worker_queue_depth']],
      ['alerting', 'WorkerDown', ['up']],
    ]);
  });

  it('keeps a PromQL error in the rule as a diagnostic', () => {
    const rules = readRuleFile('groups:\n  - name: g\n    rules:\n      - record: x:y:z\n        expr: sum(rate(foo[5m])\n', 'r.yml');
    expect(rules.groups[0]?.rules[0]?.scan.errors).toEqual([{ offset: 17, message: 'unexpected end of query' }]);
  });

  it('accepts empty files, empty documents and empty groups', () => {
    expect(readRuleFile('', 'empty.yml').groups).toEqual([]);
    expect(readRuleFile('---\ngroups:\n---\ngroups:\n  - name: g\n    rules: []\n', 'docs.yml').groups).toEqual([
      { name: 'g', line: 5, rules: [] },
    ]);
  });

  it.each([
    ['invalid-yaml.yml', 'fixtures/rules/invalid-yaml.yml:6:1: invalid YAML (Sequence item without - indicator); fix the rule file'],
    [
      'wrong-shape.yml',
      'fixtures/rules/wrong-shape.yml:4: not a Prometheus rule file: rule job:x:sum in group no-expr has no "expr"; see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/',
    ],
  ])('rejects %s naming file and line', (name, message) => {
    expect(() => fixture(name)).toThrow(new InputFileError(message));
  });

  it.each([
    ['- a\n- b\n', 'x.yml:1: not a Prometheus rule file: expected a mapping with a "groups" list at the top level'],
    ['rules: []\n', 'x.yml:1: not a Prometheus rule file: no "groups" list at the top level (nor under "spec")'],
    ['groups:\n  name: g\n', 'x.yml:2: not a Prometheus rule file: "groups" must be a list'],
    ['groups:\n  - rules: []\n', 'x.yml:2: not a Prometheus rule file: a group has no "name"'],
    [
      'groups:\n  - name: g\n    rules:\n      - record: a\n        alert: B\n        expr: up\n',
      'x.yml:4: not a Prometheus rule file: a rule in group g needs exactly one of "record" and "alert"',
    ],
  ])('rejects the wrong shape %j', (text, message) => {
    expect(() => readRuleFile(text, 'x.yml')).toThrow(
      new InputFileError(`${message}; see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/`),
    );
  });
});

describe('resolveRuleMetrics', () => {
  const index = indexRecordingRules([fixture('api.yml'), fixture('prometheus-rule.yml')]);

  it('follows recording rules down to scraped metrics', () => {
    expect(resolveRuleMetrics('job:http_error_ratio:rate5m', index)).toEqual({
      metrics: ['http_requests_total'],
      recordingRules: ['job:http_error_ratio:rate5m', 'job:http_errors:rate5m', 'job:http_requests:rate5m'],
      unresolved: [],
      nonLiteral: [],
      cycles: [],
    });
  });

  it('returns a scraped metric as itself and names unknown recording rules', () => {
    expect(resolveRuleMetrics('worker_queue_depth', index).metrics).toEqual(['worker_queue_depth']);
    expect(resolveRuleMetrics('job:queue_depth:max5m', index).unresolved).toEqual(['job:queue_depth:max5m']);
  });

  it('reports cycles instead of looping', () => {
    const cyclic = indexRecordingRules([fixture('cycle.yml')]);
    expect(resolveRuleMetrics('a:x:sum', cyclic)).toEqual({
      metrics: ['base_metric'],
      recordingRules: ['a:x:sum', 'b:x:sum'],
      unresolved: [],
      nonLiteral: [],
      cycles: [['a:x:sum', 'b:x:sum', 'a:x:sum']],
    });
  });

  it('keeps selectors without a literal name', () => {
    const rules = readRuleFile('groups:\n  - name: g\n    rules:\n      - record: all:http:sum\n        expr: sum({__name__=~"http_.*"})\n', 'r.yml');
    expect(resolveRuleMetrics('all:http:sum', indexRecordingRules([rules])).nonLiteral).toEqual([
      { kind: 'pattern', regex: '^(?:http_.*)$', source: 'http_.*' },
    ]);
  });

  it('indexes every rule recording the same name', () => {
    const rules = readRuleFile(
      'groups:\n  - name: g\n    rules:\n      - record: x:y:sum\n        expr: sum(a)\n      - record: x:y:sum\n        expr: sum(b)\n',
      'r.yml',
    );
    const twice = indexRecordingRules([rules]);
    expect(twice.get('x:y:sum')?.length).toBe(2);
    expect(resolveRuleMetrics('x:y:sum', twice).metrics).toEqual(['a', 'b']);
  });
});
