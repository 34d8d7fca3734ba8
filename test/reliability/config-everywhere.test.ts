import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

describe('provenance.json is read the same way by every command', () => {
  it('a malformed file is the same one-line error, exit 2, for list, explain, history and index', async () => {
    const repo = scenario();
    repo.commit('Service', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': MAIN_RS,
      'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]),
      'provenance.json': '{ "wrappers": [{ "function": "f", "kind": "int_counter", "nameArg": -1 }] }',
    });
    const message = 'wrappers[0].nameArg must be an argument position (0, 1, ...), got -1';
    for (const args of [['list'], ['explain', 'a_total'], ['history', 'a_total'], ['index']]) {
      const run = await runCli([...args, '--repo', repo.dir]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });

  it('a byte order mark at the start of the file is accepted', async () => {
    const repo = scenario();
    repo.commit('Service', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': MAIN_RS,
      'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]),
      'provenance.json': `\uFEFF${JSON.stringify({ refs: ['main'] })}`,
    });
    const list = await runCliJson<{ warnings: string[] }>(['list', '--repo', repo.dir]);
    expect(list.code).toBe(0);
    expect(list.result.warnings).toEqual([]);
    const explain = await runCli(['explain', 'a_total', '--repo', repo.dir]);
    expect(explain.code).toBe(0);
    expect(explain.stderr).toBe('');
  });
});
