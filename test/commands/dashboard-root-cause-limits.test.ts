/**
 * The root-cause summary on a dashboard with many metrics and histograms: one line per cause, at most
 * ten names in the text, one entry per metric (not per series), and advice that names the default
 * branch or a newer release before a test branch.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS, type CounterSpec } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

interface DashboardJson {
  metrics: { query: string; name: string | null; status: string; detail: string }[];
  summary: {
    causes: { kind: string; registration: string | null; metrics: string[]; bestRef: string | null; otherRefs: string[] }[];
    initialize: { file: string; statics: string[] }[];
    sentences: string[];
  };
}

const scenario = scenariosRemovedAfterEachTest();

/** Twelve lazy counters and a lazy histogram that nothing uses: never registered. */
const UNUSED: readonly CounterSpec[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ static: `UNUSED_${i + 1}`, name: `svc_unused_${i + 1}_total` })),
  { static: 'WAIT', name: 'svc_wait_seconds', histogram: true },
];
const NEW: readonly CounterSpec[] = [
  { static: 'LATENCY', name: 'svc_latency_seconds', histogram: true },
  { static: 'NEW', name: 'svc_new_total' },
];

/**
 * v1.0.0 has the unused metrics; `stablize-fuzz-test` (1 commit ahead of it) adds the new ones, and so
 * does main (3 ahead), tagged v1.1.0 on the way (2 ahead). `develop` stays at v1.0.0.
 */
function releasedRepository(): Scenario {
  const repo = scenario();
  repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics(UNUSED) });
  repo.tag('v1.0.0');
  repo.branch('develop', { switch: false });
  repo.branch('stablize-fuzz-test');
  repo.commit('Fuzz the new metrics', { 'src/metrics.rs': lazyMetrics([...UNUSED, ...NEW]) });
  repo.switch('main');
  repo.commit('Unrelated work', { 'src/other.rs': 'pub fn other() {}\n' });
  repo.commit('Add latency metrics', { 'src/metrics.rs': lazyMetrics([...UNUSED, ...NEW]) });
  repo.tag('v1.1.0');
  repo.commit('More work', { 'src/more.rs': 'pub fn more() {}\n' });
  return repo;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-root-cause-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A panel per unused counter, and a histogram's three series in one panel each for the two histograms. */
function dashboardFile(): string {
  const histogram = (name: string) => [`histogram_quantile(0.9, rate(${name}_bucket[5m]))`, `rate(${name}_sum[5m])`, `rate(${name}_count[5m])`];
  const panels = [
    ...UNUSED.filter((m) => !m.histogram).map((m) => ({ title: m.static, exprs: [`rate(${m.name}[5m])`] })),
    { title: 'Wait', exprs: histogram('svc_wait_seconds') },
    { title: 'Latency', exprs: histogram('svc_latency_seconds') },
    { title: 'New', exprs: ['rate(svc_new_total[5m])'] },
  ].map((p, i) => ({ id: i + 1, type: 'timeseries', title: p.title, targets: p.exprs.map((expr, j) => ({ refId: String.fromCharCode(65 + j), expr })) }));
  const file = path.join(dir, 'dashboard.json');
  writeFileSync(file, JSON.stringify({ title: 'Service', panels }));
  return file;
}

async function dashboard(repo: Scenario, deployed: string) {
  const file = dashboardFile();
  const text = await runCli(['dashboard', file, '--repo', repo.dir, '--deployed', deployed]);
  const json = await runCli(['dashboard', file, '--repo', repo.dir, '--deployed', deployed, '--json']);
  const rootCause = text.stdout.slice(text.stdout.indexOf('Root cause\n') + 'Root cause\n'.length).split('\n').filter(Boolean);
  return { code: text.code, rootCause, result: (JSON.parse(json.stdout) as { result: DashboardJson }).result };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('dashboard root cause: limits and advice', () => {
  it('one line per cause, at most ten names each, one entry per metric whatever its series', async () => {
    const repo = releasedRepository();
    const { code, rootCause, result } = await dashboard(repo, 'v1.0.0');
    expect(code).toBe(1);

    // The JSON keeps every metric, each once: a histogram's _bucket, _sum and _count are one metric.
    const causes = result.summary.causes.map((c) => [c.kind, c.registration, [...c.metrics].sort()]);
    expect(causes).toEqual([
      ['not-deployed', null, ['svc_latency_seconds', 'svc_new_total']],
      ['lazy', 'never-used', UNUSED.map((m) => m.name).sort()],
    ]);
    expect(result.summary.initialize.map((f) => f.statics.length)).toEqual([13]);

    // Headline, one line per cause, one initialise fix: nothing else.
    expect(rootCause).toHaveLength(4);
    const [headline, notDeployed, neverUsed, force] = rootCause as [string, string, string, string];
    expect(headline).toBe('  15 panels show No data (of 15 with Prometheus queries).');
    expect(notDeployed).toMatch(/^ {2}2 metrics are not defined on v1\.0\.0: all 2 exist on main \(3 commits ahead, introduced in /);
    expect(neverUsed).toMatch(/^ {2}13 metrics are never used in the code, so they never appear: /);
    expect(neverUsed).toMatch(/ and 3 more; --json lists all\.$/);
    const listed = neverUsed.slice(neverUsed.indexOf(': ') + 2, neverUsed.indexOf(' and 3 more')).split(', ');
    expect(listed).toHaveLength(10);
    expect(new Set(listed).size).toBe(10);
    expect(count(neverUsed, 'svc_wait_seconds')).toBeLessThanOrEqual(1);
    expect(neverUsed).not.toMatch(/_bucket|_sum|_count/);
    expect(force).toMatch(/^ {2}Force (\w+, ){9}\w+ and 3 more; --json lists all at startup: in src\/metrics\.rs/);
  });

  it('against v1.0.0, advises the default branch before a release and a test branch closer to v1.0.0', async () => {
    const repo = releasedRepository();
    const { rootCause, result } = await dashboard(repo, 'v1.0.0');
    const cause = result.summary.causes.find((c) => c.kind === 'not-deployed');
    expect(cause).toMatchObject({ bestRef: 'main', otherRefs: ['v1.1.0', 'stablize-fuzz-test'] });
    expect(rootCause[1]).toContain('. Deploy main or merge it into v1.0.0. Also on: v1.1.0, stablize-fuzz-test.');
    const latency = result.metrics.find((m) => m.query === 'svc_latency_seconds_bucket');
    expect(latency?.detail).toMatch(/^only on main \(3 ahead\) and 2 other refs, introduced by /);
  });

  it('when the default branch lacks them, advises the newer release, then other branches by distance', async () => {
    const repo = releasedRepository();
    repo.switch('develop');
    const { rootCause, result } = await dashboard(repo, 'v1.0.0');
    expect(result.summary.causes.find((c) => c.kind === 'not-deployed')).toMatchObject({ bestRef: 'v1.1.0', otherRefs: ['stablize-fuzz-test', 'main'] });
    expect(rootCause[1]).toContain('all 2 exist on v1.1.0 (2 commits ahead');
    expect(rootCause[1]).toContain('. Deploy v1.1.0 or merge it into v1.0.0. Also on: stablize-fuzz-test, main.');
  });
});
