import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { marked, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepository, DEMO_DASHBOARD_PATH } from '../../src/demo/build-demo.js';
import { DEMO_BRANCH_METRICS } from '../../src/demo/demo-branch-metrics.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import type { ReportData } from '../../src/render/report/report-data.js';
import { DEMO_PANEL_STATUSES } from '../helpers/demo-report.js';
import { runCli } from '../helpers/run-cli.js';


describe('provenance report on the demo repository', () => {
  let demo: Scenario;
  let out: string;
  beforeAll(() => {
    demo = buildDemoRepository();
    out = mkdtempSync(path.join(os.tmpdir(), 'provenance-report-'));
  });
  afterAll(() => {
    demo.cleanup();
    rmSync(out, { recursive: true, force: true });
  });
  const report = (args: readonly string[]) => runCli(['report', '--repo', demo.dir, '--deployed', 'main', ...args]);

  it('--json is the data the page is drawn from: every panel with its status, the branch picture, start-up and lifecycles', async () => {
    const run = await report(['--dashboard', DEMO_DASHBOARD_PATH, '--json']);
    expect(run.code).toBe(0);
    const data = (JSON.parse(run.stdout) as { command: string; result: ReportData }).result;
    const panels = data.dashboard?.rows.flatMap((r) => r.panels) ?? [];
    expect(Object.fromEntries(panels.map((p) => [p.title, p.status]))).toEqual(DEMO_PANEL_STATUSES);
    expect(data.dashboard?.rows.map((r) => r.title)).toEqual(['Ingester', 'Backfill', 'Backfiller']);
    expect(data.summary[0]).toBe('10 panels show No data (of 16 with Prometheus queries); 3 more panels may show No data until an error or a first use.');

    // One picture: both feature refs as lanes from main's tip, the two introducing commits marked on each.
    expect(data.branches).toHaveLength(1);
    const [picture] = data.branches;
    expect([...(picture?.metrics ?? [])].sort()).toEqual([...DEMO_BRANCH_METRICS].sort());
    expect(picture?.lanes.map((l) => [l.ref, l.ahead, l.behind, l.mergeBase === data.deployed.commit])).toEqual([
      ['rude1/backfill', 20, 0, true],
      ['rude1/init-metrics', 21, 0, true],
    ]);
    const subjects = (lane: NonNullable<typeof picture>['lanes'][number]) => lane.marks.map((m) => [m.kind, data.commits[m.commit]?.subject, m.position]);
    expect(subjects(picture?.lanes[0] as NonNullable<typeof picture>['lanes'][number])).toEqual([
      ['introduced', 'Add metrics', 4],
      ['introduced', 'Parity with plugins', 13],
    ]);

    expect(data.startup.map((s) => [s.metric, s.status])).toEqual([
      ['ingester_store_pool_waits_total', 'never-used'],
      ['backfiller_http_errors_total', 'error-path'],
      ['ingester_db_write_errors_total', 'error-path'],
      ['ingester_firehose_decode_errors_total', 'error-path'],
      ['ingester_firehose_connected', 'forced'],
    ]);
    const forced = data.startup.find((s) => s.status === 'forced');
    expect(forced?.chain[0]).toBe('main');
    const errors = data.metrics.find((m) => m.name === 'ingester_errors_total');
    expect(errors?.verdict?.text).toBe('exists only in rude1/backfill, 20 commits ahead of main (also in rude1/init-metrics, 21 ahead)');
    expect(errors?.timeline.map((e) => [e.kind, e.reached])).toEqual([['introduced', ['rude1/backfill', 'rude1/init-metrics']]]);
  });

  it('--out writes one self-contained page, byte for byte the same on a second run', async () => {
    const first = path.join(out, 'first.html');
    const second = path.join(out, 'second.html');
    expect((await report(['--dashboard', DEMO_DASHBOARD_PATH, '--out', first])).code).toBe(0);
    const run = await report(['--dashboard', DEMO_DASHBOARD_PATH, '--out', second]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`wrote ${second}`);
    const html = readFileSync(first, 'utf8');
    expect(readFileSync(second, 'utf8')).toBe(html);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/\ssrc=|<link\b/);
    for (const title of Object.keys(DEMO_PANEL_STATUSES)) expect(html).toContain(`<span class="t-title">${title}</span>`);
  });

  it('--metric alone: a page about one metric, its verdict first', async () => {
    const run = await report(['--metric', 'ingester_errors_total', '--json']);
    expect(run.code).toBe(0);
    const data = (JSON.parse(run.stdout) as { result: ReportData }).result;
    expect(data.dashboard).toBeNull();
    expect(data.summary).toEqual(['ingester_errors_total: exists only in rude1/backfill, 20 commits ahead of main (also in rude1/init-metrics, 21 ahead).']);
    expect(data.metrics.map((m) => [m.name, m.requested])).toEqual([['ingester_errors_total', true]]);
    expect(data.branches[0]?.metrics).toEqual(['ingester_errors_total']);
  });

  it('asks for a dashboard or a metric, and reports an unwritable --out as a usage problem', async () => {
    const none = await report([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give --dashboard FILE, --metric NAME, or both');
    const bad = await report(['--metric', 'ingester_errors_total', '--out', path.join(out, 'missing-dir', 'r.html')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write the report \(ENOENT\)/);
  });
});

describe('provenance dashboard --format markdown', () => {
  let demo: Scenario;
  let dir: string;
  beforeAll(() => {
    demo = buildDemoRepository();
    dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-md-'));
  });
  afterAll(() => {
    demo.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const tablesOf = (markdown: string) => marked.lexer(markdown).filter((t): t is Tokens.Table => t.type === 'table');
  const html = (markdown: string) => marked.parse(markdown, { async: false });

  it('renders as two valid tables (panels, metrics) under the root cause', async () => {
    const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--format', 'markdown']);
    expect(run.code).toBe(1);
    const [panels, metrics] = tablesOf(run.stdout);
    expect(panels?.header.map((h) => h.text)).toEqual(['Panel', 'Status', 'Metrics']);
    expect(panels?.rows.map((r) => [r[0]?.text, r[1]?.text])).toEqual(
      Object.entries(DEMO_PANEL_STATUSES).map(([title, status]) => [title, status.replace(/^lazy-(.*)$/, 'lazy ($1)')]),
    );
    expect(metrics?.header.map((h) => h.text)).toEqual(['Metric', 'Status', 'Why']);
    for (const table of [panels, metrics]) for (const row of table?.rows ?? []) expect(row).toHaveLength(3);
    const page = html(run.stdout);
    expect(page).toContain('<h3>Dashboard &quot;Skyline ingest&quot; against <code>main</code>');
    expect(page).toContain('<strong>10 panels show No data (of 16 with Prometheus queries); 3 more panels may show No data until an error or a first use.</strong>');
    expect(page).toContain('<td><code>ingester_errors_total</code></td>');
    // --json still works, and disagrees loudly with another --format.
    expect((await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--json', '--format', 'markdown'])).code).toBe(2);
  });

  it('keeps hostile panel titles as text: pipes, markup and ampersands do not break or style the table', async () => {
    const titles = ['a | b', '<img src=x onerror=alert(1)>', '**bold** _x_ `code`', 'Tom & Jerry &lt;', '[link](javascript:alert(1))'];
    const dashboard = {
      title: 'Hostile | <b>',
      panels: titles.map((title, i) => ({ id: i + 1, type: 'timeseries', title, gridPos: { x: 0, y: i * 4, w: 12, h: 4 }, targets: [{ refId: 'A', expr: 'rate(ingester_errors_total[5m])' }] })),
    };
    const file = path.join(dir, 'hostile.json');
    writeFileSync(file, JSON.stringify(dashboard));
    const run = await runCli(['dashboard', file, '--repo', demo.dir, '--deployed', 'main', '--format', 'markdown']);
    const [panels] = tablesOf(run.stdout);
    expect(panels?.rows).toHaveLength(titles.length);
    for (const row of panels?.rows ?? []) expect(row).toHaveLength(3);
    const page = html(run.stdout);
    expect(page).not.toMatch(/<img|<a |<strong>bold|<em>x|<b>/);
    expect(page).toContain('<td>a | b</td>');
    expect(page).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(page).toContain('<td>Tom &amp; Jerry &amp;lt;</td>');
    expect(page).toContain('<td>**bold** _x_ `code`</td>');
  });
});
