import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

describe('a bad --path glob is a usage error, and no glob runs for long', () => {
  it("list --path '{a' is one line and exit 2; a glob of 120 ** segments answers", async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    const bad = await runCli(['list', '--repo', repo.dir, '--path', '{a']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('provenance: --path: unbalanced { in "{a"; use * within a directory, ** across directories, {a,b} for alternatives\n');
    const deep = await runCli(['list', '--repo', repo.dir, '--path', `${'**/'.repeat(120)}metrics.rs`, '--json']);
    expect(deep.code).toBe(0);
    expect((JSON.parse(deep.stdout) as { result: { metrics: { name: string }[] } }).result.metrics.map((m) => m.name)).toEqual(['a_total']);
  });
});
