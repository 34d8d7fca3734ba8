import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { clonePartial, cloneShallow } from '../../src/demo/git-fixture-clones.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

/** The same command on the warm cache and on none: the `--json` output must be byte-identical. */
async function warmAndCold(repo: Scenario, args: readonly string[]): Promise<{ warm: string; cold: string }> {
  const warm = await runCli([...args, '--repo', repo.dir, '--json']);
  rmSync(path.join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });
  const cold = await runCli([...args, '--repo', repo.dir, '--json']);
  return { warm: warm.stdout, cold: cold.stdout };
}

describe('a warm answer equals a cold one after everyday history edits', () => {
  it('a deleted branch no longer introduces anything', async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    repo.branch('feature');
    repo.commit('Count c', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'C', name: 'c_total' }]) });
    repo.switch('main');
    await runCli(['index', '--repo', repo.dir]);
    repo.git(['branch', '-D', 'feature']);
    for (const args of [['explain', 'c_total', '--deployed', 'main'], ['history', 'c_total'], ['explain', 'a_total', '--deployed', 'main']]) {
      await runCli(['index', '--repo', repo.dir]);
      const { warm, cold } = await warmAndCold(repo, args);
      expect(warm).toBe(cold);
    }
    const explained = await runCli(['explain', 'c_total', '--deployed', 'main', '--repo', repo.dir, '--json']);
    expect((JSON.parse(explained.stdout) as { result: { verdict: { kind: string } } }).result.verdict.kind).toBe('never-defined');
  });

  it('a force-pushed branch: the orphaned commit is no longer an introducer', async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    repo.branch('feature');
    repo.commit('Count c, first try', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'C', name: 'c_total' }]) });
    await runCli(['index', '--repo', repo.dir]);
    repo.git(['reset', '--hard', 'HEAD~1']);
    repo.commit('Count c, second try', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'C', name: 'c_total', help: 'Second try' }]) });
    repo.switch('main');
    const { warm, cold } = await warmAndCold(repo, ['history', 'c_total']);
    expect(warm).toBe(cold);
    expect(warm).not.toContain('first try');
  });

  it('amend and branch delete, then reflog expire and gc --prune=now: every history command still answers, as a cold run does', async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    repo.commit('Count b', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'B', name: 'b_total' }]) });
    repo.branch('feature');
    repo.commit('Count c', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'B', name: 'b_total' }, { static: 'C', name: 'c_total' }]) });
    repo.switch('main');
    await runCli(['index', '--repo', repo.dir]);
    repo.git(['commit', '--amend', '-m', 'Count b (amended)']);
    repo.git(['branch', '-D', 'feature']);
    repo.git(['reflog', 'expire', '--expire=now', '--all']);
    repo.git(['gc', '--prune=now', '--quiet']);
    for (const args of [['explain', 'b_total', '--deployed', 'main'], ['history', 'b_total'], ['explain', 'c_total', '--deployed', 'main']]) {
      const warm = await runCli([...args, '--repo', repo.dir, '--json']);
      expect(warm.code, warm.stderr).toBeLessThan(2);
      rmSync(path.join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });
      const cold = await runCli([...args, '--repo', repo.dir, '--json']);
      expect(warm.stdout).toBe(cold.stdout);
      await runCli(['index', '--repo', repo.dir]);
      // The next warm run starts from an index that still holds the pruned commits.
      repo.git(['commit', '--amend', '-m', `Count b (amended again for ${args[0]})`]);
      repo.git(['reflog', 'expire', '--expire=now', '--all']);
      repo.git(['gc', '--prune=now', '--quiet']);
    }
  });

  it('a nested annotated tag (t2 → t1 → commit) is a ref that defines the metric', async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    repo.branch('release');
    repo.commit('Count r', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'R', name: 'r_total' }]) });
    repo.git(['tag', '-a', 't1', '-m', 'first']);
    repo.git(['tag', '-a', 't2', 't1', '-m', 'a tag of a tag']);
    repo.switch('main');
    repo.git(['branch', '-D', 'release']);
    const explained = await runCli(['explain', 'r_total', '--repo', repo.dir, '--json']);
    const definedIn = (JSON.parse(explained.stdout) as { result: { definedIn: { ref: string }[] } }).result.definedIn.map((d) => d.ref);
    expect(definedIn).toEqual(['t1', 't2']);
  });

  it('after git fetch --unshallow, "introduced at or before … (shallow clone)" gives way to the real introducer', async () => {
    const source = scenario();
    source.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    for (let i = 1; i <= 3; i++) source.commit(`Step ${i}`, { [`src/step${i}.rs`]: `pub fn step${i}() {}\n` });
    const shallow = cloneShallow(source, 2);
    try {
      const before = await runCli(['explain', 'a_total', '--repo', shallow.dir, '--json']);
      expect(before.stdout).toContain('"atShallowBoundary": true');
      shallow.git(['fetch', '--quiet', '--unshallow']);
      const { warm, cold } = await warmAndCold(shallow, ['explain', 'a_total']);
      expect(warm).toBe(cold);
      expect(warm).toContain('"subject": "Service"');
    } finally {
      shallow.cleanup();
    }
  });

  it('in a partial clone, blobs fetched later (by a checkout) are read: warm equals cold', async () => {
    const source = scenario();
    source.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    const partial = clonePartial(source, { noCheckout: true });
    try {
      const before = await runCli(['explain', 'a_total', '--repo', partial.dir, '--json']);
      // The metric's file was never fetched: unknown, with a warning saying so.
      expect(before.stdout).toContain('"kind": "never-defined"');
      expect(before.stderr).toContain('indexed commits have blobs missing locally');
      partial.git(['checkout', '--quiet', 'main']);
      const { warm, cold } = await warmAndCold(partial, ['explain', 'a_total']);
      expect(warm).toBe(cold);
      expect(warm).toContain('"name": "a_total"');
    } finally {
      partial.cleanup();
    }
  });
});
