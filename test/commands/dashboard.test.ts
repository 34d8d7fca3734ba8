import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepository, DEMO_DASHBOARD_PATH } from '../../src/demo/build-demo.js';
import { DEMO_ADD_METRICS_SUBJECT, DEMO_PARITY_SUBJECT } from '../../src/demo/demo-history.js';
import { DEMO_BRANCH_METRICS } from '../../src/demo/demo-branch-metrics.js';
import { DEMO_LAZY_MAIN_ERROR_METRICS } from '../../src/demo/demo-main-metrics.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const SCRAPE_MAIN = path.join(FIXTURES, 'scrapes/demo-main.prom');
const SCRAPE_BACKFILL = path.join(FIXTURES, 'scrapes/demo-backfill.prom');

interface DashboardJson {
  deployed: { ref: string; commit: string };
  panels: { title: string; status: string; registration: string | null; metrics: string[] }[];
  metrics: {
    query: string;
    status: string;
    introducedBy: string[];
    registration: string | null;
    uses: { path: string; line: number; function: string | null }[];
    refs: { ref: string; ahead: number | null; behind: number | null }[];
  }[];
  summary: {
    panelsWithoutData: number;
    panelsUntilFirstUse: number;
    panelsAnalysed: number;
    causes: { kind: string; registration: string | null; metrics: string[] }[];
    initialize: { file: string; holder: string; statics: string[]; callFrom: string[] }[];
    sentences: string[];
  };
  scrape: { findings: string[]; bestMatch: { ref: string | null; commit: string; matched: number; unexplained: number }[] | null } | null;
}

/** Panel title → status, in dashboard order. */
const PANELS_ON_MAIN: Record<string, string> = {
  'Ingester up': 'external',
  'Firehose connected': 'ok',
  'Event processing p99': 'ok',
  'Postgres pool waits': 'lazy',
  'Firehose decode errors': 'lazy',
  'Database write errors': 'lazy',
  'Ingester errors': 'not-deployed',
  'Repos fetched': 'not-deployed',
  'Repos written': 'not-deployed',
  'Repo fetch errors': 'not-deployed',
  'Cursor skips': 'not-deployed',
  'Backfill complete': 'not-deployed',
  'CAR parse errors': 'not-deployed',
  'Verification errors': 'not-deployed',
  'Dead-lettered repos': 'not-deployed',
  'getRepo HTTP errors': 'lazy',
};

