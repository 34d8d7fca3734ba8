/**
 * `--prometheus https://...` and `--scrape https://...` against a real Prometheus serving TLS with a
 * certificate from the test CA in fixtures/tls/: trusted when the CA is in SSL_CERT_FILE, SSL_CERT_DIR
 * or NODE_EXTRA_CA_CERTS, refused in one line otherwise. A second Prometheus, over http, scrapes the
 * same targets, so the answers over TLS can be compared with the answers over http.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScrape } from '../../src/dashboards/read-scrape.js';
import { buildDemoRepository, DEMO_DASHBOARD_PATH } from '../../src/demo/build-demo.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { queryValue, startExpositionServer, startPrometheus, waitFor, type ExpositionServer, type RunningPrometheus } from '../helpers/prometheus-server.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const TLS = path.join(FIXTURES, 'tls');
const CA = path.join(TLS, 'ca.pem');
const METRIC = 'ingester_backfill_repos_fetched_total';

/** The fixture scrape with a build-info line that names the revision. */
function exposition(file: string, revision: string): string {
  const text = readFileSync(path.join(FIXTURES, 'scrapes', file), 'utf8');
  return text.replace('ingester_build_info{version="0.1.0"} 1', `ingester_build_info{version="0.1.0",revision="${revision}"} 1`);
}

interface DashboardJson {
  deployed: { ref: string; commit: string };
  panels: { title: string; status: string; evidence?: { kind: string; text: string }[] }[];
  prometheus?: { url: string; deployment: { sentences: string[] } | null };
}

