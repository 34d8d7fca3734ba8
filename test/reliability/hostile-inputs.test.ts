/**
 * Hostile dashboards, rule files and scrapes: invalid JSON, the wrong shape, 10,000 panels, PromQL
 * syntax errors (reported per target while the rest is analysed), absurd nesting, enormous label
 * values, expositions with invalid lines; and `--scrape` URLs that never answer, redirect to other
 * schemes, or stream without end, against a local server on 127.0.0.1 with small limits.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/dashboards/exposition.js';
import { readGrafanaDashboard } from '../../src/dashboards/grafana.js';
import { metricSelectorsIn } from '../../src/dashboards/promql.js';
import { readScrape, type ScrapeLimits } from '../../src/dashboards/read-scrape.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';
import { InputFileError } from '../../src/errors.js';
import { metricChangeScenario, type MetricChangeScenario } from '../helpers/metric-change-scenario.js';
import { runCli } from '../helpers/run-cli.js';

const panel = (id: number, title: string, ...exprs: string[]) => ({
  id,
  type: 'timeseries',
  title,
  datasource: { type: 'prometheus', uid: 'prom' },
  gridPos: { x: 0, y: id, w: 12, h: 8 },
  targets: exprs.map((expr, i) => ({ refId: String.fromCharCode(65 + i), expr })),
});

const HUGE_LABEL = 'x'.repeat(2 * 1024 * 1024);
const BAD_QUERIES = ['sum(rate(svc_requests_total[5m]) by (', 'svc_requests_total{code=~"5.."', '))))', `${'('.repeat(50_000)}svc_requests_total${')'.repeat(50_000)}`, '\u0000\uffff"'];

/** 10,000 panels: the one that matters, panels with broken queries next to good ones, and filler. */
function bigDashboard(): string {
  const panels = [
    panel(1, 'v1 API calls', 'sum(increase(svc_legacy_total[1d]))'),
    panel(2, 'Broken and fine', ...BAD_QUERIES, 'sum(rate(svc_legacy_total[5m]))'),
    panel(3, 'Enormous label value', `sum(rate(svc_requests_total{host="${HUGE_LABEL}"}[5m]))`),
  ];
  for (let i = panels.length; i < 10_000; i++) panels.push(panel(i + 1, `filler ${i}`, `sum(rate(filler_${i % 500}_total[5m])) by (job)`));
  return JSON.stringify({ uid: 'big', title: 'Ten thousand panels', panels });
}

