/** A repository where every kind of metric change happens once between tags v1.0 and v1.1. */
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { CARGO_TOML, lazyMetrics, type CounterSpec } from './rust-sources.js';

const REQUESTS_BY_HOST: CounterSpec = { static: 'REQUESTS', name: 'svc_requests_total', help: 'Requests served', labels: ['host', 'code'] };
const REQUESTS_BY_SHARD: CounterSpec = { ...REQUESTS_BY_HOST, labels: ['shard', 'code'] };
const LEGACY: CounterSpec = { static: 'LEGACY', name: 'svc_legacy_total', help: 'Requests to the v1 API' };
const QUEUE: CounterSpec = { static: 'QUEUED', name: 'svc_queued_total', help: 'Queued' };
const QUEUE_DESCRIBED: CounterSpec = { ...QUEUE, help: 'Jobs put on the work queue' };
const ERRORS: CounterSpec = { static: 'ERRORS', name: 'svc_errors_total', help: 'Errors by kind', labels: ['kind'] };
const LATENCY: CounterSpec = { static: 'LATENCY', name: 'svc_latency_seconds', help: 'Request latency', histogram: true };

const mainRs = (modules: readonly string[], eagerLatency: boolean): string =>
  [
    ...modules.map((m) => `mod ${m};`),
    'use prometheus::*;',
    '',
    'fn main() {',
    ...(eagerLatency ? ['    let latency = register_histogram!("svc_latency_seconds", "Request latency").unwrap();', '    latency.observe(0.1);'] : []),
    '}',
    '',
  ].join('\n');

export interface MetricChangeScenario {
  readonly repo: Scenario;
  /** Commit ids by step name. */
  readonly commits: {
    readonly skeleton: string;
    readonly countErrors: string;
    readonly shardRequests: string;
    readonly mergeFeature: string;
    readonly dropLegacy: string;
    readonly describeQueue: string;
    readonly lazyLatency: string;
    readonly moveQueue: string;
  };
}

/**
 * v1.0: requests{host,code}, legacy, queued, an eager latency histogram in `fn main`.
 * Then: errors{kind} on a branch merged with --no-ff; requests relabelled host → shard on main;
 * legacy dropped; queued help text rewritten; latency made a lazy static; queued moved to queue.rs. v1.1.
 */
export function metricChangeScenario(remote: string | null = 'git@github.com:acme/svc.git'): MetricChangeScenario {
  const repo = createScenario();
  if (remote !== null) repo.git(['remote', 'add', 'origin', remote]);
  const skeleton = repo.commit('Service skeleton', {
    'Cargo.toml': CARGO_TOML(),
    'src/main.rs': mainRs(['metrics'], true),
    'src/metrics.rs': lazyMetrics([REQUESTS_BY_HOST, LEGACY, QUEUE]),
  });
  repo.tag('v1.0', { message: 'Release 1.0' });
  repo.branch('feature/errors');
  const countErrors = repo.commit('Count errors by kind', { 'src/metrics.rs': lazyMetrics([REQUESTS_BY_HOST, LEGACY, QUEUE, ERRORS]) });
  repo.switch('main');
  const shardRequests = repo.commit('Label requests by shard, not host', { 'src/metrics.rs': lazyMetrics([REQUESTS_BY_SHARD, LEGACY, QUEUE]) });
  const mergeFeature = repo.merge('feature/errors', "Merge branch 'feature/errors'", { noFastForward: true });
  const dropLegacy = repo.commit('Drop the v1 API', { 'src/metrics.rs': lazyMetrics([REQUESTS_BY_SHARD, QUEUE, ERRORS]) });
  const describeQueue = repo.commit('Describe the queue counter', { 'src/metrics.rs': lazyMetrics([REQUESTS_BY_SHARD, QUEUE_DESCRIBED, ERRORS]) });
  const lazyLatency = repo.commit('Register latency lazily', {
    'src/main.rs': mainRs(['metrics'], false),
    'src/metrics.rs': lazyMetrics([REQUESTS_BY_SHARD, QUEUE_DESCRIBED, ERRORS, LATENCY]),
  });
  const moveQueue = repo.commit('Move the queue counter next to the queue', {
    'src/main.rs': mainRs(['metrics', 'queue'], false),
    'src/metrics.rs': lazyMetrics([REQUESTS_BY_SHARD, ERRORS, LATENCY]),
    'src/queue.rs': lazyMetrics([QUEUE_DESCRIBED]),
  });
  repo.tag('v1.1', { message: 'Release 1.1' });
  return { repo, commits: { skeleton, countErrors, shardRequests, mergeFeature, dropLegacy, describeQueue, lazyLatency, moveQueue } };
}
