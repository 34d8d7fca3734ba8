/**
 * One small repository in which every lifecycle event happens once, built with the scenario builder
 * and opened with the real library (AnalysisContext + history index), for the analyses that take an
 * index view. Commits are dated by the builder's fixed clock, so the same SHAs come out every run.
 *
 *   c1 main      Service skeleton: requests{host} (forced in main), legacy, latency histogram; tag v1.0
 *   c2 feature/errors  Count errors: errors{kind} in src/errors.rs
 *   c3 main      Rename the v1 API counter: svc_legacy_total → svc_old_api_total (same static)
 *   c4 main      Merge feature/errors (--no-ff)
 *   c5 main      Describe requests: new help text
 *   c6 main      Move latency to its own module; tag v1.1
 *   c7 experiment  Queue jobs: svc_queue_jobs_total (only on this branch)
 */
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import type { RefPoint } from '../../src/analyses/explain.js';
import type { StatusContext } from '../../src/analyses/metric-status.js';
import { startupAt } from '../../src/analyses/startup-at.js';
import { openAnalysis, type AnalysisContext } from '../../src/history/analysis-context.js';
import { indexedRepository, type IndexedRepository } from '../../src/history/indexed-repository.js';
import type { MetricDefinition } from '../../src/model/metric.js';
import { CARGO_TOML, lazyMetrics, type CounterSpec } from '../helpers/rust-sources.js';

const REQUESTS: CounterSpec = { static: 'REQUESTS', name: 'svc_requests_total', help: 'Requests', labels: ['host'] };
const LEGACY: CounterSpec = { static: 'LEGACY', name: 'svc_legacy_total', help: 'Calls to the v1 API' };
const OLD_API: CounterSpec = { ...LEGACY, name: 'svc_old_api_total' };
const LATENCY: CounterSpec = { static: 'LATENCY', name: 'svc_latency_seconds', help: 'Latency', histogram: true };
const ERRORS: CounterSpec = { static: 'ERRORS', name: 'svc_errors_total', help: 'Errors by kind', labels: ['kind'] };
const QUEUE: CounterSpec = { static: 'QUEUED', name: 'svc_queue_jobs_total', help: 'Jobs queued' };

/** `main` forces REQUESTS at start-up; `handle`, which main never calls, uses the others. */
function mainRs(modules: readonly string[], latencyModule: string, errors: boolean): string {
  return [
    ...modules.map((m) => `mod ${m};`),
    '',
    'fn main() {',
    '    lazy_static::initialize(&metrics::REQUESTS);',
    '}',
    '',
    'pub fn handle() {',
    `    ${latencyModule}::LATENCY.observe(0.1);`,
    ...(errors ? ['    errors::ERRORS.with_label_values(&["io"]).inc();'] : []),
    '}',
    '',
  ].join('\n');
}

export interface LifecycleCommits {
  readonly c1: string;
  readonly c2: string;
  readonly c3: string;
  readonly c4: string;
  readonly c5: string;
  readonly c6: string;
  readonly c7: string;
}

export function buildLifecycleRepository(): { repo: Scenario; commits: LifecycleCommits } {
  const repo = createScenario({ prefix: 'provenance-analyses-' });
  try {
    const c1 = repo.commit('Service skeleton', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': mainRs(['metrics'], 'metrics', false),
      'src/metrics.rs': lazyMetrics([REQUESTS, LEGACY, LATENCY]),
    });
    repo.tag('v1.0', { message: 'Release 1.0' });
    repo.branch('feature/errors');
    const c2 = repo.commit('Count errors', { 'src/main.rs': mainRs(['metrics', 'errors'], 'metrics', true), 'src/errors.rs': lazyMetrics([ERRORS]) });
    repo.switch('main');
    const c3 = repo.commit('Rename the v1 API counter', { 'src/metrics.rs': lazyMetrics([REQUESTS, OLD_API, LATENCY]) });
    const c4 = repo.merge('feature/errors', "Merge branch 'feature/errors'", { noFastForward: true });
    const c5 = repo.commit('Describe requests', { 'src/metrics.rs': lazyMetrics([{ ...REQUESTS, help: 'Requests served' }, OLD_API, LATENCY]) });
    const c6 = repo.commit('Move latency to its own module', {
      'src/main.rs': mainRs(['metrics', 'errors', 'latency'], 'latency', true),
      'src/metrics.rs': lazyMetrics([{ ...REQUESTS, help: 'Requests served' }, OLD_API]),
      'src/latency.rs': lazyMetrics([LATENCY]),
    });
    repo.tag('v1.1', { message: 'Release 1.1' });
    repo.branch('experiment');
    const c7 = repo.commit('Queue jobs', { 'src/main.rs': mainRs(['metrics', 'errors', 'latency', 'queue'], 'latency', true), 'src/queue.rs': lazyMetrics([QUEUE]) });
    repo.switch('main');
    return { repo, commits: { c1, c2, c3, c4, c5, c6, c7 } };
  } catch (error) {
    repo.cleanup();
    throw error;
  }
}

