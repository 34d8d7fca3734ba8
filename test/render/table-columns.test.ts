/** Tables and the root-cause summary fit `COLUMNS`, wrap long cells between words, and never cut a metric name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepository, DEMO_DASHBOARD_PATH } from '../../src/demo/build-demo.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { fitColumns, renderTable } from '../../src/render/table.js';
import { runCli } from '../helpers/run-cli.js';

const HEAD = ['METRIC', 'STATUS', 'WHY'];
const ROWS = [
  ['ingester_firehose_decode_errors_total', 'lazy', 'lazy, used only in error handling: appears after the first error at crates/ingester/src/firehose.rs:77 in Firehose::follow'],
  ['up', 'external', 'synthesised by Prometheus for every scrape target'],
  ['svc_requests_total', 'unknown', 'never defined; closest: svc_request_total, svc_requests_count'],
];
const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);
const widest = (text: string) => Math.max(...lines(text).map((l) => l.length));
const wordsOf = (rows: readonly (readonly string[])[]) => rows.flatMap((r) => r.join(' ').split(' '));

describe('renderTable', () => {
  it('with no width (a pipe or file) keeps one line per row', () => {
    const text = renderTable(HEAD, ROWS, { color: false, columns: Number.POSITIVE_INFINITY });
    expect(lines(text)).toHaveLength(1 + ROWS.length);
    expect(text).toContain(ROWS[0]?.[2]);
  });

  it('fits the width by wrapping the long column between words; every name and word stays whole', () => {
    const text = renderTable(HEAD, ROWS, { color: false, columns: 90 });
    expect(widest(text)).toBeLessThanOrEqual(90);
    expect(lines(text).length).toBeGreaterThan(1 + ROWS.length);
    const flat = lines(text).join(' ');
    for (const word of wordsOf(ROWS)) expect(flat).toContain(word);
    expect(text).not.toContain('…');
    expect(lines(text)[1]?.startsWith('ingester_firehose_decode_errors_total  lazy      lazy, used only')).toBe(true);
  });

  it('breaks a path after a slash only when that makes the table fit', () => {
    const text = renderTable(HEAD, ROWS, { color: false, columns: 70 });
    expect(widest(text)).toBeLessThanOrEqual(70);
    expect(text).toMatch(/crates\/ingester\/\n\s+src\/firehose\.rs:77|crates\/\n\s+ingester\/src\/firehose\.rs:77|crates\/ingester\/src\/\n\s+firehose\.rs:77/);
    for (const name of ['ingester_firehose_decode_errors_total', 'svc_request_total,', 'svc_requests_count']) expect(text).toContain(name);
  });

  it('is wider than asked rather than cutting a metric name', () => {
    const rows = [['a_rather_long_metric_name_that_cannot_wrap_total', 'ok', 'another_long_metric_name_in_the_detail_column_total']];
    const text = renderTable(HEAD, rows, { color: false, columns: 40 });
    expect(text).toContain(rows[0]?.[0]);
    expect(text).toContain(rows[0]?.[2]);
    expect(widest(text)).toBeGreaterThan(40);
  });

  it('fitColumns leaves natural widths alone when they fit', () => {
    expect(fitColumns(['A', 'B'], [['xx', 'yyy']], 80)).toEqual([2, 3]);
  });
});

describe('COLUMNS on the demo repository', () => {
  let demo: Scenario;
  beforeAll(() => {
    demo = buildDemoRepository();
  });
  afterAll(() => demo.cleanup());
  const dashboard = (env: Record<string, string>) => runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main'], env);

  it('dashboard output fits COLUMNS=100, tables and root cause alike, and names every metric whole', async () => {
    const wide = await dashboard({});
    expect(widest(wide.stdout)).toBeGreaterThan(100);
    const narrow = await dashboard({ COLUMNS: '100' });
    expect(narrow.code).toBe(wide.code);
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(100);
    const json = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--json']);
    const queries = (JSON.parse(json.stdout) as { result: { metrics: { query: string }[] } }).result.metrics.map((m) => m.query);
    for (const query of queries) expect(narrow.stdout).toMatch(new RegExp(`(^|\\s)${query}(\\s|$)`, 'm'));
    // The root cause wraps with a hanging indent: each cause starts at two spaces, its continuation at four.
    const rootCause = lines(narrow.stdout.slice(narrow.stdout.indexOf('Root cause\n'))).slice(1);
    expect(rootCause.every((l) => /^ {2}\S/.test(l) || /^ {4}\S/.test(l))).toBe(true);
  });

  it('without COLUMNS (or with a value that is no width) piped output keeps whole lines', async () => {
    const unset = await dashboard({});
    for (const value of ['', 'abc', '0', '-5']) expect((await dashboard({ COLUMNS: value })).stdout).toBe(unset.stdout);
    const rootCause = lines(unset.stdout.slice(unset.stdout.indexOf('Root cause\n'))).slice(1);
    expect(rootCause.every((l) => /^ {2}\S/.test(l))).toBe(true);
  });

  it('list keeps paths whole when the table cannot fit anyway', async () => {
    const run = await runCli(['list', '--ref', 'main', '--repo', demo.dir], { COLUMNS: '80' });
    expect(run.stdout).toContain('crates/backfiller/src/metrics.rs:16');
    expect(run.stdout).toContain('backfiller_fetch_duration_seconds');
    const roomy = await runCli(['list', '--ref', 'main', '--repo', demo.dir], { COLUMNS: '300' });
    expect(roomy.stdout).toBe((await runCli(['list', '--ref', 'main', '--repo', demo.dir])).stdout);
  });
});
