import { describe, expect, it } from 'vitest';
import { catalogQueries, usesOfMetric } from '../../src/analyses/query-usage.js';
import { releaseNotes } from '../../src/analyses/release-notes.js';
import { readGrafanaDashboard } from '../../src/dashboards/grafana.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';
import { changed, emptyDiff, metric } from '../helpers/metric-diffs.js';

function dashboard(...exprs: string[]) {
  const panels = exprs.map((expr, i) => ({ id: i + 1, type: 'timeseries', title: `Panel ${i + 1}`, datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr }] }));
  return readGrafanaDashboard(JSON.stringify({ title: 'D', panels }), 'd.json');
}

const rules = readRuleFile(
  [
    'groups:',
    '  - name: g',
    '    rules:',
    '      - record: job:lat:p99',
    '        expr: histogram_quantile(0.99, sum by (le, job) (rate(lat_seconds_bucket[5m])))',
    '      - record: job:lat_p99:max',
    '        expr: max(job:lat:p99)',
    '      - alert: SlowP99',
    '        expr: job:lat_p99:max > 1',
    '',
  ].join('\n'),
  'r.yml',
);

describe('usesOfMetric', () => {
  it('finds a metric by name, by any of its series, by a __name__ pattern, and through chains of recording rules', () => {
    const catalog = catalogQueries([dashboard('rate(lat_seconds_count[5m])', '{__name__=~"lat_.*_sum"}', 'other_total', '${metric}_bucket')], [rules]);
    const uses = usesOfMetric(metric({ name: 'lat_seconds', kind: 'histogram' }), catalog);
    expect(uses.map((u) => [u.source.kind === 'panel' ? u.source.panel : u.source.name, u.series, u.via])).toEqual([
      ['Panel 1', ['lat_seconds_count'], []],
      ['Panel 2', ['lat_seconds_sum'], []],
      ['job:lat:p99', ['lat_seconds_bucket'], []],
      ['job:lat_p99:max', [], ['job:lat:p99']],
      ['SlowP99', [], ['job:lat_p99:max']],
    ]);
  });
});

describe('releaseNotes breakages', () => {
  it('a removed metric breaks every panel and rule that reads it, directly or through recording rules', () => {
    const lat = metric({ name: 'lat_seconds', kind: 'histogram' });
    const diff = emptyDiff({ removed: [{ name: lat.name, definition: lat, commit: null, baseSide: null }] });
    const notes = releaseNotes(diff, catalogQueries([dashboard('job:lat:p99', 'up')], [rules]));
    expect(notes.removed[0]?.breaks.map((b) => [b.source.kind === 'panel' ? b.source.panel : b.source.name, b.via])).toEqual([
      ['Panel 1', ['job:lat:p99']],
      ['job:lat:p99', []],
      ['job:lat_p99:max', ['job:lat:p99']],
      ['SlowP99', ['job:lat_p99:max']],
    ]);
  });

  it('a label change breaks only queries that match on or group by a removed label', () => {
    const before = metric({ name: 'req_total', labels: ['host', 'code'] });
    const after = metric({ name: 'req_total', labels: ['shard', 'code'] });
    const catalog = catalogQueries(
      [dashboard('sum by (code) (rate(req_total[5m]))', 'rate(req_total{host="a"}[5m])', 'sum by (host) (rate(req_total[5m]))', 'rate(req_total{shard="1"}[5m])')],
      [],
    );
    const notes = releaseNotes(emptyDiff({ changed: [changed(before, after)] }), catalog);
    expect(notes.changed[0]?.breaks.map((b) => [b.source.kind === 'panel' ? b.source.panel : '', b.reasons])).toEqual([
      ['Panel 2', [{ kind: 'labels-removed', labels: ['host'] }]],
      ['Panel 3', [{ kind: 'labels-removed', labels: ['host'] }]],
    ]);
  });

  it('a histogram turned counter breaks bucket queries; dropped buckets break le= selectors; help changes break nothing', () => {
    const hist = metric({ name: 'lat_seconds', kind: 'histogram', buckets: [0.1, 0.5, 1] });
    const fewer = metric({ name: 'lat_seconds', kind: 'histogram', buckets: [0.1, 1], help: 'New help' });
    const counter = metric({ name: 'lat_seconds', kind: 'counter' });
    const catalog = catalogQueries([dashboard('rate(lat_seconds_bucket{le="0.5"}[5m])', 'rate(lat_seconds_bucket{le="1"}[5m])', 'lat_seconds')], []);
    const toCounter = releaseNotes(emptyDiff({ changed: [changed(hist, counter)] }), catalog).changed[0];
    expect(toCounter?.breaks.map((b) => [b.source.kind === 'panel' ? b.source.panel : '', b.reasons])).toEqual([
      ['Panel 1', [{ kind: 'series-dropped', series: ['lat_seconds_bucket'] }]],
      ['Panel 2', [{ kind: 'series-dropped', series: ['lat_seconds_bucket'] }]],
    ]);
    const bucketsChanged = releaseNotes(emptyDiff({ changed: [changed(hist, fewer)] }), catalog).changed[0];
    expect(bucketsChanged?.breaks.map((b) => [b.source.kind === 'panel' ? b.source.panel : '', b.reasons])).toEqual([
      ['Panel 1', [{ kind: 'buckets-removed', buckets: ['0.5'] }]],
    ]);
  });

  it('without dashboards or rules there is nothing to check', () => {
    const before = metric({ name: 'x', labels: ['a'] });
    const notes = releaseNotes(emptyDiff({ changed: [changed(before, metric({ name: 'x', labels: ['b'] }))] }), null);
    expect(notes.checked).toBeNull();
    expect(notes.changed[0]?.breaks).toEqual([]);
  });
});
