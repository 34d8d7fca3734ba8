/** `dashboard` against a workspace whose dependencies export metrics, and whose panels query what no series can match. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

interface DashboardJson {
  panels: { title: string; status: string; metrics: string[] }[];
  metrics: { query: string; name: string | null; status: string; panels: string[]; detail: string; reason: string | null }[];
  summary: { panelsWithoutData: number; panelsAnalysed: number };
}

const scenario = scenariosRemovedAfterEachTest();

const WORKSPACE = '[workspace]\nmembers = ["crates/server"]\nresolver = "2"\n';
const SERVER_MANIFEST = [
  '[package]',
  'name = "server"',
  'version = "0.1.0"',
  'edition = "2021"',
  '',
  '[dependencies]',
  'prometheus = "0.13"',
  'opendal = { version = "0.45", features = ["layers-prometheus"] }',
  'storage-kit = "1.2"',
  '',
].join('\n');
const LOCK = [
  'version = 3',
  '',
  '[[package]]',
  'name = "opendal"',
  'version = "0.45.1"',
  'source = "registry+https://github.com/rust-lang/crates.io-index"',
  '',
  '[[package]]',
  'name = "prometheus"',
  'version = "0.13.4"',
  'source = "registry+https://github.com/rust-lang/crates.io-index"',
  '',
  '[[package]]',
  'name = "raft-engine"',
  'version = "0.4.2"',
  'source = "git+https://github.com/tikv/raft-engine.git?rev=abc#abc"',
  '',
  '[[package]]',
  'name = "server"',
  'version = "0.1.0"',
  'dependencies = ["opendal", "prometheus"]',
  '',
].join('\n');
/** An eager histogram and an eager labelled counter with its label values created in main. */
const SERVER_MAIN = [
  'use prometheus::{register_histogram, register_int_counter_vec};',
  '',
  'fn main() {',
  '    let latency = register_histogram!("server_request_duration_seconds", "Request latency").unwrap();',
  '    let requests = register_int_counter_vec!("server_requests_total", "Requests", &["method", "code"]).unwrap();',
  '    requests.with_label_values(&["GET", "200"]).inc();',
  '    latency.observe(0.1);',
  '}',
  '',
].join('\n');

/** The workspace in one commit on main; `null` leaves a file out. */
function workspace(extra: Record<string, string | null> = {}): Scenario {
  const repo = scenario();
  const files: Record<string, string | null> = {
    'Cargo.toml': WORKSPACE,
    'Cargo.lock': LOCK,
    'crates/server/Cargo.toml': SERVER_MANIFEST,
    'crates/server/src/main.rs': SERVER_MAIN,
    ...extra,
  };
  repo.commit('Server with metrics', Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null)));
  return repo;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-dashboard-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A dashboard file with one panel per `title: query`. */
function dashboard(panels: Record<string, string>): string {
  const file = path.join(dir, 'dashboard.json');
  const list = Object.entries(panels).map(([title, expr], i) => ({ id: i + 1, type: 'timeseries', title, targets: [{ refId: 'A', expr }] }));
  writeFileSync(file, JSON.stringify({ title: 'Server', panels: list }));
  return file;
}

async function report(repo: Scenario, panels: Record<string, string>, extra: readonly string[] = []) {
  const run = await runCli(['dashboard', dashboard(panels), '--repo', repo.dir, '--deployed', 'main', '--json', ...extra]);
  return { code: run.code, stderr: run.stderr, stdout: run.stdout, result: (JSON.parse(run.stdout || '{}') as { result: DashboardJson }).result };
}

const panelStatuses = (result: DashboardJson) => Object.fromEntries(result.panels.map((p) => [p.title, p.status]));

