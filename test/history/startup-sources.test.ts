import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { resolveCommit } from '../../src/git/repo.js';
import { openAnalysis, type AnalysisContext } from '../../src/history/analysis-context.js';
import { startupInputsAt, type StartupProgress } from '../../src/history/startup-sources.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';

const TOUCH = 'pub fn touch() { crate::metrics::SERVED.inc(); }\n';

let repo: Scenario;
let context: AnalysisContext;
beforeAll(async () => {
  repo = createScenario({ prefix: 'provenance-startup-sources-' });
  repo.commit('A crate with every kind of target', {
    'Cargo.toml': CARGO_TOML(),
    'src/lib.rs': 'pub mod metrics;\npub mod serve;\n',
    'src/metrics.rs': lazyMetrics([{ static: 'SERVED', name: 'svc_served_total', help: 'Served' }]),
    'src/serve.rs': TOUCH,
    'src/bin/worker.rs': 'fn main() { svc::serve::touch(); }\n',
    'tests/it.rs': TOUCH,
    'benches/b.rs': TOUCH,
    'examples/e.rs': TOUCH,
    'build.rs': 'fn main() {}\n',
  });
  context = await openAnalysis(repo.dir, {});
});
afterAll(async () => {
  await context?.close();
  repo?.cleanup();
});

describe('startupInputsAt', () => {
  it('reads the library and binary targets only: tests, benches, examples and build scripts never run in the service', async () => {
    const commit = await resolveCommit(context.repo, 'main');
    const { sources } = await startupInputsAt(context.repo, 'main', commit, context);
    expect(sources.files.map((f) => f.path).sort()).toEqual(['src/bin/worker.rs', 'src/lib.rs', 'src/metrics.rs', 'src/serve.rs']);
    expect(sources.complete).toBe(true);
  });

  it('reports each file as its facts come, parsed or from the cache, ending with every relevant file', async () => {
    const commit = await resolveCommit(context.repo, 'main');
    const cold = await openAnalysis(repo.dir, {});
    const events: StartupProgress[] = [];
    try {
      // A fresh context over the same cache: the files the first test parsed now come from it.
      await startupInputsAt(cold.repo, 'main', commit, cold, (p) => events.push(p));
    } finally {
      await cold.close();
    }
    expect(events[0]).toEqual({ files: 4, of: 4, parsed: 0 });
    expect(events).toHaveLength(1);

    repo.commit('A second binary', { 'src/bin/other.rs': 'fn main() { svc::serve::more(); }\n', 'src/serve.rs': `${TOUCH}pub fn more() {}\n` });
    const next = await resolveCommit(context.repo, 'main');
    const again: StartupProgress[] = [];
    await startupInputsAt(context.repo, 'main', next, context, (p) => again.push(p));
    expect(again[0]).toEqual({ files: 3, of: 5, parsed: 0 });
    expect(again.slice(1).map((p) => p.files)).toEqual([4, 5]);
    expect(again[again.length - 1]).toEqual({ files: 5, of: 5, parsed: 2 });
  });
});