describe('--prometheus and --scrape over https, with the CAs of the system', () => {
  let demo: Scenario;
  let targets: ExpositionServer;
  let secure: RunningPrometheus;
  let plain: RunningPrometheus;
  let tmp: string;
  let empty: string;

  const dashboard = async (url: string, env: Record<string, string>) => {
    const run = await runCli(['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--json', '--prometheus', url, '--deployed', 'auto', '--job', 'ingester'], env);
    return { ...run, result: run.stdout === '' ? null : (JSON.parse(run.stdout) as { result: DashboardJson }).result };
  };
  /** The first request `dashboard` makes, as its errors name it. */
  const refusedAt = () => `provenance: --prometheus ${secure.url} (/api/v1/status/buildinfo): fetch failed (unable to verify the first certificate): the server's certificate is signed by no CA trusted here`;

  beforeAll(async () => {
    demo = buildDemoRepository();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'provenance-tls-test-'));
    empty = path.join(tmp, 'empty.pem');
    writeFileSync(empty, '');
    const revision = (ref: string) => demo.sha(ref).slice(0, 7);
    targets = await startExpositionServer({ '/main': exposition('demo-main.prom', revision('main')), '/backfill': exposition('demo-backfill.prom', revision('rude1/backfill')) });
    const jobs = [
      { job: 'ingester', metricsPath: '/main', targets: [targets.address] },
      { job: 'canary', metricsPath: '/backfill', targets: [targets.address] },
    ];
    [secure, plain] = await Promise.all([
      startPrometheus(jobs, { tls: { certFile: path.join(TLS, 'server.pem'), keyFile: path.join(TLS, 'server.key'), caFile: CA } }),
      startPrometheus(jobs),
    ]);
    const ca = readFileSync(CA, 'utf8');
    const scraped = async (p: RunningPrometheus, pem?: string) => (await queryValue(p.url, 'count(up == 1)', pem)) === 2 && (await queryValue(p.url, 'count(ingester_build_info)', pem)) === 2;
    await waitFor(async () => (await scraped(secure, ca)) && (await scraped(plain)), 60_000, () => 'the two Prometheus servers did not scrape both targets within 60 s');
  }, 120_000);

  afterAll(async () => {
    await secure?.stop();
    await plain?.stop();
    await targets?.close();
    demo?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('dashboard --prometheus https with SSL_CERT_FILE naming the CA: the same evidence as over http', async () => {
    const overTls = await dashboard(secure.url, { SSL_CERT_FILE: CA });
    expect(overTls.stderr).toBe('');
    expect(overTls.code).toBe(1);
    const overHttp = await dashboard(plain.url, {});
    expect(overHttp.code).toBe(1);
    expect(overTls.result?.deployed).toEqual({ ref: 'main', commit: demo.sha('main') });
    expect(overTls.result?.prometheus?.url).toBe(secure.url);
    expect(overTls.result?.panels).toEqual(overHttp.result?.panels);
    expect(overTls.result?.prometheus?.deployment).toEqual(overHttp.result?.prometheus?.deployment);
    expect(overTls.result?.panels.find((p) => p.title === 'Ingester up')?.evidence).toEqual([
      { kind: 'series-present', text: 'series present for up{job="ingester"} (1 series, job ingester)', metric: 'up', selector: 'up{job="ingester"}', series: 1, jobs: ['ingester'] },
    ]);
  });

  it('explain --prometheus https: the jobs with series, as over http', async () => {
    const explain = async (url: string, env: Record<string, string>) => {
      const run = await runCli(['explain', METRIC, '--repo', demo.dir, '--deployed', 'main', '--prometheus', url, '--json'], env);
      const result = (JSON.parse(run.stdout) as { result: { verdict: unknown; prometheus: { url: string; jobs: { job: string; lastSampleAgo: number | null }[]; text: string } } }).result;
      expect(result.prometheus.url).toBe(url);
      // Two servers scrape at their own moments: beside the URL, only the age of the last sample may differ.
      const jobs = result.prometheus.jobs.map((j) => ({ ...j, lastSampleAgo: typeof j.lastSampleAgo }));
      const text = result.prometheus.text.replace(/\d+ s ago/, 'N s ago');
      return { code: run.code, stderr: run.stderr, verdict: result.verdict, prometheus: { ...result.prometheus, url: 'URL', jobs, text } };
    };
    const overTls = await explain(secure.url, { SSL_CERT_FILE: CA });
    expect(overTls.stderr).toBe('');
    expect(overTls.code).toBe(1);
    expect(overTls.prometheus.text).toBe('Prometheus has 1 series for this metric from job canary (last sample N s ago); main does not define it, so production is not running main');
    const overHttp = await explain(plain.url, {});
    expect(overTls).toEqual(overHttp);
  });

  it('SSL_CERT_DIR holding the CA is trusted too', async () => {
    const dir = path.join(tmp, 'certs');
    mkdirSync(dir, { recursive: true });
    copyFileSync(CA, path.join(dir, 'company-ca.pem'));
    const run = await dashboard(secure.url, { SSL_CERT_FILE: empty, SSL_CERT_DIR: `${path.join(tmp, 'missing')}:${dir}` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  describe('a certificate from an unknown CA: one line, exit 2', () => {
    it('SSL_CERT_FILE names a bundle without the CA', async () => {
      const run = await dashboard(secure.url, { SSL_CERT_FILE: empty });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `${refusedAt()} (Node's bundled CAs, ${empty} (SSL_CERT_FILE)); install its CA in the system's store, or name the CA's PEM file in NODE_EXTRA_CA_CERTS or SSL_CERT_FILE\n`,
      );
    });

    it("no CA variable at all: Node's roots and the system bundle, which lack the test CA", async () => {
      const run = await dashboard(secure.url, {});
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(`${refusedAt()} (Node's bundled CAs`), run.stderr).toBe(true);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(run.stderr).toMatch(/\n$/);
    });

    it('an unreadable SSL_CERT_FILE names the variable and the file', async () => {
      const missing = path.join(tmp, 'missing.pem');
      const run = await dashboard(secure.url, { SSL_CERT_FILE: missing });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`provenance: SSL_CERT_FILE ${missing}: cannot read (no such file)\n`);
    });
  });

  it('--scrape https: trusted with the CA, refused in one line without it; http never reads the CAs', async () => {
    const scrape = `${secure.url}/metrics`;
    await expect(readScrape(`${plain.url}/metrics`, tmp, undefined, { SSL_CERT_FILE: path.join(tmp, 'missing.pem') })).resolves.toContain('prometheus_build_info{');
    await expect(readScrape(scrape, tmp, undefined, { SSL_CERT_FILE: CA })).resolves.toContain('prometheus_build_info{');
    await expect(readScrape(scrape, tmp, undefined, { SSL_CERT_FILE: empty })).rejects.toThrow(
      `--scrape ${scrape}: fetch failed (unable to verify the first certificate): the server's certificate is signed by no CA trusted here (Node's bundled CAs, ${empty} (SSL_CERT_FILE)); install its CA in the system's store, or name the CA's PEM file in NODE_EXTRA_CA_CERTS or SSL_CERT_FILE`,
    );
  });

  it('the built CLI, with NODE_EXTRA_CA_CERTS naming the CA: --prometheus and --scrape over https, then exits', async () => {
    const env = { NODE_EXTRA_CA_CERTS: CA, SSL_CERT_FILE: undefined, SSL_CERT_DIR: undefined };
    const args = ['dashboard', DEMO_DASHBOARD_PATH, '--repo', demo.dir, '--json', '--deployed', 'main'];
    const queried = await spawnCli([...args, '--prometheus', secure.url, '--job', 'ingester'], { env });
    expect(queried.stderr).toBe('');
    expect(queried.code).toBe(1);
    const scraped = await spawnCli([...args, '--scrape', `${secure.url}/metrics`], { env });
    expect(scraped.stderr).toBe('');
    expect(scraped.code).toBe(1);
    const refused = await spawnCli([...args, '--prometheus', secure.url], { env: { ...env, NODE_EXTRA_CA_CERTS: undefined, SSL_CERT_FILE: empty } });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(refused.stderr).toMatch(/^provenance: --prometheus https:\/\/127\.0\.0\.1:\d+ \(\/api\/v1\/[a-z/]+\): fetch failed \(unable to verify the first certificate\): the server's certificate is signed by no CA trusted here/);
  });
});
