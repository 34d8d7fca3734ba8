import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

describe('syntax errors that cannot change an answer are quiet unless --verbose', () => {
  it('an error in plain code is not reported by default; one where a registration could be is', async () => {
    const repo = scenario();
    repo.commit('Service', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': MAIN_RS,
      // A file that registers a metric, and far from it a function that does not parse: nothing there can register one.
      'src/parse.rs': `${lazyMetrics([{ static: 'A', name: 'a_total' }])}\npub fn broken( {\n    let y = ;\n}\n`,
      // A half-written string constant that a registration names: it may change the answer.
      'src/names.rs': 'pub const HALF: &str = "half_written"\n',
      'src/named.rs':
        'lazy_static::lazy_static! {\n    pub static ref H: prometheus::IntCounter = prometheus::register_int_counter!(crate::names::HALF, "H").unwrap();\n}\n',
      // One that nothing names: the file is not even parsed without --verbose.
      'src/unused.rs': 'pub const OTHER: &str = "other"\n',
    });
    const quiet = await runCliJson<{ warnings: string[]; metrics: { name: string }[] }>(['list', '--repo', repo.dir]);
    expect(quiet.result.metrics.map((m) => m.name)).toEqual(['a_total', 'half_written']);
    expect(quiet.result.warnings.filter((w) => w.startsWith('src/parse.rs'))).toEqual([]);
    expect(quiet.result.warnings.filter((w) => w.startsWith('src/names.rs')).length).toBeGreaterThan(0);
    expect(quiet.result.warnings.filter((w) => w.startsWith('src/unused.rs'))).toEqual([]);
    const verbose = await runCliJson<{ warnings: string[] }>(['list', '--repo', repo.dir, '--verbose']);
    expect(verbose.result.warnings.filter((w) => w.startsWith('src/parse.rs')).length).toBeGreaterThan(0);
    expect(verbose.result.warnings.filter((w) => w.startsWith('src/unused.rs')).length).toBeGreaterThan(0);
    const table = await runCli(['list', '--repo', repo.dir]);
    expect(table.stderr).not.toContain('src/parse.rs');
  });
});
