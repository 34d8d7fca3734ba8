import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricStatus, worstStatus, type StatusContext } from '../../src/analyses/metric-status.js';
import type { StartupReport } from '../../src/analyses/startup-status.js';
import { DEFINED, openLifecycleRepository, statusContextAt, type OpenedLifecycle } from './lifecycle-repository.js';

let o: OpenedLifecycle;
/** v1.1 as deployed, with the real start-up analysis of its tree. */
let context: StatusContext;
beforeAll(async () => {
  o = await openLifecycleRepository();
  context = await statusContextAt(o, 'v1.1');
});
afterAll(async () => {
  await o?.close();
});

const HANDLE_USES = (line: number) => [{ path: 'src/main.rs', line, function: 'handle' }];

describe('metricStatus at the deployed ref', () => {
  it('a Vec forced at start-up but without label values there has no series yet', () => {
    expect(metricStatus('svc_requests_total', context)).toEqual({
      name: 'svc_requests_total',
      status: { kind: 'no-series-yet', definition: DEFINED.requestsServed, labelValuesAtStartup: false },
    });
  });

  it('lazily held: used only by a function main never calls (first use), or not used at all (never)', () => {
    expect(metricStatus('svc_latency_seconds_bucket', context)).toEqual({
      name: 'svc_latency_seconds',
      status: { kind: 'lazy', definition: DEFINED.latencyMoved, registration: 'first-use', uses: HANDLE_USES(10), reason: null, binaries: ['src/main.rs'] },
    });
    expect(metricStatus('svc_errors_total', context)).toEqual({
      name: 'svc_errors_total',
      status: { kind: 'lazy', definition: DEFINED.errors, registration: 'first-use', uses: HANDLE_USES(11), reason: null, binaries: ['src/main.rs'] },
    });
    expect(metricStatus('svc_old_api_total', context)).toEqual({
      name: 'svc_old_api_total',
      status: { kind: 'lazy', definition: DEFINED.oldApi, registration: 'never-used', uses: [], reason: null, binaries: ['src/main.rs'] },
    });
  });

  it('removed from the deployed history by the renaming commit; only on a branch ahead: not deployed, with the introducing commit', () => {
    const { c3, c6, c7 } = o.commits;
    expect(metricStatus('svc_legacy_total', context)).toEqual({ name: 'svc_legacy_total', status: { kind: 'removed', removedBy: c3 } });
    expect(metricStatus('svc_queue_jobs_total', context)).toEqual({
      name: 'svc_queue_jobs_total',
      status: { kind: 'not-deployed', refs: [{ ref: 'experiment', commit: c7, definitions: [DEFINED.queue], ahead: 1, behind: 0, mergeBase: c6 }], introducedBy: [c7] },
    });
  });

  it('names that are not this code’s: external ones, a recording rule, one a dependency exports, one never defined', () => {
    expect(metricStatus('up', context)).toEqual({ name: 'up', status: { kind: 'external', reason: 'synthesised by Prometheus for every scrape target' } });
    expect(metricStatus('svc:requests:rate5m', context)).toEqual({
      name: null,
      status: { kind: 'unknown', closest: [], reason: 'a recording rule: pass --rules FILE to see the metrics it is computed from' },
    });
    const dependencies = { packages: ['opendal'], direct: ['opendal'], exporters: [{ crate: 'opendal', prefixes: ['opendal_'], source: 'docs' }] };
    expect(metricStatus('opendal_bytes_total', { ...context, dependencies })).toEqual({
      name: null,
      status: { kind: 'external', reason: 'from dependency opendal (it exports opendal_* metrics)' },
    });
    expect(metricStatus('opendal_bytes_total', context)).toEqual({ name: null, status: { kind: 'unknown', closest: [], reason: 'never defined in any branch, remote-tracking branch or tag' } });
  });

  it('the start-up report decides: none for the metric is taken as eager, a forced entry with label values as forced', () => {
    const empty: StartupReport = { ...context.startup, entries: [] };
    expect(metricStatus('svc_requests_total', { ...context, startup: empty }).status).toEqual({ kind: 'ok', definitions: [DEFINED.requestsServed], how: 'eager' });
    const forced: StartupReport = {
      ...context.startup,
      entries: context.startup.entries.map((e) => (e.metric.name === 'svc_requests_total' ? { ...e, labelValuesAtStartup: true } : e)),
    };
    expect(metricStatus('svc_requests_total', { ...context, startup: forced }).status).toEqual({ kind: 'ok', definitions: [DEFINED.requestsServed], how: 'forced' });
  });

  it('deployed at v1.0, the branch metric is not deployed on four refs, and the renamed one is in no current ref but the old ones', () => {
    const { c1, c2, c6, c7 } = o.commits;
    const v10 = { ...context, deployed: o.tip('v1.0') };
    const status = metricStatus('svc_errors_total', v10).status;
    expect(status.kind === 'not-deployed' ? status.refs.map((r) => [r.ref, r.commit, r.ahead, r.behind, r.mergeBase]) : status).toEqual([
      ['experiment', c7, 6, 0, c1],
      ['feature/errors', c2, 1, 0, c1],
      ['main', c6, 5, 0, c1],
      ['v1.1', c6, 5, 0, c1],
    ]);
    expect(status.kind === 'not-deployed' ? status.introducedBy : null).toEqual([c2]);
  });
});

describe('worstStatus', () => {
  it('a panel takes its worst metric status; none is ok', () => {
    expect(worstStatus([])).toBe('ok');
    expect(worstStatus(['ok', 'external', 'lazy', 'no-series-yet'])).toBe('lazy');
    expect(worstStatus(['query-error', 'query-problem'])).toBe('query-error');
    expect(worstStatus(['removed', 'unknown', 'not-deployed'])).toBe('unknown');
  });
});
