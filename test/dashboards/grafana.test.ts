import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/errors.js';
import { readGrafanaDashboard, type Dashboard } from '../../src/dashboards/grafana.js';

function fixture(name: string): Dashboard {
  const file = `fixtures/dashboards/${name}`;
  return readGrafanaDashboard(readFileSync(file, 'utf8'), file);
}

function errorOf(text: string, file = 'dash.json'): InputFileError {
  try {
    readGrafanaDashboard(text, file);
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('expected an InputFileError');
}

const prometheus = (uid: string) => ({ type: 'prometheus', uid, name: null });

describe('readGrafanaDashboard', () => {
  it('reads an export with an open row, a collapsed row and its nested panels', () => {
    const d = fixture('exported-rows.json');
    expect({ uid: d.uid, title: d.title, count: d.prometheusTargetCount, notes: d.notes }).toEqual({
      uid: 'api-overview',
      title: 'API overview',
      count: 5,
      notes: [],
    });
    expect(d.panels.map((p) => [p.id, p.title, p.type, p.path, p.row, p.targets.length])).toEqual([
      [2, 'Request rate', 'timeseries', 'panels[1]', 'Traffic', 2],
      [3, 'Latency p99', 'timeseries', 'panels[2]', 'Traffic', 1],
      [5, 'Cache hit ratio', 'stat', 'panels[3].panels[0]', 'Internals', 1],
      [6, 'Selected metric', 'timeseries', 'panels[3].panels[1]', 'Internals', 1],
      [7, 'Notes', 'text', 'panels[4]', 'Internals', 0],
    ]);
    expect(d.panels[0]).toEqual({
      id: 2,
      title: 'Request rate',
      type: 'timeseries',
      path: 'panels[1]',
      gridPos: { x: 0, y: 1, w: 12, h: 8 },
      row: 'Traffic',
      libraryPanel: null,
      targets: [
        {
          refId: 'A',
          expr: 'sum by (status) (rate(http_requests_total{job="$job"}[$__rate_interval]))',
          datasource: prometheus('${DS_PROMETHEUS}'),
          hidden: false,
          path: 'panels[1].targets[0]',
        },
        {
          refId: 'B',
          expr: 'sum(rate(http_requests_total{job="$job", status=~"5.."}[5m]))',
          datasource: prometheus('${DS_PROMETHEUS}'),
          hidden: true,
          path: 'panels[1].targets[1]',
        },
      ],
    });
    // `{ "uid": "$datasource" }` takes its type from the datasource variable's query.
    expect(d.panels[1]?.targets[0]?.datasource).toEqual(prometheus('$datasource'));
    expect(d.panels[3]?.targets[0]?.datasource).toBeNull();
    expect(d.variables).toEqual([
      { name: 'datasource', type: 'datasource', query: 'prometheus', datasource: null },
      {
        name: 'job',
        type: 'query',
        query: 'label_values(http_requests_total, job)',
        datasource: prometheus('${DS_PROMETHEUS}'),
      },
      { name: 'metric', type: 'custom', query: 'http_requests,grpc_requests', datasource: null },
    ]);
  });

  it('unwraps the API envelope and says so in the paths', () => {
    const d = fixture('api-envelope.json');
    expect(d.uid).toBe('workers');
    expect(d.panels.flatMap((p) => p.targets.map((t) => [t.path, t.expr, t.datasource?.type ?? null]))).toEqual([
      ['dashboard.panels[0].targets[0]', 'sum(rate(worker_jobs_processed_total[5m])) by (queue)', 'prometheus'],
      ['dashboard.panels[1].targets[0]', 'max(worker_queue_depth) and on() up{job="worker"} == 1', null],
    ]);
  });

  it('reads the legacy rows[] layout with datasource names', () => {
    const d = fixture('legacy-rows.json');
    expect(d.panels.map((p) => [p.path, p.row, p.gridPos, p.targets[0]?.datasource ?? null])).toEqual([
      ['rows[0].panels[0]', 'Process', null, { type: null, uid: null, name: 'Prometheus' }],
      ['rows[0].panels[1]', 'Process', null, null],
      ['rows[1].panels[0]', 'Errors', null, { type: null, uid: null, name: 'Prometheus' }],
    ]);
  });

  it('keeps Prometheus targets of a mixed panel and notes Loki, SQL and library panels', () => {
    const d = fixture('mixed-datasources.json');
    expect(d.panels[0]?.targets.map((t) => [t.refId, t.datasource])).toEqual([
      ['A', prometheus('prom')],
      ['C', null],
    ]);
    expect(d.panels[2]?.libraryPanel).toEqual({ uid: 'lib-cpu', name: 'Shared CPU panel' });
    expect(d.notes).toEqual([
      {
        kind: 'non-prometheus-target',
        path: 'panels[0].targets[1]',
        panelTitle: 'Errors and error logs',
        refId: 'B',
        datasourceType: 'loki',
        reason: "datasource type 'loki' is not Prometheus",
      },
      {
        kind: 'non-prometheus-target',
        path: 'panels[1].targets[0]',
        panelTitle: 'Deploys',
        refId: 'A',
        datasourceType: 'mysql',
        reason: "datasource type 'mysql' is not Prometheus",
      },
      { kind: 'library-panel', path: 'panels[2]', panelTitle: 'Shared CPU panel', uid: 'lib-cpu', name: 'Shared CPU panel' },
    ]);
  });

  it('returns a dashboard without Prometheus targets rather than failing', () => {
    const d = fixture('no-prometheus.json');
    expect(d.prometheusTargetCount).toBe(0);
    expect(d.panels.map((p) => p.title)).toEqual(['Read me', 'API logs']);
    expect(d.notes.map((n) => n.kind)).toEqual(['non-prometheus-target']);
  });

  it('reads library panel models inlined under __elements', () => {
    const d = readGrafanaDashboard(
      JSON.stringify({
        __elements: {
          'lib-cpu': {
            name: 'Shared CPU panel',
            uid: 'lib-cpu',
            kind: 1,
            model: { type: 'timeseries', targets: [{ refId: 'A', expr: 'rate(process_cpu_seconds_total[5m])' }] },
          },
        },
        panels: [{ id: 1, title: 'CPU', libraryPanel: { uid: 'lib-cpu', name: 'Shared CPU panel' } }],
      }),
      'lib.json',
    );
    expect(d.notes).toEqual([]);
    expect(d.panels[0]?.type).toBe('timeseries');
    expect(d.panels[0]?.targets.map((t) => t.path)).toEqual(['__elements["lib-cpu"].model.targets[0]']);
  });

  it('resolves datasource variables and special datasources', () => {
    const d = readGrafanaDashboard(
      JSON.stringify({
        __inputs: [{ name: 'DS_LOKI', type: 'datasource', pluginId: 'loki' }],
        templating: { list: [{ name: 'prom', type: 'datasource', query: 'prometheus' }] },
        panels: [
          {
            title: 'P',
            targets: [
              { refId: 'A', datasource: '${DS_LOKI}', expr: '{app="x"}' },
              { refId: 'B', datasource: 'Loki logs', expr: '{app="x"}' },
              { refId: 'C', datasource: { type: 'datasource', uid: '-- Dashboard --' }, panelId: 2 },
              { refId: 'D', datasource: '$prom', expr: 'up' },
              { refId: 'E', datasource: { type: 'prometheus', uid: 'p' }, expr: '' },
              { refId: 'F', datasource: { type: 'prometheus', uid: 'p' } },
            ],
          },
        ],
      }),
      'ds.json',
    );
    expect(d.panels[0]?.targets.map((t) => [t.refId, t.datasource])).toEqual([['D', { type: 'prometheus', uid: null, name: '$prom' }]]);
    expect(d.notes.map((n) => (n.kind === 'non-prometheus-target' ? `${n.refId}: ${n.reason}` : `${n.kind} ${n.path}`))).toEqual([
      "A: datasource type 'loki' is not Prometheus",
      "B: datasource 'Loki logs' looks like Loki",
      'C: reuses the results of another panel (-- Dashboard -- datasource)',
      'empty-expr panels[0].targets[4]',
      'empty-expr panels[0].targets[5]',
    ]);
  });

  it('reports invalid JSON with file, line and column', () => {
    const file = 'fixtures/dashboards/invalid.json';
    expect(() => readGrafanaDashboard(readFileSync(file, 'utf8'), file)).toThrow(
      new InputFileError(`${file}:10:3: invalid JSON (Unexpected token ']'); fix the file or export the dashboard again`),
    );
  });

  it.each([
    ['{"a": }', 'dash.json:1:7: invalid JSON (Unexpected token \'}\')'],
    ['{\n  "panels": [1 2]\n}', "dash.json:2:16: invalid JSON (Expected ',' or ']' after array element)"],
    ['{\n  "panels": [', 'dash.json:2:14: invalid JSON (Unexpected end of JSON input)'],
    ['{"title": "unterminated', 'dash.json:1:24: invalid JSON (Unterminated string)'],
    ['', 'dash.json:1:1: invalid JSON (Unexpected end of JSON input)'],
  ])('locates the JSON error in %j', (text, prefix) => {
    const error = errorOf(text);
    expect(error.message).toBe(`${prefix}; fix the file or export the dashboard again`);
    expect(error.code).toBe('PROVENANCE_BAD_INPUT');
  });

  it.each([
    ['[]', 'dash.json: not a Grafana dashboard: expected a JSON object at the top level, found an array; pass a dashboard exported from Grafana'],
    [
      '{"title": "x"}',
      'dash.json: not a Grafana dashboard: no "panels" or "rows" array at the top level; pass the dashboard JSON (Export → Save to file) or the body of GET /api/dashboards/uid/<uid>',
    ],
    [
      '{"dashboard": {"title": "x"}}',
      'dash.json: not a Grafana dashboard: no "panels" or "rows" array at "dashboard"; pass the dashboard JSON (Export → Save to file) or the body of GET /api/dashboards/uid/<uid>',
    ],
    ['{"panels": {}}', 'dash.json: not a Grafana dashboard at panels: expected an array, found an object; pass a dashboard exported from Grafana'],
    [
      '{"panels": [{"type": "row", "panels": [null]}]}',
      'dash.json: not a Grafana dashboard at panels[0].panels[0]: expected an object, found null; pass a dashboard exported from Grafana',
    ],
    [
      '{"panels": [{"targets": [{"expr": 3}]}]}',
      'dash.json: not a Grafana dashboard at panels[0].targets[0].expr: expected a string, found a number; pass a dashboard exported from Grafana',
    ],
  ])('rejects the wrong shape %s', (text, message) => {
    expect(errorOf(text).message).toBe(message);
  });

  it('accepts a byte order mark', () => {
    expect(readGrafanaDashboard('\uFEFF{"panels": []}', 'bom.json').panels).toEqual([]);
  });

  // Speed belongs to `npm run bench`; the timeout is only a hang bound for a quadratic walk of 10,000 panels.
  it('reads 10,000 panels (a quadratic walk would hang)', { timeout: 30_000 }, () => {
    const rows = Array.from({ length: 100 }, (_, r) => ({
      type: 'row',
      title: `row ${r}`,
      collapsed: true,
      panels: Array.from({ length: 100 }, (_, p) => ({
        id: r * 100 + p,
        type: 'timeseries',
        title: `panel ${p}`,
        gridPos: { x: 0, y: p, w: 12, h: 8 },
        targets: [{ refId: 'A', expr: `rate(metric_${p}_total[5m])` }],
      })),
    }));
    const text = JSON.stringify({ panels: rows });
    const d = readGrafanaDashboard(text, 'big.json');
    expect(d.panels).toHaveLength(10_000);
    expect(d.prometheusTargetCount).toBe(10_000);
    expect(d.panels[9_999]?.path).toBe('panels[99].panels[99]');
  });
});
