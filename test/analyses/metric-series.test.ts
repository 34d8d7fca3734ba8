import { describe, expect, it } from 'vitest';
import { metricSeriesEvidence } from '../../src/analyses/metric-series.js';
import type { Verdict } from '../../src/analyses/explain.js';
import type { LabelSet } from '../../src/dashboards/prometheus-api.js';

const NOW = 1_700_000_000;
const DEPLOYED: Verdict = { kind: 'deployed', ref: 'main', definitions: [] };
const ONLY_IN: Verdict = { kind: 'only-in', ref: 'v1.0', refs: [] };

describe('metricSeriesEvidence', () => {
  it('no series: says where it looked, and when the deployed ref defines the metric, why that can be', () => {
    expect(metricSeriesEvidence([], [], NOW, '1h', null, DEPLOYED)).toEqual({
      window: '1h',
      job: null,
      present: false,
      series: 0,
      jobs: [],
      text: 'Prometheus has no series for this metric in the last 1h, although main defines it: it is registered lazily and not used yet, or this Prometheus does not scrape the service',
    });
    expect(metricSeriesEvidence([], [], NOW, '6h', 'svc', null).text).toBe('Prometheus has no series for this metric in the last 6h (job svc)');
  });

  it('series per job, sorted, with the age of each job’s newest sample; the youngest is quoted', () => {
    const series: LabelSet[] = [
      { __name__: 'x_total', job: 'svc', instance: 'a' },
      { __name__: 'x_total', job: 'svc', instance: 'b' },
      { __name__: 'x_total', job: 'canary', instance: 'c' },
      { __name__: 'x_total' },
    ];
    const last = [
      { labels: { job: 'svc' }, value: NOW - 15 },
      { labels: { job: 'canary' }, value: NOW - 600 },
    ];
    expect(metricSeriesEvidence(series, last, NOW, '1h', null, null)).toEqual({
      window: '1h',
      job: null,
      present: true,
      series: 4,
      jobs: [
        { job: 'canary', series: 1, lastSampleAgo: 600 },
        { job: 'svc', series: 2, lastSampleAgo: 15 },
      ],
      text: 'Prometheus has 4 series for this metric from jobs canary, svc (last sample 15 s ago)',
    });
  });

  it('minutes and hours; no recent sample; a verdict that the deployed ref lacks the metric says production runs something else', () => {
    const one = [{ job: 'svc' }];
    expect(metricSeriesEvidence(one, [{ labels: { job: 'svc' }, value: NOW - 600 }], NOW, '1h', null, null).text).toBe('Prometheus has 1 series for this metric from job svc (last sample 10 min ago)');
    expect(metricSeriesEvidence(one, [{ labels: { job: 'svc' }, value: NOW - 3 * 3600 }], NOW, '1d', null, null).text).toBe('Prometheus has 1 series for this metric from job svc (last sample 3 h ago)');
    expect(metricSeriesEvidence(one, [], NOW, '1h', null, ONLY_IN)).toMatchObject({
      jobs: [{ job: 'svc', series: 1, lastSampleAgo: null }],
      text: 'Prometheus has 1 series for this metric from job svc (no sample in the last 5 minutes); v1.0 does not define it, so production is not running v1.0',
    });
    // A sample stamped in the future (clock skew) is not a negative age.
    expect(metricSeriesEvidence(one, [{ labels: { job: 'svc' }, value: NOW + 5 }], NOW, '1h', null, null).jobs).toEqual([{ job: 'svc', series: 1, lastSampleAgo: 0 }]);
  });
});
