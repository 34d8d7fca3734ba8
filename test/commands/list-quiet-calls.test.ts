import { describe, expect, it } from 'vitest';
import { runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

const CLIENT_TOML = '[package]\nname = "client"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus-client = "0.22"\n';

/** Real code is full of `.register(..)` calls that have nothing to do with metrics. */
describe('list says nothing about calls that are no registration', () => {
  it('an ordinary register call in a crate without prometheus-client: no metric, no warning', async () => {
    const repo = scenario();
    repo.commit('Code', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': 'mod metrics;\nmod udf;\nfn main() {}\n',
      'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]),
      'src/udf.rs': 'pub fn install(registry: &mut Registry, callback: &mut Callback) {\n    registry.register(callback);\n    registry.register("sum", "Adds numbers", &mut callback);\n    registry.register_task(callback);\n}\n',
    });
    const run = await runCliJson<{ metrics: { name: string }[]; warnings: string[] }>(['list', '--ref', 'HEAD', '--repo', repo.dir]);
    expect(run.result.metrics.map((m) => m.name)).toEqual(['svc_a_total']);
    expect(run.result.warnings).toEqual([]);
    expect(run.stderr).toBe('');
  });

  it('a prometheus-client registration whose value is not a metric type it knows: one warning', async () => {
    const repo = scenario();
    repo.commit('Code', {
      'Cargo.toml': CLIENT_TOML,
      'src/lib.rs': 'pub fn setup(registry: &mut Registry, metric: Thing) {\n    registry.register("jobs", "Jobs run", metric);\n}\n',
    });
    const run = await runCliJson<{ metrics: { name: string; kind: string }[]; warnings: string[] }>(['list', '--ref', 'HEAD', '--repo', repo.dir]);
    expect(run.result.metrics.map((m) => [m.name, m.kind])).toEqual([['jobs', 'untyped']]);
    expect(run.result.warnings).toEqual(['src/lib.rs:2: cannot tell the metric type registered by `registry.register("jobs", "Jobs run", metric)`; recorded as untyped']);
  });
});
