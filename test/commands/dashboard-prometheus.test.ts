/**
 * `dashboard --prometheus` and `explain --prometheus` against a real Prometheus that scrapes the demo's
 * services: job `ingester` runs main, job `canary` runs rude1/backfill, and job `rollout` has one
 * instance on each.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepository, DEMO_DASHBOARD_PATH } from '../../src/demo/build-demo.js';
import { DEMO_BRANCH_METRICS } from '../../src/demo/demo-branch-metrics.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { markdownCell } from '../../src/render/dashboard-markdown.js';
import { runCli } from '../helpers/run-cli.js';
import { freePort, listen, queryValue, startExpositionServer, startPrometheus, waitFor, type ExpositionServer, type RunningPrometheus } from '../helpers/prometheus-server.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

/** The fixture scrape with a build-info line that names the revision. */
function exposition(file: string, revision: string): string {
  const text = readFileSync(path.join(FIXTURES, 'scrapes', file), 'utf8');
  return text.replace('ingester_build_info{version="0.1.0"} 1', `ingester_build_info{version="0.1.0",revision="${revision}"} 1`);
}

interface Evidence {
  kind: string;
  metric: string;
  selector: string | null;
  series: number;
  jobs: string[];
  text: string;
}

interface DashboardJson {
  deployed: { ref: string; commit: string };
  panels: { title: string; status: string; evidence?: Evidence[] }[];
  metrics: { query: string; status: string; reason: string | null }[];
  summary: { panelsWithoutData: number; causes: { kind: string; metrics: string[] }[]; sentences: string[] };
  prometheus?: {
    url: string;
    window: string;
    job: string | null;
    foreign: string[];
    findings: string[];
    deployment: {
      source: string;
      chosen: { ref: string; commit: string } | null;
      mixed: boolean;
      jobs: { job: string; revisions: { commit: string | null; label: string | null; value: string | null; refs: string[]; instances: string[] }[] }[];
      sentences: string[];
    } | null;
  };
}

