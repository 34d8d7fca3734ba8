import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardReport, type PanelFinding } from '../../src/analyses/dashboard-report.js';
import type { StatusContext } from '../../src/analyses/metric-status.js';
import { readGrafanaDashboard } from '../../src/dashboards/grafana.js';
import { DASHBOARD, RULES } from './dashboard-inputs.js';
import { DEFINED, openLifecycleRepository, statusContextAt, type OpenedLifecycle } from './lifecycle-repository.js';

let o: OpenedLifecycle;
let context: StatusContext;
beforeAll(async () => {
  o = await openLifecycleRepository();
  context = await statusContextAt(o, 'v1.1');
});
afterAll(async () => {
  await o?.close();
});

const panel = (title: string, index: number, status: PanelFinding['status'], metrics: readonly string[], fields: Partial<PanelFinding> = {}): PanelFinding => ({
  title,
  path: `panels[${index}]`,
  row: null,
  status,
  registration: null,
  metrics,
  errors: [],
  unknowable: [],
  ...fields,
});

const FIRST_USE = (line: number) => ({ registration: 'first-use' as const, uses: [{ path: 'src/main.rs', line, function: 'handle' }], reason: null, binaries: ['src/main.rs'] });

describe('dashboardReport against v1.1', () => {
  it('each panel takes its worst metric status; each metric once, by name as queried, with the panels that use it', () => {
    const { c3, c6, c7 } = o.commits;
    expect(dashboardReport(DASHBOARD, context, RULES)).toEqual({
      title: 'Svc overview',
      deployed: o.tip('v1.1'),
      panels: [
        panel('Requests', 0, 'no-series-yet', ['svc_requests_total']),
        panel('Latency', 1, 'lazy', ['svc_latency_seconds_bucket'], { registration: 'first-use' }),
        panel('Queue', 2, 'not-deployed', ['svc_queue_jobs_total']),
        panel('Legacy', 3, 'removed', ['svc_legacy_total', 'up']),
        panel('Latency, bare', 4, 'query-problem', ['svc_latency_seconds']),
        // A query that does not parse shows an error whatever its metrics do.
        panel('Broken', 5, 'query-error', ['svc_errors_total'], { errors: [{ refId: 'A', error: { offset: 25, message: 'unexpected end of query' } }] }),
        panel('Chosen metric', 6, 'unknown', [], { unknowable: ['$metric (a template variable names the metric)'] }),
        panel('Old API', 7, 'lazy', ['svc_old_api_total'], { registration: 'never-used' }),
        // The recording rule stands for the metric it is computed from.
        panel('Errors', 8, 'lazy', ['svc_errors_total'], { registration: 'first-use' }),
      ],
      metrics: [
        // Reached directly by "Broken" first, so `via` is null although "Errors" reads it through the rule.
        { query: 'svc_errors_total', name: 'svc_errors_total', via: null, panels: ['Broken', 'Errors'], status: { kind: 'lazy', definition: DEFINED.errors, ...FIRST_USE(11) } },
        {
          query: 'svc_latency_seconds',
          name: 'svc_latency_seconds',
          via: null,
          panels: ['Latency, bare'],
          status: {
            kind: 'query-problem',
            definition: DEFINED.latencyMoved,
            problem: 'series',
            reason: 'histogram svc_latency_seconds has no series named svc_latency_seconds; query svc_latency_seconds_bucket, svc_latency_seconds_sum or svc_latency_seconds_count',
          },
        },
        { query: 'svc_latency_seconds_bucket', name: 'svc_latency_seconds', via: null, panels: ['Latency'], status: { kind: 'lazy', definition: DEFINED.latencyMoved, ...FIRST_USE(10) } },
        { query: 'svc_legacy_total', name: 'svc_legacy_total', via: null, panels: ['Legacy'], status: { kind: 'removed', removedBy: c3 } },
        {
          query: 'svc_old_api_total',
          name: 'svc_old_api_total',
          via: '{__name__=~"svc_old_.*"}',
          panels: ['Old API'],
          status: { kind: 'lazy', definition: DEFINED.oldApi, registration: 'never-used', uses: [], reason: null, binaries: ['src/main.rs'] },
        },
        {
          query: 'svc_queue_jobs_total',
          name: 'svc_queue_jobs_total',
          via: null,
          panels: ['Queue'],
          status: { kind: 'not-deployed', refs: [{ ref: 'experiment', commit: c7, definitions: [DEFINED.queue], ahead: 1, behind: 0, mergeBase: c6 }], introducedBy: [c7] },
        },
        { query: 'svc_requests_total', name: 'svc_requests_total', via: null, panels: ['Requests'], status: { kind: 'no-series-yet', definition: DEFINED.requestsServed, labelValuesAtStartup: false } },
        { query: 'up', name: 'up', via: null, panels: ['Legacy'], status: { kind: 'external', reason: 'synthesised by Prometheus for every scrape target' } },
      ],
      notes: [],
      prometheusTargets: 9,
    });
  });

  it('without the rule file the recording rule is an unknown name; a regex that matches nothing is unknowable', () => {
    const dashboard = readGrafanaDashboard(
      JSON.stringify({
        title: null,
        panels: [
          { id: 1, title: 'Errors', type: 'stat', datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'svc:errors:rate5m' }] },
          { id: 2, title: 'Nothing', type: 'stat', datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: '{__name__=~"nope_.*"}' }] },
        ],
      }),
      'small.json',
    );
    const report = dashboardReport(dashboard, context, null);
    expect(report.panels).toEqual([
      panel('Errors', 0, 'unknown', ['svc:errors:rate5m']),
      panel('Nothing', 1, 'unknown', [], { unknowable: ['{__name__=~"nope_.*"} matches no metric ever defined'] }),
    ]);
    expect(report.metrics).toEqual([
      { query: 'svc:errors:rate5m', name: null, via: null, panels: ['Errors'], status: { kind: 'unknown', closest: [], reason: 'a recording rule: pass --rules FILE to see the metrics it is computed from' } },
    ]);
    expect([report.title, report.prometheusTargets]).toEqual([null, 2]);
  });
});