describe('dashboard, rule and exposition inputs', () => {
  it('invalid JSON and JSON of the wrong shape are one clear InputFileError each', () => {
    const cases: [string, RegExp][] = [
      ['{"panels": [', /^d\.json:1:\d+: invalid JSON/],
      ['', /invalid JSON/],
      ['\u0000\u0001', /invalid JSON/],
      ['[]', /expected a JSON object at the top level/],
      ['"panels"', /expected a JSON object/],
      ['{"title": "no panels"}', /no "panels" or "rows" array/],
      ['{"panels": {"a": 1}}', /panels/],
      ['{"panels": [42]}', /panels\[0\]: expected an object/],
      ['{"panels": [{"type": "graph", "targets": [{"refId": "A", "expr": {"$ne": 1}}]}]}', /expected a string/],
      [`{"panels": [${'{"type":"row","panels":['.repeat(100_000)}${']}'.repeat(100_000)}]}`, /nested more than 64 deep/],
    ];
    for (const [text, message] of cases) {
      let thrown: unknown;
      try {
        readGrafanaDashboard(text, 'd.json');
      } catch (error) {
        thrown = error;
      }
      expect(thrown, text.slice(0, 60)).toBeInstanceOf(InputFileError);
      expect((thrown as Error).message, text.slice(0, 60)).toMatch(message);
      expect((thrown as Error).message).not.toContain('\n');
    }
  });

  it('reads 10,000 panels quickly and reports PromQL errors per target, keeping the good targets', () => {
    const started = performance.now();
    const dashboard = readGrafanaDashboard(bigDashboard(), 'big.json');
    expect(dashboard.panels).toHaveLength(10_000);
    const broken = dashboard.panels[1];
    const scans = (broken?.targets ?? []).map((t) => metricSelectorsIn(t.expr));
    expect(scans.slice(0, BAD_QUERIES.length).every((s) => s.errors.length > 0)).toBe(true);
    expect(scans.at(-1)).toMatchObject({ names: ['svc_legacy_total'], errors: [] });
    expect(scans[3]?.errors[0]?.message).toMatch(/nested more than 256 deep/);
    const huge = metricSelectorsIn(dashboard.panels[2]?.targets[0]?.expr ?? '');
    expect(huge.names).toEqual(['svc_requests_total']);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('metricSelectorsIn never throws, whatever the query', () => {
    const queries = [
      `${'('.repeat(200_000)}`,
      `${'sum('.repeat(5_000)}up${')'.repeat(5_000)}`,
      `${'{'.repeat(10_000)}`,
      `up{a="${'"'.repeat(10_000)}`,
      '${'.repeat(10_000),
      Array.from({ length: 5_000 }, (_, i) => `m${i}`).join(' + '),
      '\ud800\udfff\u0000',
    ];
    for (const q of queries) expect(() => metricSelectorsIn(q), q.slice(0, 40)).not.toThrow();
  });

  it('rule files: invalid YAML, the wrong shape, alias bombs and deep nesting are InputFileErrors', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`), 'groups: *h', ''].join('\n');
    const cases = ['groups: [', 'groups: 3', '- just a list', bomb, `groups:\n- name: g\n  rules:\n  - record: r\n    expr: ${'['.repeat(10_000)}`, '\u0000'];
    for (const text of cases) {
      expect(() => readRuleFile(text, 'r.yml'), text.slice(0, 40)).toThrow(InputFileError);
    }
    const partial = readRuleFile('groups:\n- name: g\n  rules:\n  - record: job:x:rate5m\n    expr: sum(rate(x_total[5m]) by (\n  - alert: Fine\n    expr: up == 0\n', 'r.yml');
    const rules = partial.groups[0]?.rules ?? [];
    expect(rules.map((r) => r.scan.errors.length > 0)).toEqual([true, false]);
  });

  it('an exposition with invalid lines and enormous label values keeps every valid family, with line-numbered warnings', () => {
    const text = [
      '# HELP good_total Fine.',
      '# TYPE good_total counter',
      'good_total{code="200"} 3',
      '# TYPE',
      'broken{ 1',
      `huge_total{value="${'v'.repeat(5 * 1024 * 1024)}"} 1`,
      'bad name 1',
      '\u0000\u0001',
      'good_total{code="500"} NaN',
      'other_seconds_bucket{le="+Inf"} 1 1700000000000 extra junk',
      '',
    ].join('\n');
    const exposition = parseExposition(text);
    expect(exposition.families.map((f) => f.name)).toEqual(expect.arrayContaining(['good_total', 'huge_total']));
    expect(exposition.families.find((f) => f.name === 'good_total')?.sampleCount).toBe(2);
    expect(exposition.warnings.length).toBeGreaterThanOrEqual(3);
    expect(exposition.warnings.every((w) => w.line >= 1 && !w.message.includes('\n') && w.message.length < 1000)).toBe(true);
  });
});

describe('--scrape over http, within limits', () => {
  let server: http.Server;
  let base: string;
  const open = new Set<http.ServerResponse>();
  const closed: string[] = [];
  const limits: ScrapeLimits = { timeoutMs: 500, maxBytes: 64 * 1024, maxRedirects: 3 };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      open.add(res);
      res.on('close', () => {
        open.delete(res);
        closed.push(req.url ?? '');
      });
      switch (req.url) {
        case '/metrics':
          res.end('# TYPE up gauge\nup 1\n');
          return;
        case '/silent':
          return; // never answers
        case '/slow-body': {
          // Headers at once, then a byte every 100 ms: under the size limit, over the time limit.
          res.writeHead(200, { 'content-type': 'text/plain' });
          const timer = setInterval(() => res.write('#'), 100);
          res.on('close', () => clearInterval(timer));
          return;
        }
        case '/endless': {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const chunk = `${'x'.repeat(1023)}\n`;
          const pump = () => {
            while (res.write(chunk)) {
              /* until the socket pushes back */
            }
          };
          res.on('drain', pump);
          pump();
          return;
        }
        case '/to-file':
          res.writeHead(302, { location: 'file:///etc/passwd' }).end();
          return;
        case '/to-ftp':
          res.writeHead(301, { location: 'ftp://127.0.0.1/metrics' }).end();
          return;
        case '/to-data':
          res.writeHead(307, { location: 'data:text/plain,up%201' }).end();
          return;
        case '/loop':
          res.writeHead(302, { location: '/loop' }).end();
          return;
        case '/no-location':
          res.writeHead(302).end();
          return;
        case '/hop':
          res.writeHead(302, { location: '/metrics' }).end();
          return;
        default:
          res.writeHead(500).end('boom');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of open) res.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const refusal = async (source: string, message: RegExp, maxMs = 5_000): Promise<void> => {
    const started = performance.now();
    const error = await readScrape(source, process.cwd(), limits).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, source).toBeInstanceOf(InputFileError);
    expect((error as Error).message, source).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect(performance.now() - started, source).toBeLessThan(maxMs);
  };

  it('reads a normal scrape and follows an http redirect', async () => {
    await expect(readScrape(`${base}/metrics`, process.cwd(), limits)).resolves.toContain('up 1');
    await expect(readScrape(`${base}/hop`, process.cwd(), limits)).resolves.toContain('up 1');
  });

  it('gives up on a server that never answers, or answers too slowly, at the time limit', async () => {
    await refusal(`${base}/silent`, /no complete answer within 0\.5 s/);
    await refusal(`${base}/slow-body`, /no complete answer within 0\.5 s/);
  });

  it('refuses redirects to other schemes, redirect loops and redirects without a Location', async () => {
    await refusal(`${base}/to-file`, /refused a redirect to file:/);
    await refusal(`${base}/to-ftp`, /refused a redirect to ftp:/);
    await refusal(`${base}/to-data`, /refused a redirect to data:/);
    await refusal(`${base}/loop`, /more than 3 redirects/);
    await refusal(`${base}/no-location`, /redirect without a Location header/);
    await refusal(`${base}/nope`, /answered 500/);
  });

  it('cuts off a response larger than the limit, and closes the connection', async () => {
    await refusal(`${base}/endless`, /exceeds the 65536 byte limit; cut off/);
    await expect.poll(() => closed.includes('/endless'), { timeout: 5_000 }).toBe(true);
  });

  it('refuses non-http URLs and oversized files given directly', async () => {
    await refusal('file:///etc/passwd', /only http and https URLs/);
    await refusal('ftp://127.0.0.1/metrics', /only http and https URLs/);
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-scrape-')), 'big.prom');
    fs.writeFileSync(big, 'x'.repeat(limits.maxBytes + 1));
    try {
      await refusal(big, /larger than 65536 bytes; is it the right file\?/);
    } finally {
      fs.rmSync(path.dirname(big), { recursive: true, force: true });
    }
  });
});

describe('hostile dashboards through the CLI', () => {
  let scenario: MetricChangeScenario;
  let dir: string;
  let declared: string[];

  beforeAll(async () => {
    scenario = metricChangeScenario();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-hostile-dash-'));
    fs.writeFileSync(path.join(dir, 'big.json'), bigDashboard());
    fs.writeFileSync(path.join(dir, 'invalid.json'), '{"panels": [ {"title": "x", }]}');
    fs.writeFileSync(path.join(dir, 'bad.yml'), 'groups: [');
    const help = await runCli(['--help']);
    declared = [...(help.stdout.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string);
  });
  afterAll(() => {
    scenario.repo.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('release-notes: a 10,000-panel dashboard with broken queries still finds the panels a removal breaks', async () => {
    const run = await runCli(['release-notes', 'v1.0..v1.1', '--json', '--dashboard', path.join(dir, 'big.json'), '--repo', scenario.repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('v1 API calls');
    expect(run.stdout).toContain('Broken and fine');
  });

  it('release-notes: an invalid dashboard or rule file is one line and exit 2, before any indexing', async () => {
    for (const args of [['--dashboard', path.join(dir, 'invalid.json')], ['--rules', path.join(dir, 'bad.yml')], ['--dashboard', path.join(dir, 'missing.json')]]) {
      const run = await runCli(['release-notes', 'v1.0..v1.1', ...args, '--repo', scenario.repo.dir]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^provenance: [^\n]+\n$/);
    }
  });

  it('dashboard: the same inputs give a report or one clear line', async () => {
    if (!declared.includes('dashboard')) return;
    const big = await runCli(['dashboard', path.join(dir, 'big.json'), '--deployed', 'v1.1', '--json', '--repo', scenario.repo.dir]);
    expect(big.code, big.stderr).toBeLessThan(2);
    expect(big.stdout).toContain('Broken and fine');
    for (const file of ['invalid.json', 'missing.json']) {
      const run = await runCli(['dashboard', path.join(dir, file), '--deployed', 'v1.1', '--repo', scenario.repo.dir]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^provenance: [^\n]+\n$/);
    }
    const scrape = await runCli(['dashboard', path.join(dir, 'big.json'), '--deployed', 'v1.1', '--scrape', 'file:///etc/passwd', '--repo', scenario.repo.dir]);
    expect(scrape.code, scrape.stderr).toBe(2);
    expect(scrape.stderr).toMatch(/^provenance: [^\n]*only http and https[^\n]*\n$/);
  });
});
