import { describe, expect, it } from 'vitest';
import { externalMetric, isExternalMetric, RUST_PROCESS_COLLECTOR_METRICS } from '../../src/dashboards/known-external.js';

describe('isExternalMetric', () => {
  it.each([
    ['up', true],
    ['scrape_duration_seconds', true],
    ['go_goroutines', true],
    ['node_cpu_seconds_total', true],
    ['process_open_fds', true],
    ['process_network_receive_bytes_total', true],
    ['prometheus_tsdb_head_series', true],
    ['ALERTS', true],
    ['ALERTS_FOR_STATE', true],
    ['kube_pod_info', true],
    ['container_memory_working_set_bytes', true],
    ['machine_cpu_cores', true],
    ['http_requests_total', false],
    ['upstream_latency_seconds', false],
    ['alerts', false],
    ['job:up:sum', false],
  ])('%s → %s', (name, expected) => {
    expect(isExternalMetric(name)).toBe(expected);
  });

  it("gives the reason, naming the prometheus crate's process collector for its own metrics", () => {
    expect(RUST_PROCESS_COLLECTOR_METRICS).toHaveLength(8);
    expect(externalMetric('process_resident_memory_bytes')).toEqual({
      name: 'process_resident_memory_bytes',
      source: 'process-collector',
      reason: "exposed by the prometheus crate's process collector (feature `process`, Linux only), not registered by application code",
    });
    expect(externalMetric('up')?.source).toBe('prometheus-scrape');
    expect(externalMetric('http_requests_total')).toBeUndefined();
  });
});
