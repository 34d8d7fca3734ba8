import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { openAnalysis } from '../../src/history/analysis-context.js';
import { snapshotAt, snapshotListingAt } from '../../src/history/snapshot.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';

const CARGO = '[package]\nname = "svc"\nversion = "0.3.0"\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\n';
const METRICS_A = `use lazy_static::lazy_static;
use prometheus::{register_int_counter, IntCounter};

lazy_static! {
    /// Requests served.
    pub static ref REQUESTS: IntCounter =
        register_int_counter!("svc_requests_total", "Requests served").unwrap();
}
`;
const METRICS_B = `${METRICS_A}
lazy_static! {
    pub static ref ERRORS: IntCounter = register_int_counter!("svc_errors_total", "Errors").unwrap();
}
`;

interface ListResult {
  ref: string;
  commit: string;
  metrics: { name: string; path: string; line: number; static: string; holder: string; kind: string; registry: string }[];
  complete: boolean;
}

function repoState(repo: Scenario): string {
  const indexHash = createHash('sha256').update(readFileSync(path.join(repo.dir, '.git/index'))).digest('hex');
  return [
    repo.git(['status', '--porcelain', '--untracked-files=all']),
    repo.git(['rev-parse', 'HEAD']),
    repo.git(['for-each-ref']),
    indexHash,
    readFileSync(path.join(repo.dir, '.git/config'), 'utf8'),
  ].join('\n--\n');
}

describe('provenance list', () => {
  let repo: Scenario;
  let a: string;
  let b: string;
  beforeAll(() => {
    repo = createScenario();
    repo.commit('Service skeleton', { 'Cargo.toml': CARGO, 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': METRICS_A });
    a = repo.sha('HEAD');
    repo.branch('feature/errors');
    repo.commit('Count errors', { 'src/metrics.rs': METRICS_B });
    b = repo.sha('HEAD');
    repo.switch('main');
  });
  afterAll(() => repo.cleanup());

  it('lists different metric sets at two refs without touching the repository', async () => {
    const before = repoState(repo);
    const atMain = await runCliJson<ListResult>(['list', '--ref', 'main', '--repo', repo.dir]);
    const atFeature = await runCliJson<ListResult>(['list', '--ref', 'feature/errors', '--repo', repo.dir]);
    expect(atMain.code).toBe(0);
    expect(atMain.result.commit).toBe(a);
    expect(atMain.result.metrics.map((m) => [m.name, `${m.path}:${m.line}`, m.static, m.holder, m.registry])).toEqual([
      ['svc_requests_total', 'src/metrics.rs:7', 'REQUESTS', 'lazy_static', 'default'],
    ]);
    expect(atFeature.result.commit).toBe(b);
    expect(atFeature.result.metrics.map((m) => m.name)).toEqual(['svc_errors_total', 'svc_requests_total']);
    expect(atFeature.result.complete).toBe(true);
    expect(repoState(repo)).toBe(before);
  });

  it('prints a table by default', async () => {
    const run = await runCli(['list', '--ref', 'feature/errors', '--repo', repo.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`2 metrics at feature/errors (${b.slice(0, 12)})`);
    expect(run.stdout).toMatch(/svc_errors_total\s+int_counter\s+src\/metrics\.rs:11\s+ERRORS\s+lazy_static/);
  });

  it('extracts no blob again on a second run of the same ref', async () => {
    const first = await openAnalysis(repo.dir, {});
    await snapshotAt(first.repo, b, first);
    await first.close();
    const second = await openAnalysis(repo.dir, {});
    await snapshotAt(second.repo, b, second);
    await second.close();
    expect(second.facts.counters.extracted).toBe(0);
    expect(second.facts.counters.cacheHits).toBe(2);
  });

  it('lists a tree listed before from its stored listing, byte for byte, under any ref that names it', async () => {
    rmSync(path.join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });
    const cold = await runCli(['list', '--repo', repo.dir, '--ref', 'feature/errors', '--json']);
    const warm = await runCli(['list', '--repo', repo.dir, '--ref', 'feature/errors', '--json']);
    expect(warm.stdout).toBe(cold.stdout);
    repo.git(['tag', 'errors-tag', b]);
    const byTag = (await runCliJson<ListResult>(['list', '--repo', repo.dir, '--ref', 'errors-tag', '--json'])).result;
    expect(byTag.ref).toBe('errors-tag');
    expect(byTag.commit).toBe(b);
    expect(byTag.metrics.map((m) => m.name)).toEqual(['svc_errors_total', 'svc_requests_total']);

    // The stored listing answers without reading a single Rust blob.
    const context = await openAnalysis(repo.dir, {});
    const listing = await snapshotListingAt(context.repo, 'feature/errors', { ...context, store: context.snapshots });
    await context.close();
    expect(context.facts.counters.cacheHits + context.facts.counters.extracted + context.facts.counters.prefiltered).toBe(0);
    expect(listing.metrics.map((m) => m.name)).toEqual(['svc_errors_total', 'svc_requests_total']);
  });

  it('parses only the files its metrics need; --verbose parses every file and says what the others hold', async () => {
    const other = createScenario();
    try {
      other.commit('Service with plain code', {
        'Cargo.toml': CARGO,
        'src/main.rs': 'mod metrics;\nmod names;\nmod labels;\nmod plain;\nfn main() {}\n',
        'src/labels.rs': 'pub const LABEL: &str = 1 +;\n',
        'src/names.rs': 'pub const REQ: &str = "svc_named_total";\n',
        'src/metrics.rs':
          'lazy_static::lazy_static! {\n    pub static ref R: prometheus::IntCounter = prometheus::register_int_counter!(crate::names::REQ, "R").unwrap();\n}\n',
        'src/plain.rs': 'pub fn helper(v: &[u8]) -> usize {\n    v.len()\n}\n',
      });
      const quietContext = await openAnalysis(other.dir, {});
      const quiet = await snapshotListingAt(quietContext.repo, 'HEAD', { ...quietContext, store: quietContext.snapshots });
      await quietContext.close();
      // metrics.rs, names.rs for the constant it names and main.rs, which declares `mod names`;
      // labels.rs and plain.rs stay unparsed.
      expect(quietContext.facts.counters.extracted).toBe(3);
      expect(quiet.metrics.map((m) => m.name)).toEqual(['svc_named_total']);
      expect(quiet.warnings).toEqual([]);

      const quietJson = (await runCliJson<ListResult & { warnings: string[] }>(['list', '--repo', other.dir, '--json'])).result;
      const verbose = (await runCliJson<ListResult & { warnings: string[] }>(['list', '--repo', other.dir, '--verbose', '--json'])).result;
      expect(verbose.metrics).toEqual(quietJson.metrics);
      expect(verbose.warnings).toEqual(['src/labels.rs:1:28: syntax error: missing `identifier`']);
    } finally {
      other.cleanup();
    }
  });

  it('names the closest branches for an unknown ref, exit 2', async () => {
    const run = await runCli(['list', '--ref', 'feature/error', '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("provenance: unknown ref 'feature/error': not a commit in this repository; closest branches: feature/errors\n");
  });

  it('never reads a ref beginning with - as an option', async () => {
    const run = await runCli(['list', '--ref=--output=/tmp/provenance-pwned', '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^provenance: unknown ref '--output=\/tmp\/provenance-pwned'/);
  });

  it('says so when the directory is not a git repository, exit 2', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-norepo-'));
    try {
      const run = await runCli(['list', '--repo', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`provenance: ${dir} is not a git repository; run provenance inside one or pass --repo <dir>\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
