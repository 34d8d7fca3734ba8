import { describe, expect, it } from 'vitest';
import { catalogQueries, seriesNamesOf, sourceKey, usesOfMetric, type MetricUse, type QuerySource } from '../../src/analyses/query-usage.js';
import { readGrafanaDashboard } from '../../src/dashboards/grafana.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';
import { definition } from '../render/render-inputs.js';

const target = (expr: string) => ({ refId: 'A', expr, datasource: { type: 'prometheus', uid: 'p' } });
const DASHBOARD = readGrafanaDashboard(
  JSON.stringify({
    title: 'Svc',
    panels: [
      { id: 1, title: 'p99', type: 'timeseries', targets: [target('histogram_quantile(0.99, sum by (le, route) (rate(svc_latency_seconds_bucket{le!="+Inf"}[5m])))')] },
      { id: 2, title: 'Anything latency', type: 'timeseries', targets: [target('{__name__=~"svc_latency_seconds_(sum|count)"}')] },
      { id: 3, title: 'From the rule', type: 'stat', targets: [target('svc:latency:p99 > 1')] },
      { id: 4, title: 'Other', type: 'stat', targets: [target('up'), target('$metric')] },
    ],
  }),
  'svc.json',
);
const RULES = readRuleFile(
  [
    'groups:',
    '  - name: svc',
    '    rules:',
    '      - record: svc:latency:p99',
    '        expr: histogram_quantile(0.99, rate(svc_latency_seconds_bucket[5m]))',
    '      - alert: SlowRequests',
    '        expr: svc:latency:p99 > 1',
    '',
  ].join('\n'),
  'rules.yml',
);

const LATENCY = definition('svc_latency_seconds', { kind: 'histogram', series: ['svc_latency_seconds_bucket', 'svc_latency_seconds_sum', 'svc_latency_seconds_count'] });
const panelSource = (panel: string, index: number): QuerySource => ({ kind: 'panel', file: 'svc.json', dashboard: 'Svc', panel, path: `panels[${index}]` });
const RECORD: QuerySource = { kind: 'rule', ruleKind: 'recording', file: 'rules.yml', group: 'svc', name: 'svc:latency:p99', line: 4 };
const ALERT: QuerySource = { kind: 'rule', ruleKind: 'alerting', file: 'rules.yml', group: 'svc', name: 'SlowRequests', line: 6 };

/** A use as the tests compare it: where, the selectors' metric and labels, the series named, the rules read through. */
const summary = (u: MetricUse) => ({
  source: u.source,
  selectors: u.selectors.map((s) => ({ metric: s.metric, labelNames: s.labelNames, functions: s.functions })),
  series: u.series,
  via: u.via,
});

describe('catalogQueries', () => {
  it('every panel target and rule, in document order, with the counts of dashboards and rule files', () => {
    const catalog = catalogQueries([DASHBOARD], [RULES]);
    expect(catalog.queries.map((q) => [q.source, q.expr])).toEqual([
      [panelSource('p99', 0), 'histogram_quantile(0.99, sum by (le, route) (rate(svc_latency_seconds_bucket{le!="+Inf"}[5m])))'],
      [panelSource('Anything latency', 1), '{__name__=~"svc_latency_seconds_(sum|count)"}'],
      [panelSource('From the rule', 2), 'svc:latency:p99 > 1'],
      [panelSource('Other', 3), 'up'],
      [panelSource('Other', 3), '$metric'],
      [RECORD, 'histogram_quantile(0.99, rate(svc_latency_seconds_bucket[5m]))'],
      [ALERT, 'svc:latency:p99 > 1'],
    ]);
    expect([catalog.dashboards, catalog.ruleFiles, [...catalog.recordingRules.keys()]]).toEqual([1, 1, ['svc:latency:p99']]);
  });
});

describe('usesOfMetric', () => {
  it('by a literal series, by a __name__ pattern, and through a recording rule, panels and rules alike', () => {
    const uses = usesOfMetric(LATENCY, catalogQueries([DASHBOARD], [RULES])).map(summary);
    expect(uses).toEqual([
      {
        source: panelSource('p99', 0),
        selectors: [{ metric: { kind: 'name', name: 'svc_latency_seconds_bucket', recordingRule: false }, labelNames: ['le'], functions: ['rate', 'sum', 'histogram_quantile'] }],
        series: ['svc_latency_seconds_bucket'],
        via: [],
      },
      {
        source: panelSource('Anything latency', 1),
        selectors: [{ metric: { kind: 'pattern', regex: '^(?:svc_latency_seconds_(sum|count))$', source: 'svc_latency_seconds_(sum|count)' }, labelNames: [], functions: [] }],
        series: ['svc_latency_seconds_sum', 'svc_latency_seconds_count'],
        via: [],
      },
      { source: panelSource('From the rule', 2), selectors: [], series: [], via: ['svc:latency:p99'] },
      {
        source: RECORD,
        selectors: [{ metric: { kind: 'name', name: 'svc_latency_seconds_bucket', recordingRule: false }, labelNames: [], functions: ['rate', 'histogram_quantile'] }],
        series: ['svc_latency_seconds_bucket'],
        via: [],
      },
      { source: ALERT, selectors: [], series: [], via: ['svc:latency:p99'] },
    ]);
  });

  it('without rule files a recording rule cannot be followed; a metric nothing reads has no uses', () => {
    expect(usesOfMetric(LATENCY, catalogQueries([DASHBOARD], [])).map((u) => u.source)).toEqual([panelSource('p99', 0), panelSource('Anything latency', 1)]);
    expect(usesOfMetric(definition('svc_unused_total'), catalogQueries([DASHBOARD], [RULES]))).toEqual([]);
  });
});

describe('seriesNamesOf and sourceKey', () => {
  it('the name and every exposed series, once each', () => {
    expect(seriesNamesOf(LATENCY)).toEqual(['svc_latency_seconds', 'svc_latency_seconds_bucket', 'svc_latency_seconds_sum', 'svc_latency_seconds_count']);
    expect(seriesNamesOf(definition('svc_x_total'))).toEqual(['svc_x_total']);
  });

  it('a panel by file and path, a rule by file, group, name and line', () => {
    expect(sourceKey(panelSource('p99', 0))).toBe('panel\0svc.json\0panels[0]');
    expect(sourceKey(ALERT)).toBe('rule\0rules.yml\0svc\0SlowRequests\x006');
  });
});