describe('provenance dashboard on the demo repository', () => {
  let demo: Scenario;
  const json = async (args: readonly string[]) => {
    const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--json', ...args]);
    return { code: run.code, stderr: run.stderr, result: (JSON.parse(run.stdout) as { result: DashboardJson }).result };
  };
  const subject = (sha: string) => demo.git(['log', '-1', '--format=%s', sha]).trim();

  beforeAll(() => {
    demo = buildDemoRepository();
  });
  afterAll(() => demo.cleanup());

  it('--deployed main: 9 panels not deployed (two introducing commits), 1 metric never used, 3 lazy error counters with their error sites', async () => {
    const { code, result } = await json(['--deployed', 'main']);
    expect(code).toBe(1);
    expect(Object.fromEntries(result.panels.map((p) => [p.title, p.status]))).toEqual(PANELS_ON_MAIN);
    // Certain: 9 not deployed and 1 never used. The 3 error counters appear after their first error.
    expect(result.summary.panelsWithoutData).toBe(10);
    expect(result.summary.panelsUntilFirstUse).toBe(3);
    expect(result.summary.panelsAnalysed).toBe(16);
    expect(result.panels.filter((p) => p.status === 'lazy').map((p) => [p.title, p.registration])).toEqual([
      ['Postgres pool waits', 'never-used'],
      ['Firehose decode errors', 'error-path'],
      ['Database write errors', 'error-path'],
      ['getRepo HTTP errors', 'error-path'],
    ]);

    const notDeployed = result.metrics.filter((m) => m.status === 'not-deployed');
    expect(notDeployed.map((m) => m.query).sort()).toEqual([...DEMO_BRANCH_METRICS].sort());
    const introducedBy = new Set(notDeployed.flatMap((m) => m.introducedBy.map(subject)));
    expect([...introducedBy].sort()).toEqual([DEMO_ADD_METRICS_SUBJECT, DEMO_PARITY_SUBJECT].sort());
    for (const m of notDeployed) {
      expect(m.refs.map((r) => [r.ref, r.ahead, r.behind])).toEqual([
        ['rude1/backfill', 20, 0],
        ['rude1/init-metrics', 21, 0],
      ]);
    }

    const lazy = Object.fromEntries(result.metrics.filter((m) => m.status === 'lazy').map((m) => [m.query, [m.registration, m.uses]]));
    expect(Object.keys(lazy).sort()).toEqual([...DEMO_LAZY_MAIN_ERROR_METRICS, 'ingester_store_pool_waits_total'].sort());
    expect(lazy).toEqual({
      ingester_store_pool_waits_total: ['never-used', []],
      ingester_firehose_decode_errors_total: ['error-path', [{ path: 'crates/ingester/src/firehose.rs', line: 77, function: 'Firehose::follow' }]],
      ingester_db_write_errors_total: ['error-path', [{ path: 'crates/ingester/src/firehose.rs', line: 115, function: 'Firehose::handle' }]],
      backfiller_http_errors_total: ['error-path', [
        { path: 'crates/backfiller/src/repo_backfiller.rs', line: 29, function: 'RepoBackfiller::fetch' },
        { path: 'crates/backfiller/src/repo_backfiller.rs', line: 34, function: 'RepoBackfiller::fetch' },
      ]],
    });
  });

  it('--deployed main: the root-cause summary names the branch, both commits and the lazy first uses', async () => {
    const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main']);
    expect(run.code).toBe(1);
    const rootCause = run.stdout.slice(run.stdout.indexOf('Root cause'));
    expect(rootCause).toMatchInlineSnapshot(`
      "Root cause
        10 panels show No data (of 16 with Prometheus queries); 3 more panels may show No data until an error or a first use.
        9 metrics are not defined on main: all 9 exist on rude1/backfill (20 commits ahead, introduced in 4a54f36e78 "Add metrics" and 80b6ee58dd "Parity with plugins"). Deploy rude1/backfill or merge it into main. Also on: rude1/init-metrics.
        1 metric is never used in the code, so it never appears: ingester_store_pool_waits_total.
        3 metrics appear only after their first error (used only in error handling): backfiller_http_errors_total (crates/backfiller/src/repo_backfiller.rs:29 in RepoBackfiller::fetch), ingester_db_write_errors_total (crates/ingester/src/firehose.rs:115 in Firehose::handle), ingester_firehose_decode_errors_total (crates/ingester/src/firehose.rs:77 in Firehose::follow). Until then the panel may show No data.
        Force HTTP_ERRORS at startup: in crates/backfiller/src/metrics.rs, add a function that calls lazy_static::initialize on each, and call it from the main of crates/backfiller/src/main.rs.
        Force DB_WRITE_ERRORS, FIREHOSE_DECODE_ERRORS at startup: in crates/ingester/src/metrics.rs, add a function that calls lazy_static::initialize on each, and call it from the main of crates/ingester/src/main.rs.
        Force POOL_WAITS at startup: in crates/ingester/src/store.rs, add a function that calls lazy_static::initialize on each, and call it from the main of crates/ingester/src/main.rs.
      "
    `);
  });

  it('--deployed rude1/backfill: the branch metrics are defined but lazy, none forced at startup', async () => {
    const { code, result } = await json(['--deployed', 'rude1/backfill']);
    expect(code).toBe(1);
    const lazyNow = Object.fromEntries(Object.entries(PANELS_ON_MAIN).map(([title, status]) => [title, status === 'not-deployed' ? 'lazy' : status]));
    expect(Object.fromEntries(result.panels.map((p) => [p.title, p.status]))).toEqual(lazyNow);
    expect(result.summary.panelsWithoutData).toBe(1);
    expect(result.summary.panelsUntilFirstUse).toBe(12);
    expect(result.summary.panelsAnalysed).toBe(16);
    const firstUse = Object.fromEntries(result.metrics.filter((m) => m.status === 'lazy').map((m) => [m.query, m.uses[0]]));
    expect(firstUse).toEqual({
      backfiller_car_parse_errors_total: { path: 'crates/backfiller/src/repo_backfiller.rs', line: 70, function: 'RepoBackfiller::backfill' },
      backfiller_http_errors_total: { path: 'crates/backfiller/src/repo_backfiller.rs', line: 47, function: 'RepoBackfiller::fetch' },
      backfiller_repos_dead_lettered_total: { path: 'crates/backfiller/src/main.rs', line: 59, function: 'work' },
      backfiller_verification_errors_total: { path: 'crates/backfiller/src/repo_backfiller.rs', line: 75, function: 'RepoBackfiller::backfill' },
      ingester_backfill_complete: { path: 'crates/ingester/src/backfill.rs', line: 65, function: 'Backfill::run' },
      ingester_backfill_cursor_skips_total: { path: 'crates/ingester/src/backfill.rs', line: 94, function: 'Backfill::backfill_repo' },
      ingester_backfill_fetch_errors_total: { path: 'crates/ingester/src/backfill.rs', line: 101, function: 'Backfill::backfill_repo' },
      ingester_backfill_repos_fetched_total: { path: 'crates/ingester/src/backfill.rs', line: 107, function: 'Backfill::backfill_repo' },
      ingester_backfill_repos_written_total: { path: 'crates/ingester/src/backfill.rs', line: 113, function: 'Backfill::backfill_repo' },
      ingester_db_write_errors_total: { path: 'crates/ingester/src/firehose.rs', line: 118, function: 'Firehose::handle' },
      ingester_errors_total: { path: 'crates/ingester/src/backfill.rs', line: 102, function: 'Backfill::backfill_repo' },
      ingester_firehose_decode_errors_total: { path: 'crates/ingester/src/firehose.rs', line: 80, function: 'Firehose::follow' },
    });
  });

  it('--deployed rude1/init-metrics: initialize_metrics() from main makes every panel ok, exit 0', async () => {
    const { code, result } = await json(['--deployed', 'rude1/init-metrics']);
    expect(code).toBe(0);
    const allOk = Object.fromEntries(Object.keys(PANELS_ON_MAIN).map((title) => [title, title === 'Ingester up' ? 'external' : 'ok']));
    expect(Object.fromEntries(result.panels.map((p) => [p.title, p.status]))).toEqual(allOk);
    expect(result.summary).toEqual({
      panelsWithoutData: 0,
      panelsUntilFirstUse: 0,
      panelsAnalysed: 16,
      causes: [],
      initialize: [],
      sentences: ['All 16 panels query metrics that rude1/init-metrics registers at startup.'],
    });
  });

  describe('--fail-on', () => {
    it('fails only on the named statuses', async () => {
      expect((await json(['--deployed', 'rude1/backfill', '--fail-on', 'not-deployed'])).code).toBe(0);
      expect((await json(['--deployed', 'rude1/backfill', '--fail-on', 'removed,lazy'])).code).toBe(1);
      expect((await json(['--deployed', 'main', '--fail-on', 'unknown'])).code).toBe(0);
      expect((await json(['--deployed', 'main', '--fail-on', 'none'])).code).toBe(0);
    });

    it('rejects an unknown status with exit 2', async () => {
      const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--fail-on', 'lazy,missing']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(
        "--fail-on: unknown status 'missing'; use a comma-separated list of not-deployed, lazy, removed, unknown, no-series-yet, query-problem, query-error, or none",
      );
    });
  });

  describe('--scrape', () => {
    it('confirms the lazy error counters are absent from a scrape of main', async () => {
      const { result } = await json(['--deployed', 'main', '--scrape', SCRAPE_MAIN]);
      expect(result.scrape).toEqual({
        findings: [
          'backfiller_http_errors_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)',
          'ingester_db_write_errors_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)',
          'ingester_firehose_decode_errors_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)',
          'ingester_store_pool_waits_total: absent from the scrape, as predicted: nothing uses it (confirmed)',
        ],
        bestMatch: null,
      });
    });

    it('a scrape with branch metrics is not main: it names the ref whose metric set matches best', async () => {
      const { result } = await json(['--deployed', 'main', '--scrape', SCRAPE_BACKFILL]);
      const initTip = demo.sha('rude1/init-metrics');
      expect(result.scrape?.findings).toEqual([
        'backfiller_http_errors_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)',
        'ingester_backfill_cursor_skips_total: in the scrape but not defined on main: main is not what runs',
        'ingester_backfill_repos_fetched_total: in the scrape but not defined on main: main is not what runs',
        'ingester_backfill_repos_written_total: in the scrape but not defined on main: main is not what runs',
        'ingester_db_write_errors_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)',
        'ingester_firehose_decode_errors_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)',
        'ingester_store_pool_waits_total: absent from the scrape, as predicted: nothing uses it (confirmed)',
        '3 application metric(s) in the scrape are not defined on main: ingester_backfill_cursor_skips_total, ingester_backfill_repos_fetched_total, ingester_backfill_repos_written_total',
        // Both branches define these names; the tie goes to the ref closest to the deployed one.
        `the scrape matches rude1/backfill at ${demo.sha('rude1/backfill').slice(0, 10)} (10 of 10 metrics)`,
      ]);
      expect(result.scrape?.bestMatch?.slice(0, 2)).toEqual([
        { ref: 'rude1/backfill', commit: demo.sha('rude1/backfill'), matched: 10, unexplained: 0 },
        { ref: 'rude1/init-metrics', commit: initTip, matched: 10, unexplained: 0 },
      ]);
    });

    it('reads the scrape from an http URL', async () => {
      const body = await import('node:fs').then((fs) => fs.readFileSync(SCRAPE_MAIN, 'utf8'));
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
        const fromUrl = await json(['--deployed', 'main', '--scrape', url]);
        const fromFile = await json(['--deployed', 'main', '--scrape', SCRAPE_MAIN]);
        expect(fromUrl.result.scrape).toEqual(fromFile.result.scrape);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('input problems', () => {
    let tmp: string;
    beforeAll(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'provenance-dashboard-'));
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('malformed dashboard JSON: exit 2 with the line and column', async () => {
      const run = await runCli(['dashboard', path.join(FIXTURES, 'dashboards/invalid.json'), '--repo', demo.dir, '--deployed', 'main']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${path.join(FIXTURES, 'dashboards/invalid.json')}:10:3: invalid JSON`);
    });

    it('a truncated export points at its end', async () => {
      const file = path.join(tmp, 'truncated.json');
      writeFileSync(file, '{\n  "title": "Cut",\n  "panels": [\n    { "title": "x"');
      const run = await runCli(['dashboard', file, '--repo', demo.dir, '--deployed', 'main']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:19: invalid JSON`));
    });

    it('a dashboard with no Prometheus targets: a note, exit 0', async () => {
      const file = path.join(FIXTURES, 'dashboards/no-prometheus.json');
      const run = await runCli(['dashboard', file, '--repo', demo.dir, '--deployed', 'main']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('no Prometheus queries in this dashboard: nothing to check');
      expect(run.stderr).toContain(`note: ${file} has no Prometheus queries; nothing to check`);
      expect(run.stderr).toContain("note: panel \"API logs\" target A: skipped (datasource type 'loki' is not Prometheus)");
    });

    it('an unknown deployed ref is a usage error', async () => {
      const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'no-such-branch']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("unknown ref 'no-such-branch'");
    });

    it('--deployed is required', async () => {
      const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("required option '--deployed <ref>' not specified");
    });
  });
});
