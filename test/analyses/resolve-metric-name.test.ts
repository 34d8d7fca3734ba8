import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMetricName } from '../../src/analyses/resolve-metric-name.js';
import { openLifecycleRepository, type OpenedLifecycle } from './lifecycle-repository.js';

let o: OpenedLifecycle;
beforeAll(async () => {
  o = await openLifecycleRepository();
});
afterAll(async () => {
  await o?.close();
});

describe('resolveMetricName', () => {
  it('a name any ref ever defined, also one since removed or only on a branch', () => {
    for (const name of ['svc_requests_total', 'svc_legacy_total', 'svc_queue_jobs_total']) {
      expect(resolveMetricName(name, o.indexed.view)).toEqual({ name, via: 'name', closest: [] });
    }
  });

  it('a series a histogram exposes resolves to the histogram', () => {
    for (const series of ['svc_latency_seconds_bucket', 'svc_latency_seconds_sum', 'svc_latency_seconds_count']) {
      expect(resolveMetricName(series, o.indexed.view)).toEqual({ name: 'svc_latency_seconds', via: 'series', closest: [] });
    }
  });

  it('anything else: no name, and the closest known names when some are close', () => {
    expect(resolveMetricName('svc_request_total', o.indexed.view)).toEqual({ name: null, via: null, closest: ['svc_requests_total'] });
    expect(resolveMetricName('svc_latency_seconds_total', o.indexed.view)).toEqual({ name: null, via: null, closest: ['svc_latency_seconds'] });
    expect(resolveMetricName('process_cpu_seconds_total', o.indexed.view)).toEqual({ name: null, via: null, closest: [] });
  });
});