describe('--prometheus against a real Prometheus', () => {
  let demo: Scenario;
  let prometheus: RunningPrometheus;
  let first: ExpositionServer;
  let second: ExpositionServer;
  let tmp: string;
  let mainSha: string;
  let backfillSha: string;

  const dashboard = async (args: readonly string[], file = DEMO_DASHBOARD_PATH, env: Record<string, string> = {}) => {
    const run = await runCli(['dashboard', file, '--repo', demo.dir, '--json', '--prometheus', prometheus.url, ...args], env);
    if (run.stdout === '') return { code: run.code, stderr: run.stderr, result: null };
    return { code: run.code, stderr: run.stderr, result: (JSON.parse(run.stdout) as { result: DashboardJson }).result };
  };
  const evidenceOf = (result: DashboardJson | null, title: string) => result?.panels.find((p) => p.title === title)?.evidence?.map((e) => [e.kind, e.text]);

  beforeAll(async () => {
    demo = buildDemoRepository();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'provenance-prom-test-'));
    mainSha = demo.sha('main');
    backfillSha = demo.sha('rude1/backfill');
    const main = exposition('demo-main.prom', mainSha.slice(0, 7));
    const backfill = exposition('demo-backfill.prom', backfillSha.slice(0, 7));
    first = await startExpositionServer({ '/main': main, '/backfill': backfill, '/rollout': main });
    second = await startExpositionServer({ '/rollout': backfill });
    prometheus = await startPrometheus([
      { job: 'ingester', metricsPath: '/main', targets: [first.address] },
      { job: 'canary', metricsPath: '/backfill', targets: [first.address] },
      { job: 'rollout', metricsPath: '/rollout', targets: [first.address, second.address] },
    ]);
    // Every target scraped, and their build info stored: then every series the tests ask about exists.
    await waitFor(
      async () => (await queryValue(prometheus.url, 'count(up == 1)')) === 4 && (await queryValue(prometheus.url, 'count(ingester_build_info)')) === 4,
      60_000,
      () => 'Prometheus did not scrape the four targets within 60 s',
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await first?.close();
    await second?.close();
    demo?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('--deployed auto --job ingester: production runs main, read from ingester_build_info', async () => {
    const { code, result, stderr } = await dashboard(['--deployed', 'auto', '--job', 'ingester']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(result?.deployed).toEqual({ ref: 'main', commit: mainSha });
    expect(result?.prometheus?.deployment).toMatchObject({
      source: 'build-info',
      chosen: { ref: 'main', commit: mainSha },
      mixed: false,
      jobs: [{ job: 'ingester', revisions: [{ commit: mainSha, label: 'revision', value: mainSha.slice(0, 7), refs: ['main'], instances: [first.address] }] }],
      sentences: [`production runs ${mainSha.slice(0, 10)} (from ingester_build_info{revision="${mainSha.slice(0, 7)}"}, job ingester, 1 instance), which is main`],
    });
  });

  it('joins each panel with the code: no series for what main lacks or registers lazily, series for the rest', async () => {
    const { result } = await dashboard(['--deployed', 'main', '--job', 'ingester']);
    expect(result?.prometheus).toMatchObject({ window: '6h', job: 'ingester', foreign: [], findings: [] });
    expect(Object.fromEntries((result?.panels ?? []).map((p) => [p.title, (p.evidence ?? []).map((e) => e.kind)]))).toEqual({
      'Ingester up': ['series-present'],
      'Firehose connected': ['series-present'],
      'Event processing p99': ['series-present'],
      'Postgres pool waits': ['no-series'],
      'Firehose decode errors': ['no-series'],
      'Database write errors': ['no-series'],
      'Ingester errors': ['no-series'],
      'Repos fetched': ['no-series'],
      'Repos written': ['no-series'],
      'Repo fetch errors': ['no-series'],
      'Cursor skips': ['no-series'],
      'Backfill complete': ['no-series'],
      'CAR parse errors': ['no-series'],
      'Verification errors': ['no-series'],
      'Dead-lettered repos': ['no-series'],
      'getRepo HTTP errors': ['no-series'],
    });
    expect(evidenceOf(result, 'Ingester up')).toEqual([['series-present', 'series present for up{job="ingester"} (1 series, job ingester)']]);
    expect(evidenceOf(result, 'Firehose connected')).toEqual([['series-present', 'series present for ingester_firehose_connected{job="ingester"} (1 series, job ingester)']]);
    expect(evidenceOf(result, 'Ingester errors')).toEqual([
      ['no-series', 'Prometheus has no series for ingester_errors_total in the last 6h (job ingester): not deployed: main does not define it; it exists on rude1/backfill (20 ahead)'],
    ]);
    expect(evidenceOf(result, 'Postgres pool waits')).toEqual([
      ['no-series', 'Prometheus has no series for ingester_store_pool_waits_total in the last 6h (job ingester): never-used: nothing in the code uses it, so it is never registered (confirmed)'],
    ]);
    expect(evidenceOf(result, 'Database write errors')).toEqual([
      ['no-series', 'Prometheus has no series for ingester_db_write_errors_total in the last 6h (job ingester): error-path: it appears only after its first error, and none has happened (as predicted)'],
    ]);
  });

  it('report --prometheus: each panel of the page carries the evidence dashboard gives it, and the same statuses', async () => {
    const run = await runCli(['report', '--dashboard', DEMO_DASHBOARD_PATH, '--deployed', 'main', '--repo', demo.dir, '--json', '--prometheus', prometheus.url, '--job', 'ingester']);
    expect(run.code, run.stderr).toBe(0);
    const page = (JSON.parse(run.stdout) as { result: { dashboard: { rows: { panels: { title: string; evidence: string[] }[] }[] } } }).result;
    const panels = page.dashboard.rows.flatMap((r) => r.panels);
    const checked = await dashboard(['--deployed', 'main', '--job', 'ingester']);
    expect(panels.length).toBe(checked.result?.panels.length);
    for (const panel of checked.result?.panels ?? []) {
      expect(panels.find((p) => p.title === panel.title)?.evidence, panel.title).toEqual((panel.evidence ?? []).map((e) => e.text));
    }
    expect(panels.some((p) => p.evidence.length > 0)).toBe(true);
    const withoutDashboard = await runCli(['report', '--metric', 'ingester_errors_total', '--deployed', 'main', '--repo', demo.dir, '--json', '--prometheus', prometheus.url]);
    expect(withoutDashboard.code).toBe(2);
    expect(withoutDashboard.stderr).toMatch(/give --dashboard FILE too/);
  });

  it('the text report ends with a Prometheus section: the running revision, then each panel\'s evidence', async () => {
    const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--prometheus', prometheus.url, '--job', 'ingester']);
    expect(run.code).toBe(1);
    const section = run.stdout.slice(run.stdout.indexOf('\nPrometheus ('));
    expect(section.split('\n').slice(0, 3)).toEqual([
      '',
      `Prometheus (${prometheus.url}, last 6h, job ingester)`,
      `  production runs ${mainSha.slice(0, 10)} (from ingester_build_info{revision="${mainSha.slice(0, 7)}"}, job ingester, 1 instance), which is main`,
    ]);
  });

  it('series of metrics main does not define: production is not running main', async () => {
    const { result } = await dashboard(['--deployed', 'main', '--job', 'canary', '--since', '1h']);
    expect(result?.prometheus?.window).toBe('1h');
    expect(evidenceOf(result, 'Repos fetched')).toEqual([
      [
        'unexpected-series',
        'Prometheus has series for ingester_backfill_repos_fetched_total (1 series, job canary) although main does not define it: production is not running main',
      ],
    ]);
    expect(result?.prometheus?.foreign).toEqual(['ingester_backfill_cursor_skips_total', 'ingester_backfill_repos_fetched_total', 'ingester_backfill_repos_written_total']);
    expect(result?.prometheus?.findings).toEqual([
      'Prometheus has series in the last 1h (job canary) for 3 metrics of this repository that main does not define: ingester_backfill_cursor_skips_total, ingester_backfill_repos_fetched_total, ingester_backfill_repos_written_total. Production is not running main.',
    ]);
  });

  it('--deployed auto: each job answers for itself, and the rollout job runs two revisions', async () => {
    const { result } = await dashboard(['--deployed', 'auto']);
    const deployment = result?.prometheus?.deployment;
    expect(deployment?.mixed).toBe(true);
    expect(deployment?.jobs.map((j) => [j.job, j.revisions.map((r) => [r.refs, r.instances])])).toEqual([
      ['canary', [[['rude1/backfill'], [first.address]]]],
      ['ingester', [[['main'], [first.address]]]],
      ['rollout', expect.arrayContaining([[['main'], [first.address]], [['rude1/backfill'], [second.address]]])],
    ]);
    expect(deployment?.sentences[0]).toBe("jobs or instances run different revisions; each job's:");
    expect(deployment?.sentences.find((s) => s.startsWith('job rollout'))).toMatch(/^job rollout runs 2 revisions \(a rollout in progress\?\): /);
    // Two instances each: the tie goes to the job named first (canary).
    expect(result?.deployed).toEqual({ ref: 'rude1/backfill', commit: backfillSha });
  });

  it('without a revision label: the ref whose metric set matches what Prometheus has', async () => {
    const { result } = await dashboard(['--deployed', 'auto', '--job', 'canary', '--build-info', 'up']);
    expect(result?.prometheus?.deployment?.source).toBe('metric-match');
    expect(result?.deployed.commit).toBe(backfillSha);
  });

  it('a label matcher or template value that matches nothing, or a rule with no output, is a query problem, not a missing metric', async () => {
    const board = JSON.parse(readFileSync(DEMO_DASHBOARD_PATH, 'utf8')) as {
      panels: { title?: string; targets?: { expr: string }[] }[];
      templating: { list: unknown[] };
    };
    const setExpr = (title: string, expr: string) => {
      const panel = board.panels.find((p) => p.title === title);
      (panel?.targets?.[0] as { expr: string }).expr = expr;
    };
    setExpr('Firehose connected', 'min(ingester_firehose_connected{job="ingestor"})');
    setExpr('Event processing p99', 'histogram_quantile(0.99, sum by (le) (rate(ingester_event_processing_seconds_bucket{job=~"$job"}[5m])))');
    setExpr('Ingester up', 'sum(ingester:events_processed:rate5m)');
    board.templating.list.push({ name: 'job', type: 'custom', query: 'ingester,staging', multi: false, includeAll: false, current: { text: 'staging', value: 'staging' } });
    const file = path.join(tmp, 'typo.json');
    writeFileSync(file, JSON.stringify(board));
    const rules = path.join(tmp, 'rules.yml');
    writeFileSync(rules, 'groups:\n  - name: ingest\n    rules:\n      - record: ingester:events_processed:rate5m\n        expr: sum(rate(ingester_events_processed_total[5m]))\n');

    const { result } = await dashboard(['--deployed', 'main', '--rules', rules], file);
    const statuses = Object.fromEntries((result?.panels ?? []).map((p) => [p.title, p.status]));
    expect([statuses['Firehose connected'], statuses['Event processing p99'], statuses['Ingester up']]).toEqual(['query-problem', 'query-problem', 'query-problem']);
    const jobs = '"canary", "ingester", "rollout"';
    expect(evidenceOf(result, 'Firehose connected')).toEqual([
      [
        'query-problem',
        `series present: the panel's query, not the metric, is the problem: ingester_firehose_connected{job="ingestor"} matches none of the 4 series of ingester_firehose_connected in the last 6h (they have job: ${jobs})`,
      ],
    ]);
    expect(evidenceOf(result, 'Event processing p99')).toEqual([
      [
        'query-problem',
        `series present: the panel's query, not the metric, is the problem: ingester_event_processing_seconds_bucket{job=~"staging"} matches none of the 48 series of ingester_event_processing_seconds_bucket in the last 6h (they have job: ${jobs})`,
      ],
    ]);
    expect(evidenceOf(result, 'Ingester up')).toEqual([
      [
        'query-problem',
        "series present: the panel's query, not the metric, is the problem: recording rule ingester:events_processed:rate5m has no output in the last 6h although ingester_events_processed_total has series; is the rule loaded in this Prometheus?",
      ],
    ]);
    expect(result?.summary.causes.find((c) => c.kind === 'query-problem')?.metrics).toEqual(['ingester_event_processing_seconds', 'ingester_firehose_connected']);
  });

  it('explain --prometheus: the jobs with series and the last sample, next to the git verdict', async () => {
    const run = await runCli(['explain', 'ingester_backfill_repos_fetched_total', '--repo', demo.dir, '--deployed', 'main', '--prometheus', prometheus.url, '--json']);
    expect(run.code).toBe(1);
    const result = (JSON.parse(run.stdout) as { result: { verdict: { kind: string }; prometheus: { present: boolean; jobs: { job: string; lastSampleAgo: number | null }[]; text: string } } }).result;
    expect(result.verdict.kind).toBe('only-in');
    expect(result.prometheus.present).toBe(true);
    expect(result.prometheus.jobs.map((j) => j.job)).toEqual(['canary', 'rollout']);
    expect(result.prometheus.text).toMatch(/^Prometheus has 2 series for this metric from jobs canary, rollout \(last sample \d+ s ago\); main does not define it, so production is not running main$/);

    const absent = await runCli(['explain', DEMO_BRANCH_METRICS[0] as string, '--repo', demo.dir, '--prometheus', prometheus.url, '--job', 'ingester']);
    expect(absent.stdout).toContain(`prometheus     Prometheus has no series for this metric in the last 1h (job ingester) (${prometheus.url})`);
  });

  it('--format markdown carries the same Prometheus evidence as the JSON, one item per line', async () => {
    const args = ['--deployed', 'auto', '--job', 'ingester'];
    const { result } = await dashboard(args);
    const markdown = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--format', 'markdown', '--prometheus', prometheus.url, ...args]);
    expect(markdown.code).toBe(1);
    const section = markdown.stdout.slice(markdown.stdout.indexOf('\n#### Prometheus'));
    expect(section.split('\n')[1]).toBe(`#### Prometheus (\`${prometheus.url}\`, last 6h, job \`ingester\`)`);
    const json = result as unknown as { prometheus: { deployment: { sentences: string[] }; findings: string[] }; panels: { title: string; evidence?: { text: string }[] }[] };
    const expected = [
      ...json.prometheus.deployment.sentences,
      ...json.panels.flatMap((p) => (p.evidence ?? []).map((e) => `"${p.title}": ${e.text}`)),
      ...json.prometheus.findings,
    ].map((line) => `- ${markdownCell(line)}`);
    expect(expected.length).toBeGreaterThan(3);
    expect(section.split('\n').filter((line) => line.startsWith('- '))).toEqual(expected);
  });

  it('explain --deployed auto: the verdict is against the revision each job runs', async () => {
    interface ExplainAuto {
      verdict: { kind: string; ref: string };
      prometheus: { deployment: { source: string; chosen: { ref: string; commit: string } | null; mixed: boolean } };
    }
    const explain = async (job: string) => {
      const run = await runCli(['explain', 'ingester_backfill_repos_fetched_total', '--repo', demo.dir, '--deployed', 'auto', '--job', job, '--prometheus', prometheus.url, '--json']);
      return { code: run.code, stderr: run.stderr, result: (JSON.parse(run.stdout) as { result: ExplainAuto }).result };
    };
    const canary = await explain('canary');
    expect(canary.code).toBe(0);
    expect(canary.stderr).toBe('');
    expect(canary.result.verdict.kind).toBe('deployed');
    expect(canary.result.prometheus.deployment.source).toBe('build-info');
    expect(canary.result.prometheus.deployment.chosen?.commit).toBe(backfillSha);

    const ingester = await explain('ingester');
    expect(ingester.code).toBe(1);
    expect(ingester.result.verdict.kind).toBe('only-in');
    expect(ingester.result.prometheus.deployment.chosen?.commit).toBe(mainSha);
  });

  describe('errors are one line and exit 2', () => {
    it('a server that is down', async () => {
      const port = await freePort();
      const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--prometheus', `http://127.0.0.1:${port}`]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^provenance: --prometheus http://127\\.0\\.0\\.1:${port} \\(/api/v1/status/buildinfo\\): fetch failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\\n$`));
    });

    it('a URL that is not the Prometheus API', async () => {
      const wrongPath = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--prometheus', `${prometheus.url}/nope`]);
      expect(wrongPath.code).toBe(2);
      expect(wrongPath.stderr).toBe(
        `provenance: --prometheus ${prometheus.url}/nope: the server answered 404 Not Found for /api/v1/series: not the Prometheus HTTP API; give the server's base URL, e.g. http://prometheus:9090\n`,
      );
      const notPrometheus = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--prometheus', `http://${first.address}`]);
      expect(notPrometheus.code).toBe(2);
      expect(notPrometheus.stderr).toBe(
        `provenance: --prometheus http://${first.address}: /api/v1/status/buildinfo gave text/html that is not Prometheus API JSON; is this the Prometheus server's base URL (e.g. http://prometheus:9090)?\n`,
      );
    });

    describe('behind a proxy that wants credentials', () => {
      let proxy: ExpositionServer;
      const seen: (string | undefined)[] = [];
      beforeAll(async () => {
        const allowed = new Set([`Basic ${Buffer.from('grafana:s3cret').toString('base64')}`, 'Bearer tok-123']);
        proxy = await listen(
          http.createServer((req, res) => {
            seen.push(req.headers.authorization);
            if (!allowed.has(req.headers.authorization ?? '')) {
              res.writeHead(401, { 'www-authenticate': 'Basic realm="prometheus"' }).end('Unauthorized\n');
              return;
            }
            fetch(`${prometheus.url}${req.url ?? '/'}`).then(
              async (answer) => {
                res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
                res.end(await answer.text());
              },
              () => res.writeHead(502).end(),
            );
          }),
        );
      });
      afterAll(() => proxy.close());

      it('401 without credentials', async () => {
        const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--prometheus', `http://${proxy.address}`]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(
          `provenance: --prometheus http://${proxy.address}: the server answered 401 Unauthorized for /api/v1/status/buildinfo; give credentials in the URL (https://user:password@host) or with --header 'Authorization: Bearer \${TOKEN}'\n`,
        );
      });

      it('basic auth from the URL, a bearer token from the environment; the password is never printed', async () => {
        const basic = await dashboard(['--deployed', 'main', '--job', 'ingester'], DEMO_DASHBOARD_PATH);
        expect(basic.code).toBe(1);
        const viaUrl = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--json', '--prometheus', `http://grafana:s3cret@${proxy.address}`]);
        expect(viaUrl.code).toBe(1);
        expect(viaUrl.stdout).not.toContain('s3cret');
        expect((JSON.parse(viaUrl.stdout) as { result: DashboardJson }).result.prometheus?.url).toBe(`http://grafana:***@${proxy.address}/`);
        const viaHeader = await runCli(
          ['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--json', '--prometheus', `http://${proxy.address}`, '--header', 'Authorization: Bearer ${PROM_TOKEN}'],
          { PROM_TOKEN: 'tok-123' },
        );
        expect(viaHeader.code).toBe(1);
        expect(seen).toContain('Bearer tok-123');
        const unset = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--prometheus', `http://${proxy.address}`, '--header', 'Authorization: Bearer ${PROM_TOKEN}']);
        expect(unset.code).toBe(2);
        expect(unset.stderr).toBe('provenance: --header Authorization: environment variable PROM_TOKEN is not set\n');
      });
    });

    it('options that need --prometheus, and --deployed auto without it', async () => {
      const since = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'main', '--since', '1h']);
      expect(since.code).toBe(2);
      expect(since.stderr).toBe('provenance: --since applies to --prometheus; give --prometheus URL too\n');
      const auto = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--deployed', 'auto']);
      expect(auto.code).toBe(2);
      expect(auto.stderr).toBe('provenance: --deployed auto reads the revision from Prometheus: give --prometheus URL too\n');
    });
  });
});
