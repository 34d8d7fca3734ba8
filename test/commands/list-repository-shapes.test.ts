import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { clonePartial } from '../../src/demo/git-fixture-clones.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';

interface ListResult {
  metrics: { name: string; path: string; test: boolean }[];
  unresolved: { path: string; line: number; reason: string }[];
  warnings: string[];
  complete: boolean;
}

const TEST_MODULE = `use prometheus::{register_int_counter, IntCounter};

pub fn real() -> IntCounter {
    register_int_counter!("svc_real_total", "Real").unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let c = register_int_counter!("svc_test_only_total", "Only in tests").unwrap();
        c.inc();
    }
}
`;

describe('list on repository shapes and options', () => {
  let repo: Scenario;
  beforeAll(() => {
    repo = createScenario();
    repo.commit('Service', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': MAIN_RS,
      'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }]),
      'src/worker/metrics.rs': lazyMetrics([{ static: 'JOBS', name: 'svc_jobs_total' }]),
      'src/real.rs': TEST_MODULE,
      'src/broken.rs': 'lazy_static! {\n    pub static ref BROKEN: IntCounter = register_int_counter!("svc_broken_total", "Broken").unwrap();\n}\nfn half( {\n',
      'src/dynamic.rs': 'pub fn make(prefix: &str) -> prometheus::IntCounter {\n    prometheus::register_int_counter!(format!("{}_dyn_total", std::process::id()), "Dynamic").unwrap()\n}\n',
    });
    repo.branch('feature');
    repo.commit('Feature', { 'src/feature.rs': lazyMetrics([{ static: 'F', name: 'svc_feature_total' }]) });
    repo.switch('main');
  });
  afterAll(() => repo.cleanup());

  it('hides test-only metrics unless --include-tests', async () => {
    const plain = await runCliJson<ListResult>(['list', '--repo', repo.dir]);
    expect(plain.result.metrics.map((m) => m.name)).not.toContain('svc_test_only_total');
    const withTests = await runCliJson<ListResult>(['list', '--repo', repo.dir, '--include-tests']);
    expect(withTests.result.metrics.filter((m) => m.test).map((m) => m.name)).toEqual(['svc_test_only_total']);
  });

  it('filters by --path glob or directory', async () => {
    const byDir = await runCliJson<ListResult>(['list', '--repo', repo.dir, '--path', 'src/worker']);
    expect(byDir.result.metrics.map((m) => m.name)).toEqual(['svc_jobs_total']);
    const byGlob = await runCliJson<ListResult>(['list', '--repo', repo.dir, '--path', 'src/**/metrics.rs']);
    expect(byGlob.result.metrics.map((m) => m.name)).toEqual(['svc_jobs_total', 'svc_requests_total']);
  });

  it('reports computed names as unresolved and, with --verbose, syntax errors away from registrations, keeping what it could extract', async () => {
    const run = await runCliJson<ListResult>(['list', '--repo', repo.dir]);
    expect(run.result.unresolved).toEqual([expect.objectContaining({ path: 'src/dynamic.rs', line: 2 })]);
    expect(run.result.metrics.map((m) => m.name)).toContain('svc_broken_total');
    // `fn half( {` holds no registration: its syntax error cannot change the answer, so only --verbose shows it.
    expect(run.result.warnings.some((w) => w.startsWith('src/broken.rs:4:'))).toBe(false);
    const verbose = await runCliJson<ListResult>(['list', '--repo', repo.dir, '--verbose']);
    expect(verbose.result.warnings.some((w) => w.startsWith('src/broken.rs:4:'))).toBe(true);
  });

  it('works on a bare clone and on a linked worktree', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'provenance-shapes-'));
    try {
      const bare = path.join(parent, 'bare.git');
      repo.git(['clone', '--quiet', '--bare', repo.dir, bare]);
      const inBare = await runCliJson<ListResult>(['list', '--ref', 'feature', '--repo', bare]);
      expect(inBare.result.metrics.map((m) => m.name)).toContain('svc_feature_total');
      const worktree = path.join(parent, 'wt');
      repo.git(['worktree', 'add', '--quiet', worktree, 'feature']);
      try {
        const inWorktree = await runCliJson<ListResult>(['list', '--repo', worktree]);
        expect(inWorktree.result.metrics.map((m) => m.name)).toContain('svc_feature_total');
      } finally {
        repo.git(['worktree', 'remove', '--force', worktree]);
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('in a partial clone whose blobs at the ref are all here (checked out), the answer is complete and nothing is said about the clone', async () => {
    const source = createScenario();
    source.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'R', name: 'r_total' }]) });
    const partial = clonePartial(source);
    source.cleanup();
    try {
      const run = await runCliJson<ListResult>(['list', '--ref', 'origin/main', '--repo', partial.dir]);
      expect(run.result.complete).toBe(true);
      expect(run.result.warnings).toEqual([]);
      expect((await runCli(['list', '--ref', 'origin/main', '--repo', partial.dir])).stderr).toBe('');
    } finally {
      partial.cleanup();
    }
  });

  it('in a partial clone with missing blobs, warns, marks the result incomplete and fetches nothing', async () => {
    const source = createScenario();
    source.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'R', name: 'r_total' }]) });
    const partial = clonePartial(source, { noCheckout: true });
    // With the source gone, any attempt to fetch a missing blob would fail loudly.
    source.cleanup();
    try {
      const run = await runCliJson<ListResult>(['list', '--ref', 'origin/main', '--repo', partial.dir]);
      expect(run.code).toBe(0);
      expect(run.result.complete).toBe(false);
      expect(run.result.warnings.filter((w) => w.startsWith('partial clone:'))).toEqual([
        'partial clone: 3 blobs this answer needs were never fetched; provenance does not fetch, so what they define is unknown (a checkout or a full clone fetches them)',
      ]);
      expect(run.result.warnings.some((w) => w.startsWith('src/metrics.rs (blob '))).toBe(true);
      const text = await runCli(['list', '--ref', 'origin/main', '--repo', partial.dir]);
      expect(text.stderr).toContain('incomplete: some blobs could not be read');
    } finally {
      partial.cleanup();
    }
  });
});
