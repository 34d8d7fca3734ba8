import { describe, expect, it } from 'vitest';
import {
  originalOffset,
  restoreVariables,
  substituteTemplateVariables,
  variableNamesIn,
  variableTemplateRegex,
} from '../../src/dashboards/template-vars.js';

describe('substituteTemplateVariables', () => {
  it.each([
    ['no variables', 'rate(foo[5m])', 'rate(foo[5m])'],
    ['range interval', 'rate(foo[$__rate_interval])', 'rate(foo[5m])'],
    ['braced and legacy forms', 'rate(foo[${__interval}]) + rate(bar[[[interval]]])', 'rate(foo[5m]) + rate(bar[5m])'],
    ['subquery range and step', 'max_over_time(foo[$__range:$step])', 'max_over_time(foo[5m:5m])'],
    ['unit written after the variable', 'foo[${days}d]', 'foo[5d]'],
    ['offset', 'foo offset $shift', 'foo offset 5m'],
    ['@ timestamp', 'foo @ ${__to:date:seconds}', 'foo @ 1'],
    ['numeric built-in in an expression', 'increase(foo[$__range]) / $__range_s', 'increase(foo[5m]) / 1'],
    ['duration built-in in an expression', 'foo / $__interval', 'foo / 5m'],
    ['grouping labels', 'sum by ($label) (foo) / on ($label) bar', 'sum by (__grafana_var_0__) (foo) / on (__grafana_var_1__) bar'],
    ['strings are left alone', 'foo{job=~"$job", path="${path:regex}"}', 'foo{job=~"$job", path="${path:regex}"}'],
    ['a metric name built from a variable', '${metric}_total', '__grafana_var_0___total'],
    ['comments are left alone', 'foo # $not_a_var\n+ bar', 'foo # $not_a_var\n+ bar'],
  ])('%s', (_title, query, expected) => {
    expect(substituteTemplateVariables(query).text).toBe(expected);
  });

  it('records each use with its context', () => {
    const sub = substituteTemplateVariables('sum by ($g) (rate(${metric}{job="$job", x="$1"}[$__rate_interval])) > $threshold');
    expect(sub.variables.map((v) => [v.name, v.context, v.builtin])).toEqual([
      ['g', 'label', false],
      ['metric', 'expression', false],
      ['job', 'string', false],
      ['__rate_interval', 'duration', true],
      ['threshold', 'expression', false],
    ]);
  });

  it('maps offsets in the substituted text back to the query', () => {
    const query = 'rate(foo[$__rate_interval]) +';
    const sub = substituteTemplateVariables(query);
    expect(sub.text).toBe('rate(foo[5m]) +');
    expect(originalOffset(sub, 9)).toBe(9);
    expect(originalOffset(sub, 10)).toBe(9);
    expect(originalOffset(sub, 11)).toBe(25);
    expect(originalOffset(sub, 15)).toBe(29);
  });

  it('restores variables in names taken from the substituted text', () => {
    const sub = substituteTemplateVariables('${prefix}_requests_$suffix');
    expect(restoreVariables(sub.text, sub)).toEqual({ text: '${prefix}_requests_$suffix', variables: ['prefix', 'suffix'] });
  });
});

describe('variableNamesIn and variableTemplateRegex', () => {
  it('ignores $1 capture groups', () => {
    expect(variableNamesIn('$1-${job}-[[env]]-$job')).toEqual(['job', 'env']);
  });

  it('escapes literal text but keeps regex text', () => {
    expect(variableTemplateRegex('a.b_$x', false)).toBe('^(?:a\\.b_.+)$');
    expect(variableTemplateRegex('a.*_$x', true)).toBe('^(?:a.*_.+)$');
  });
});
