import type { MetricDefinition } from '../../src/model/metric.js';

/** A plain labelled counter, for tests that build definitions by overriding some of its fields. */
export const sampleDefinition: MetricDefinition = {
  name: 'app_requests_total',
  kind: 'counter',
  vec: true,
  labels: ['method'],
  constLabels: {},
  help: 'Requests',
  buckets: null,
  namespace: null,
  subsystem: null,
  path: 'src/metrics.rs',
  line: 10,
  column: 5,
  static: 'REQUESTS',
  holder: 'lazy_static',
  crate: 'app',
  library: 'prometheus',
  registry: { kind: 'default' },
  series: ['app_requests_total'],
  test: false,
};
