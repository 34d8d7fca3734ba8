import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepository } from '../../src/demo/build-demo.js';
import { DEMO_METRICS } from '../../src/demo/demo-metrics.js';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { lazyMetrics } from '../helpers/rust-sources.js';

interface StartupJson {
  ref: string;
  commit: string;
  metrics: {
    name: string;
    holder: string;
    status: string;
    chain: string[] | null;
    site: { path: string; line: number; function: string | null } | null;
    firstUses: { path: string; line: number; function: string | null }[];
    errorUses: { path: string; line: number; function: string | null }[];
    binary: string | null;
    binaries: string[];
    reason: string | null;
    labelValuesAtStartup: boolean | null;
  }[];
  summary: { eager: number; forced: number; firstUse: number; errorPath: number; neverUsed: number; unknown: number };
  notes: string[];
  warnings: string[];
}

async function startupJson(args: readonly string[]): Promise<{ code: number; result: StartupJson; stderr: string }> {
  const run = await runCli(['startup', ...args, '--json']);
  return { code: run.code, stderr: run.stderr, result: (JSON.parse(run.stdout) as { result: StartupJson }).result };
}

/** name → a one-line digest of its start-up status, for exact comparison. */
function digest(result: StartupJson): Record<string, string> {
  return Object.fromEntries(
    result.metrics.map((m) => {
      const where =
        m.status === 'forced'
          ? `${m.chain?.join(' > ')} @ ${m.site?.path}:${m.site?.line}`
          : m.status === 'first-use' || m.status === 'error-path'
            ? [...m.firstUses, ...m.errorUses].map((u) => `${u.path}:${u.line}`).join(', ')
            : (m.reason ?? '');
      return [m.name, `${m.status} ${where}`.trim()];
    }),
  );
}

