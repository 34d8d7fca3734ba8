import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { resolveCommit } from '../../src/git/repo.js';
import { openAnalysis, type AnalysisContext } from '../../src/history/analysis-context.js';
import { startupInputsAt } from '../../src/history/startup-sources.js';
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
});
