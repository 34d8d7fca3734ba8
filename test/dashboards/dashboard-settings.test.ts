import { describe, expect, it } from 'vitest';
import { interpolateMatcherValue, parseDuration, readDashboardSettings, relativeWindowSeconds } from '../../src/dashboards/dashboard-settings.js';

const board = (list: unknown[], time: unknown = { from: 'now-6h', to: 'now' }) => JSON.stringify({ title: 't', panels: [], time, templating: { list } });

describe('readDashboardSettings', () => {
  it('reads the time range and current variable values, expanding All', () => {
    const settings = readDashboardSettings(
      board([
        { name: 'job', type: 'custom', current: { value: 'api' } },
        { name: 'env', type: 'custom', multi: true, current: { value: ['prod', 'stage.eu'] } },
        { name: 'all', type: 'query', includeAll: true, current: { value: ['$__all'] }, options: [{ value: '$__all' }, { value: 'a' }, { value: 'b' }] },
        { name: 'custom', type: 'query', includeAll: true, allValue: '.*', current: { value: '$__all' } },
        { name: 'unset', type: 'query', current: {} },
        { name: 'const', type: 'constant', query: 'k8s' },
      ]),
    );
    expect(settings.timeFrom).toBe('now-6h');
    const value = (text: string) => interpolateMatcherValue(text, settings.variables);
    expect(value('$job')).toBe('api');
    expect(value('${job}-canary')).toBe('api-canary');
    expect(value('$env')).toBe('(prod|stage\\.eu)');
    expect(value('$all')).toBe('(a|b)');
    expect(value('$custom')).toBe('.*');
    expect(value('$const')).toBe('k8s');
    expect(value('${env:pipe}')).toBe('prod|stage.eu');
    expect(value('$unset')).toBeNull();
    expect(value('$nope')).toBeNull();
    expect(value('${job:json}')).toBeNull();
    // `$1` is a capture group in label_replace, not a variable.
    expect(value('$1')).toBe('$1');
  });

  it('reads the API envelope and tolerates anything else', () => {
    expect(readDashboardSettings(JSON.stringify({ dashboard: { panels: [], time: { from: 'now-2d' } } })).timeFrom).toBe('now-2d');
    expect(readDashboardSettings('not json').variables.size).toBe(0);
  });

  it('windows and durations', () => {
    expect(relativeWindowSeconds('now-6h')).toBe(21_600);
    expect(relativeWindowSeconds('2024-01-01T00:00:00Z')).toBeNull();
    expect(relativeWindowSeconds('now-1d/d')).toBeNull();
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('1 hour')).toBeNull();
    expect(parseDuration('0s')).toBeNull();
  });
});