describe('provenance startup on the demo repository', () => {
  let demo: Scenario;
  beforeAll(() => {
    demo = buildDemoRepository();
  });
  afterAll(() => demo.cleanup());

  it('main: the metrics main touches are forced, the rest wait for their first use', async () => {
    const { code, result } = await startupJson(['--ref', 'main', '--repo', demo.dir]);
    expect(code).toBe(0);
    expect(result.commit).toBe(demo.sha('main'));
    expect(digest(result)).toEqual({
      backfiller_fetch_duration_seconds: 'first-use crates/backfiller/src/repo_backfiller.rs:25',
      // In an Err(..) arm and in an `if` branch that ends with bail!(..).
      backfiller_http_errors_total: 'error-path crates/backfiller/src/repo_backfiller.rs:29, crates/backfiller/src/repo_backfiller.rs:34',
      backfiller_queue_depth: 'forced main @ crates/backfiller/src/main.rs:34',
      // An Ok(..) arm and an Err(..) arm: the first success registers it.
      backfiller_repos_processed_total: 'first-use crates/backfiller/src/main.rs:51',
      ingester_build_info: 'forced main @ crates/ingester/src/main.rs:24',
      ingester_db_write_errors_total: 'error-path crates/ingester/src/firehose.rs:115',
      ingester_event_processing_seconds: 'eager',
      ingester_events_processed_total: 'first-use crates/ingester/src/firehose.rs:95',
      ingester_firehose_connected: 'forced main @ crates/ingester/src/main.rs:27',
      ingester_firehose_decode_errors_total: 'error-path crates/ingester/src/firehose.rs:77',
      ingester_store_pool_waits_total: 'never-used',
    });
    const vecs = Object.fromEntries(result.metrics.filter((m) => m.labelValuesAtStartup !== null).map((m) => [m.name, m.labelValuesAtStartup]));
    expect(vecs).toEqual({ backfiller_repos_processed_total: false, ingester_build_info: true, ingester_events_processed_total: false });
    expect(result.summary).toEqual({ eager: 1, forced: 3, firstUse: 3, errorPath: 3, neverUsed: 1, unknown: 0 });
    expect(result.notes).toEqual([]);
  });

  it('main, as a table', async () => {
    const run = await runCli(['startup', '--ref', 'main', '--repo', demo.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "Start-up registration of 11 metrics at main (c8293a0951c9)
      METRIC                                 HOLDER       STATUS      WHY
      backfiller_fetch_duration_seconds      lazy_static  first-use   first use crates/backfiller/src/repo_backfiller.rs:25 in RepoBackfiller::fetch
      backfiller_http_errors_total           lazy_static  error-path  used only in error handling, so it appears after the first error: crates/backfiller/src/repo_backfiller.rs:29 in RepoBackfiller::fetch (+1 more)
      backfiller_queue_depth                 lazy_static  forced      main (crates/backfiller/src/main.rs), at crates/backfiller/src/main.rs:34
      backfiller_repos_processed_total       lazy_static  first-use   first use crates/backfiller/src/main.rs:51 in work
      ingester_build_info                    lazy_static  forced      main (crates/ingester/src/main.rs), at crates/ingester/src/main.rs:24; label values set at startup
      ingester_db_write_errors_total         lazy_static  error-path  used only in error handling, so it appears after the first error: crates/ingester/src/firehose.rs:115 in Firehose::handle
      ingester_event_processing_seconds      eager        eager       registered where it is constructed
      ingester_events_processed_total        lazy_static  first-use   first use crates/ingester/src/firehose.rs:95 in Firehose::handle
      ingester_firehose_connected            lazy_static  forced      main (crates/ingester/src/main.rs), at crates/ingester/src/main.rs:27
      ingester_firehose_decode_errors_total  lazy_static  error-path  used only in error handling, so it appears after the first error: crates/ingester/src/firehose.rs:77 in Firehose::follow
      ingester_store_pool_waits_total        lazy_static  never-used  nothing uses it, so it is never registered and never appears

      1 eager, 3 forced at startup, 1 never used, 3 only after an error, 3 at first use, 0 undetermined.
      A lazily held metric is absent from /metrics until first used: force it at startup (lazy_static::initialize, Lazy::force) from a function called by main.
      "
    `);
  });

  it('rude1/init-metrics: initialize_metrics() called from each main forces every lazy metric', async () => {
    const { code, result } = await startupJson(['--ref', 'rude1/init-metrics', '--repo', demo.dir]);
    expect(code).toBe(0);
    expect(result.summary).toEqual({ eager: 1, forced: 19, firstUse: 0, errorPath: 0, neverUsed: 0, unknown: 0 });
    for (const m of result.metrics.filter((x) => x.status === 'forced')) {
      const crate = m.name.startsWith('ingester_') ? 'ingester' : 'backfiller';
      expect(m.chain).toEqual(['main', 'initialize_metrics']);
      expect(m.site?.path).toBe(`crates/${crate}/src/metrics.rs`);
      expect(m.site?.function).toBe('initialize_metrics');
    }
    const demoLazy = DEMO_METRICS.filter((d) => d.holder !== 'eager').map((d) => d.name);
    expect(result.metrics.filter((m) => m.status === 'forced').map((m) => m.name).sort()).toEqual([...demoLazy].sort());
  });

  it('keeps start-up facts in their own cache namespace, and a warm run gives the same report', async () => {
    const cold = await runCli(['startup', '--ref', 'rude1/backfill', '--repo', demo.dir, '--json']);
    const cacheDir = path.join(demo.dir, '.git', 'provenance');
    expect(readdirSync(cacheDir).some((f) => f.startsWith('startup-') && f.endsWith('.seg'))).toBe(true);
    const warm = await runCli(['startup', '--ref', 'rude1/backfill', '--repo', demo.dir, '--json']);
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('answers a tree analysed before from its stored answer, without reading its code again', async () => {
    const cacheDir = path.join(demo.dir, '.git', 'provenance');
    rmSync(cacheDir, { recursive: true, force: true });
    const cold = await runCli(['startup', '--ref', 'main', '--repo', demo.dir, '--json']);
    // Without the per-blob start-up facts, only the stored answer can give the same report.
    for (const file of readdirSync(cacheDir)) if (file.startsWith('startup-') || file.startsWith('facts-')) rmSync(path.join(cacheDir, file));
    const warm = await runCli(['startup', '--ref', 'main', '--repo', demo.dir, '--json']);
    expect(warm.stdout).toBe(cold.stdout);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('startup-') || f.startsWith('facts-'))).toEqual([]);
  });
});

describe('provenance startup in a workspace with library crates', () => {
  let repo: Scenario;
  beforeAll(() => {
    repo = createScenario();
    repo.commit('Workspace', {
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/telemetry/Cargo.toml': '[package]\nname = "telemetry"\nversion = "0.1.0"\n\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\n',
      'crates/telemetry/src/lib.rs': `${lazyMetrics([
        { static: 'STARTED', name: 'svc_started_total' },
        { static: 'FAILED', name: 'svc_failed_total' },
      ])}\npub fn init() {\n    lazy_static::initialize(&STARTED);\n}\n`,
      'crates/server/Cargo.toml':
        '[package]\nname = "server"\nversion = "0.1.0"\n\n[dependencies]\ntelemetry = { path = "../telemetry" }\n',
      'crates/server/src/main.rs': 'fn main() {\n    telemetry::init();\n    if std::env::args().count() > 1 {\n        telemetry::FAILED.inc();\n    }\n}\n',
      'crates/orphan/Cargo.toml': '[package]\nname = "orphan"\nversion = "0.1.0"\n\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\n',
      'crates/orphan/src/lib.rs': lazyMetrics([{ static: 'LONELY', name: 'orphan_lonely_total' }]),
    });
  });
  afterAll(() => repo.cleanup());

  it("follows a binary's calls into a library crate; a crate nothing calls is noted and undetermined", async () => {
    const { code, result } = await startupJson(['--repo', repo.dir]);
    expect(code).toBe(0);
    expect(digest(result)).toEqual({
      orphan_lonely_total: 'unknown no binary of this repository depends on crate orphan; the binary that links it decides',
      svc_failed_total: 'first-use crates/server/src/main.rs:4',
      svc_started_total: 'forced main > telemetry::init @ crates/telemetry/src/lib.rs:12',
    });
    expect(result.notes).toEqual([
      'crate orphan has no fn main and no binary of this repository depends on it: whether its lazy statics are registered depends on the binary that links it',
      'crate telemetry has no fn main: its statics were followed from the mains of the binaries that depend on it (crates/server/src/main.rs)',
    ]);
  });
});
