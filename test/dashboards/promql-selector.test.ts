import { describe, expect, it } from 'vitest';
import { metricSelectorsIn } from '../../src/dashboards/promql.js';
import { buildSelector, nameAlternation, quoteLabelValue, SelectorError } from '../../src/dashboards/promql-selector.js';

describe('buildSelector', () => {
  it('quotes values so that any text stays one label value', () => {
    expect(buildSelector('up', [{ label: 'job', op: '=', value: 'api' }])).toBe('up{job="api"}');
    expect(quoteLabelValue('a"b\\c\nd\te\u0001')).toBe('"a\\"b\\\\c\\nd\\te\\x01"');
    const hostile = 'x"} or vector(1) or up{a="';
    const selector = buildSelector('up', [{ label: 'job', op: '=', value: hostile }]);
    expect(selector).toBe('up{job="x\\"} or vector(1) or up{a=\\""}');
    // Prometheus's own grammar reads it back as one selector whose value is exactly the input.
    const scan = metricSelectorsIn(selector);
    expect(scan.errors).toEqual([]);
    expect(scan.selectors.map((s) => [s.metric, s.matchers])).toEqual([[{ kind: 'name', name: 'up', recordingRule: false }, [{ label: 'job', op: '=', value: hostile }]]]);
  });

  it('round-trips unicode and regex values through the PromQL grammar', () => {
    for (const value of ['naïve ☃', '.+_build_info', '(a|b)\\.c', '\\', '']) {
      const scan = metricSelectorsIn(buildSelector('m', [{ label: 'l', op: '=~', value }]));
      expect(scan.selectors[0]?.matchers).toEqual([{ label: 'l', op: '=~', value }]);
    }
  });

  it('refuses names that are not metric or label names', () => {
    expect(() => buildSelector('up{job="x"}')).toThrow(SelectorError);
    expect(() => buildSelector('9lives')).toThrow('"9lives" is not a metric name');
    expect(() => buildSelector('up', [{ label: 'a-b', op: '=', value: 'x' }])).toThrow('"a-b" is not a label name');
    expect(() => buildSelector(null, [])).toThrow('a selector needs a metric name or a matcher');
    expect(buildSelector(null, [{ label: '__name__', op: '=~', value: '.+_build_info' }])).toBe('{__name__=~".+_build_info"}');
  });

  it('builds a name alternation only from valid names', () => {
    expect(nameAlternation(['x_bucket', 'x_sum', 'ns:x'])).toBe('x_bucket|x_sum|ns:x');
    expect(() => nameAlternation(['x|.*'])).toThrow(SelectorError);
  });
});