describe('dashboard: metrics exported by dependencies', () => {
  it('opendal in Cargo.lock makes opendal_* external; a locked raft-engine, raft_engine_*; an unrelated name stays unknown', async () => {
    const repo = workspace();
    const { code, result } = await report(repo, {
      'Storage latency': 'histogram_quantile(0.99, sum(rate(opendal_operation_duration_seconds_bucket[5m])) by (le))',
      'Raft writes': 'rate(raft_engine_write_duration_seconds_count[5m])',
      Typo: 'rate(serverr_requests_total[5m])',
      'Own crate': 'rate(server_requets_total[5m])',
    });
    expect(code).toBe(1);
    expect(panelStatuses(result)).toEqual({ 'Storage latency': 'external', 'Raft writes': 'external', Typo: 'unknown', 'Own crate': 'unknown' });
    const byQuery = Object.fromEntries(result.metrics.map((m) => [m.query, [m.status, m.reason]]));
    expect(byQuery).toEqual({
      opendal_operation_duration_seconds_bucket: ['external', 'from dependency opendal (it exports opendal_* metrics)'],
      raft_engine_write_duration_seconds_count: ['external', 'from dependency raft-engine (it exports raft_engine_* metrics)'],
      serverr_requests_total: ['unknown', 'never defined in any branch, remote-tracking branch or tag'],
      // The workspace's own crate is no dependency, though its name is the prefix.
      server_requets_total: ['unknown', 'never defined in any branch, remote-tracking branch or tag'],
    });
  });

  it('without a Cargo.lock, a direct dependency named like the metric prefix is the source', async () => {
    const repo = workspace({ 'Cargo.lock': null });
    const { result } = await report(repo, { 'Kit cache': 'storage_kit_cache_hits_total', 'Raft writes': 'raft_engine_write_duration_seconds_count' });
    expect(panelStatuses(result)).toEqual({ 'Kit cache': 'external', 'Raft writes': 'unknown' });
    expect(result.metrics.find((m) => m.query === 'storage_kit_cache_hits_total')?.reason).toBe(
      'from dependency storage-kit (the metric is named after the crate)',
    );
  });

  it('a metric the repository defines is never attributed to a dependency', async () => {
    const repo = workspace({ 'provenance.json': JSON.stringify({ exporters: [{ crate: 'prometheus', prefixes: ['server_'] }] }) });
    const { result } = await report(repo, { Latency: 'server_request_duration_seconds_count' });
    expect(panelStatuses(result)).toEqual({ Latency: 'ok' });
  });

  it('provenance.json adds exporters, read from the deployed commit', async () => {
    const repo = workspace();
    repo.commit('Declare the vendor exporter', {
      'provenance.json': JSON.stringify({ exporters: [{ crate: 'opendal', prefixes: ['vendor_store_'] }, { crate: 'not-a-dependency', prefixes: ['ghost_'] }] }),
    });
    const { result } = await report(repo, { Vendor: 'vendor_store_reads_total', Ghost: 'ghost_reads_total' });
    expect(panelStatuses(result)).toEqual({ Vendor: 'external', Ghost: 'unknown' });
    expect(result.metrics.find((m) => m.query === 'vendor_store_reads_total')?.reason).toBe('from dependency opendal (it exports vendor_store_* metrics)');
  });

  it('a malformed exporters entry is one clear line, exit 2', async () => {
    const cases: [unknown, string][] = [
      [{ exporters: { crate: 'x' } }, 'provenance: provenance.json at HEAD: "exporters" must be an array, got {"crate":"x"}'],
      [{ exporters: [{ crate: 'opendal' }] }, 'provenance: provenance.json at HEAD: exporters[0].prefixes must be a non-empty array of metric name prefixes such as ["opendal_"], got nothing'],
      [{ exporters: [{ crate: 'opendal', prefixes: ['ok_', 'bad-prefix'] }] }, 'provenance: provenance.json at HEAD: exporters[0].prefixes[1] must be the start of a metric name (letters, digits, _ and :), got "bad-prefix"'],
      [{ exporters: [{ crate: 'my crate', prefixes: ['x_'] }] }, 'provenance: provenance.json at HEAD: exporters[0].crate must be a Cargo package name such as "raft-engine", got "my crate"'],
      [{ exporters: [{ crate: 'opendal', prefixes: ['x_'], prefix: 'y' }] }, 'provenance: provenance.json at HEAD: exporters[0].prefix is not a known field (use crate, prefixes)'],
    ];
    for (const [config, message] of cases) {
      const repo = workspace({ 'provenance.json': JSON.stringify(config) });
      const run = await runCli(['dashboard', dashboard({ Storage: 'opendal_bytes_total' }), '--repo', repo.dir, '--deployed', 'main', '--json']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(message);
    }
  });
});

describe('dashboard: queries that cannot match (query-problem)', () => {
  it('a bare histogram name is a query problem; the same histogram by _bucket in another panel is fine', async () => {
    const repo = workspace();
    const { code, result } = await report(repo, {
      'Latency (bare)': 'rate(server_request_duration_seconds[5m])',
      'Latency p99': 'histogram_quantile(0.99, sum(rate(server_request_duration_seconds_bucket[5m])) by (le))',
      'Latency count': 'sum(rate(server_request_duration_seconds_count{job="server"}[5m]))',
    });
    expect(code).toBe(1);
    expect(panelStatuses(result)).toEqual({ 'Latency (bare)': 'query-problem', 'Latency p99': 'ok', 'Latency count': 'ok' });
    const bare = result.metrics.filter((m) => m.status === 'query-problem');
    expect(bare).toMatchObject([
      {
        query: 'server_request_duration_seconds',
        name: 'server_request_duration_seconds',
        panels: ['Latency (bare)'],
        reason: 'histogram server_request_duration_seconds has no series named server_request_duration_seconds; query server_request_duration_seconds_bucket, server_request_duration_seconds_sum or server_request_duration_seconds_count',
      },
    ]);
    expect(result.summary.panelsWithoutData).toBe(1);
  });

  it('a matcher on a label the metric lacks is a query problem; template variables, empty-matching matchers and target labels are not', async () => {
    const repo = workspace();
    const { result } = await report(repo, {
      Plain: 'sum(rate(server_requests_total[5m]))',
      'By route': 'sum(rate(server_requests_total{route="/api"}[5m]))',
      'By method': 'sum(rate(server_requests_total{method="$method", code=~"${code:regex}"}[5m]))',
      'Any route': 'sum(rate(server_requests_total{route=~".*", status=""}[5m]))',
      'Route variable': 'sum(rate(server_requests_total{route=~"$route"}[5m]))',
      'Target labels': 'sum(rate(server_requests_total{job="server", instance=~".+", namespace="prod"}[5m]))',
      'Bucket le': 'sum(rate(server_request_duration_seconds_bucket{le="0.5"}[5m]))',
      'Sum le': 'sum(rate(server_request_duration_seconds_sum{le="0.5"}[5m]))',
      'Route must be set': 'sum(rate(server_requests_total{route!=""}[5m]))',
    });
    // Without a problem, a panel has the metric's own status (whatever start-up analysis says of the vec).
    const plain = panelStatuses(result)['Plain'];
    expect(plain).not.toBe('query-problem');
    expect(panelStatuses(result)).toEqual({
      Plain: plain,
      'By route': 'query-problem',
      'By method': plain,
      'Any route': plain,
      'Route variable': plain,
      'Target labels': plain,
      'Bucket le': 'ok',
      'Sum le': 'query-problem',
      'Route must be set': 'query-problem',
    });
    const problems = result.metrics.filter((m) => m.status === 'query-problem').map((m) => [m.panels, m.reason]);
    expect(problems).toEqual([
      [['Sum le'], 'server_request_duration_seconds_sum has no label `le` (it has no labels)'],
      [['By route', 'Route must be set'], 'server_requests_total has no label `route` (its labels: method, code)'],
    ]);
    // The same metric queried without a problem keeps its own finding.
    expect(result.metrics.filter((m) => m.query === 'server_requests_total').map((m) => m.status)).toEqual([plain, 'query-problem']);
  });

  it('the table and the root cause name each query that cannot match, and --fail-on query-problem gates it', async () => {
    const repo = workspace();
    const file = dashboard({ 'Latency (bare)': 'rate(server_request_duration_seconds[5m])', 'Storage': 'opendal_bytes_total' });
    const run = await runCli(['dashboard', file, '--repo', repo.dir, '--deployed', 'main']);
    expect(run.code).toBe(1);
    const reason =
      'histogram server_request_duration_seconds has no series named server_request_duration_seconds; query server_request_duration_seconds_bucket, server_request_duration_seconds_sum or server_request_duration_seconds_count';
    expect(run.stdout).toMatch(/^server_request_duration_seconds +query-problem +histogram server_request_duration_seconds has no series named/m);
    const rootCause = run.stdout.slice(run.stdout.indexOf('Root cause'));
    expect(rootCause).toContain(reason);
    expect(rootCause).toContain('"Latency (bare)"');
    const notGated = await runCli(['dashboard', file, '--repo', repo.dir, '--deployed', 'main', '--fail-on', 'lazy']);
    expect(notGated.code).toBe(0);
    const gated = await runCli(['dashboard', file, '--repo', repo.dir, '--deployed', 'main', '--fail-on', 'query-problem']);
    expect(gated.code).toBe(1);
  });

  it('a metric defined only on another branch is not-deployed, not a query problem', async () => {
    const repo = workspace();
    repo.branch('feature');
    repo.commit('Add a histogram on the branch', {
      'crates/server/src/extra.rs': 'pub fn init() {\n    prometheus::register_histogram!("server_extra_seconds", "Extra").unwrap();\n}\n',
    });
    repo.switch('main');
    const { result } = await report(repo, { Extra: 'server_extra_seconds' });
    expect(panelStatuses(result)).toEqual({ Extra: 'not-deployed' });
  });
});
