import { afterEach, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML } from '../helpers/rust-sources.js';

const scenarios: Scenario[] = [];
afterEach(() => {
  for (const repo of scenarios.splice(0)) repo.cleanup();
});

const CALLS = 'pub static X: std::sync::LazyLock<Result<IntCounter>> = std::sync::LazyLock::new(|| try_create_int_counter("beacon_blocks_total", "Blocks"));\n';
const config = (prefix: string) =>
  JSON.stringify({ wrappers: [{ function: 'try_create_int_counter', kind: 'int_counter', nameArg: 0, helpArg: 1, prefix }] });

describe('provenance.json over history', () => {
  it('a configured wrapper gives its call sites an introducing commit, and a prefix change renames them', async () => {
    const repo = createScenario();
    scenarios.push(repo);
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/lib.rs': 'pub mod metrics;\n', 'src/metrics.rs': '' });
    const calls = repo.commit('Count blocks', { 'src/metrics.rs': CALLS, 'provenance.json': config('') });
    const prefixed = repo.commit('Vendor prefix', { 'provenance.json': config('lh_') });
    const before = await runCliJson<{ introductions: { commit: { sha: string } }[]; removedFrom: unknown[] }>(['explain', 'beacon_blocks_total', '--repo', repo.dir]);
    expect(before.result.introductions.map((i) => i.commit.sha)).toEqual([calls]);
    const after = await runCliJson<{ introductions: { commit: { sha: string } }[]; verdict: { kind: string } | null }>([
      'explain',
      'lh_beacon_blocks_total',
      '--deployed',
      'main',
      '--repo',
      repo.dir,
    ]);
    expect(after.code).toBe(0);
    expect(after.result.introductions.map((i) => i.commit.sha)).toEqual([prefixed]);
    const history = await runCliJson<{ events: { kind: string; commit: { sha: string }; renamedFrom: string[] }[] }>(['history', 'lh_beacon_blocks_total', '--repo', repo.dir]);
    expect(history.result.events.map((e) => [e.kind, e.commit.sha, e.renamedFrom])).toEqual([['introduced', prefixed, ['beacon_blocks_total']]]);
  });
});