export interface OpenedLifecycle {
  readonly repo: Scenario;
  readonly commits: LifecycleCommits;
  readonly context: AnalysisContext;
  readonly indexed: IndexedRepository;
  /** A ref tip by its short name. */
  tip(ref: string): RefPoint;
  close(): Promise<void>;
}

/** Builds the repository, opens it and indexes every ref, as a command does (its cache stays inside the repository). */
export async function openLifecycleRepository(): Promise<OpenedLifecycle> {
  const { repo, commits } = buildLifecycleRepository();
  const context = await openAnalysis(repo.dir, {});
  try {
    const indexed = await indexedRepository(context);
    return {
      repo,
      commits,
      context,
      indexed,
      tip(ref) {
        const found = indexed.tips.find((t) => t.ref === ref);
        if (!found) throw new Error(`no tip ${ref}`);
        return found;
      },
      async close() {
        try {
          await context.close();
        } finally {
          repo.cleanup();
        }
      },
    };
  } catch (error) {
    await context.close();
    repo.cleanup();
    throw error;
  }
}

/** A lazy_static int counter of crate svc, as the code above defines it: fields as given. */
function defined(name: string, path: string, line: number, staticName: string, fields: Partial<MetricDefinition> = {}): MetricDefinition {
  return {
    name,
    kind: 'int_counter',
    vec: false,
    labels: [],
    constLabels: {},
    help: null,
    buckets: null,
    namespace: null,
    subsystem: null,
    path,
    line,
    column: 9,
    static: staticName,
    holder: 'lazy_static',
    crate: 'svc',
    library: 'prometheus',
    series: [name],
    registry: { kind: 'default' },
    test: false,
    ...fields,
  };
}

const LATENCY_SERIES = ['svc_latency_seconds_bucket', 'svc_latency_seconds_sum', 'svc_latency_seconds_count'];

/** Every definition the history holds, written out from the sources above. */
/** What status analyses need with `tip` as deployed, the start-up analysis of its tree included. */
export async function statusContextAt(o: OpenedLifecycle, tip: string): Promise<StatusContext> {
  const deployed = o.tip(tip);
  const startup = await startupAt(o.context, deployed.commit, { includeTests: true });
  return { view: o.indexed.view, tips: o.indexed.tips, deployed, startup: { ...deployed, ...startup.analysis } };
}

export const DEFINED = {
  requests: defined('svc_requests_total', 'src/metrics.rs', 6, 'REQUESTS', { vec: true, labels: ['host'], help: 'Requests' }),
  requestsServed: defined('svc_requests_total', 'src/metrics.rs', 6, 'REQUESTS', { vec: true, labels: ['host'], help: 'Requests served' }),
  legacy: defined('svc_legacy_total', 'src/metrics.rs', 8, 'LEGACY', { help: 'Calls to the v1 API' }),
  oldApi: defined('svc_old_api_total', 'src/metrics.rs', 8, 'LEGACY', { help: 'Calls to the v1 API' }),
  latency: defined('svc_latency_seconds', 'src/metrics.rs', 10, 'LATENCY', { kind: 'histogram', help: 'Latency', series: LATENCY_SERIES }),
  latencyMoved: defined('svc_latency_seconds', 'src/latency.rs', 6, 'LATENCY', { kind: 'histogram', help: 'Latency', series: LATENCY_SERIES }),
  errors: defined('svc_errors_total', 'src/errors.rs', 6, 'ERRORS', { vec: true, labels: ['kind'], help: 'Errors by kind' }),
  queue: defined('svc_queue_jobs_total', 'src/queue.rs', 6, 'QUEUED', { help: 'Jobs queued' }),
} satisfies Record<string, MetricDefinition>;
