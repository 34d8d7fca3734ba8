import type { ReportData } from '../../src/render/report/report-data.js';
import { STATUS_DISPLAY, statusLabel, noDataOf, type DisplayStatus } from '../../src/render/report/status-display.js';

const sha = (i: number) => i.toString(16).padStart(8, '0').repeat(5);

/** A report as large as big incidents get: `panels` panels in rows of 12, `metrics` metrics with lifecycles. */
export function largeReportData(panels = 300, metrics = 500): ReportData {
  const names = Array.from({ length: metrics }, (_, i) => `service_component_${i}_requests_total`);
  const commits: Record<string, ReportData['commits'][string]> = {};
  for (let i = 0; i < 60; i++) {
    commits[sha(i + 1)] = { sha: sha(i + 1), short: sha(i + 1).slice(0, 10), subject: `Commit number ${i} <with> "quotes" & things`, author: 'Dev Eloper', date: '2024-01-02T03:04:05+00:00', url: `https://github.com/o/r/commit/${sha(i + 1)}` };
  }
  const statuses = STATUS_DISPLAY;
  const rows: NonNullable<ReportData['dashboard']>['rows'][number][] = [];
  for (let r = 0; r * 12 < panels; r++) {
    const list = [];
    for (let j = 0; j < 12 && r * 12 + j < panels; j++) {
      const index = r * 12 + j;
      const status = statuses[index % statuses.length] as DisplayStatus;
      const mine = [0, 1].map((k) => names[(index * 2 + k) % metrics] as string);
      list.push({
        anchor: `panel-${index}`,
        index,
        title: `Panel ${index}: ${mine[0]}`,
        type: 'timeseries',
        path: `panels[${r}].panels[${j}]`,
        gridPos: { x: (j % 4) * 6, y: Math.floor(j / 4) * 8, w: 6, h: 8 },
        status,
        label: statusLabel(status),
        noData: noDataOf(status),
        metrics: mine.map((m) => ({ query: m, name: m, via: null, status: status.replace(/^lazy-.*/, 'lazy'), detail: `why ${m} looks as it does on main` })),
        problems: [],
        evidence: [],
      });
    }
    rows.push({ title: `Row ${r}`, height: 24, panels: list });
  }
  const all = rows.flatMap((r) => r.panels);
  return {
    deployed: { ref: 'main', commit: sha(1) },
    defaultBranch: 'main',
    summary: ['Many panels show No data.', 'A cause.'],
    dashboard: { title: 'Large', panelsWithoutData: 100, panelsUntilFirstUse: 50, panelsAnalysed: panels, rows },
    legend: statuses.map((s) => ({ status: s, label: statusLabel(s), panels: all.filter((p) => p.status === s).length })).filter((l) => l.panels > 0),
    metrics: names.map((name, i) => ({
      anchor: `metric-${i}`,
      query: name,
      name,
      requested: false,
      kind: 'int_counter',
      help: `Requests of component ${i}`,
      verdict: { kind: 'only-in', text: 'exists only in feature, 20 commits ahead of main' },
      sites: [{ path: `crates/c${i % 20}/src/metrics.rs`, line: 10 + (i % 50), static: `REQUESTS_${i}`, holder: 'lazy_static', refs: ['feature'] }],
      timeline: [0, 1, 2].map((k) => ({ kind: ['introduced', 'changed', 'moved'][k] as string, commit: sha(((i + k) % 60) + 1), detail: 'crates/c/src/metrics.rs:10', reached: ['feature', 'release/1.2'] })),
      closest: [],
    })),
    branches: [0, 1, 2].map((b) => ({
      metrics: names.slice(b * 100, b * 100 + 100),
      deployed: { ref: 'main', commit: sha(1) },
      lanes: [0, 1, 2, 3].map((l) => ({
        ref: `feature/${b}-${l}`,
        commit: sha(10 + l),
        ahead: 20 + l,
        behind: l * 3,
        mergeBase: sha(2),
        marks: [3, 9, 15].map((position, k) => ({ kind: 'introduced' as const, commit: sha(20 + k), position, metrics: names.slice(k * 30, k * 30 + 30) })),
      })),
      moreRefs: ['feature/x', 'feature/y'],
    })),
    startup: names.slice(0, 60).map((metric, i) => ({
      metric,
      path: 'crates/c/src/metrics.rs',
      line: i + 1,
      static: `S${i}`,
      holder: 'lazy_static',
      status: ['never-used', 'error-path', 'first-use', 'forced'][i % 4] as string,
      chain: i % 4 === 3 ? ['main', 'run', 'serve'] : [],
      site: i % 4 === 3 ? { path: 'crates/c/src/main.rs', line: 3, function: 'serve' } : null,
      binary: i % 4 === 3 ? 'crates/c/src/main.rs' : null,
      uses: i % 4 === 1 || i % 4 === 2 ? [{ path: 'crates/c/src/lib.rs', line: 40 + i, function: 'handle' }] : [],
      reason: null,
      binaries: ['crates/c/src/main.rs'],
    })),
    commits,
  };
}
