/**
 * `explain` on a metric whose line moved over time: one "defined in" row per path and static (not per
 * line or ref), refs listed default branch first, then releases newest first; and a verdict that
 * suggests the default branch or a newer release before a test branch.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS, type CounterSpec } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

interface ExplainJson {
  defaultBranch: string | null;
  definedIn: { ref: string; definitions: { line: number }[] }[];
  sites: { path: string; static: string | null; line: number; lines: number[]; refs: string[] }[];
  verdict: { kind: string; refs: { ref: string }[]; summary: string | null } | null;
}

const scenario = scenariosRemovedAfterEachTest();

const REQUESTS: CounterSpec = { static: 'REQUESTS', name: 'svc_requests_total' };
const NEW: CounterSpec = { static: 'NEW', name: 'svc_new_total' };
/** `metrics.rs` with `shift` comment lines first, so the registrations sit `shift` lines lower. */
const shifted = (shift: number, specs: readonly CounterSpec[]) => '// moved down\n'.repeat(shift) + lazyMetrics(specs);

/**
 * main: v1.0.0 (requests at line 6) → v1.1.0 (line 11, adds svc_new_total) → line 16. A test branch
 * off v1.0.0 adds svc_new_total in one commit; feature branches sit on v1.1.0 and main; one branch
 * renames the static (another site); `develop` stays at v1.0.0.
 */
function movingMetricRepository(): Scenario {
  const repo = scenario();
  repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': shifted(0, [REQUESTS]) });
  repo.tag('v1.0.0');
  repo.branch('develop', { switch: false });
  repo.branch('stablize-fuzz-test');
  repo.commit('Fuzz svc_new_total', { 'src/metrics.rs': shifted(0, [REQUESTS, NEW]) });
  repo.switch('main');
  repo.commit('Document metrics; add svc_new_total', { 'src/metrics.rs': shifted(5, [REQUESTS, NEW]) });
  repo.tag('v1.1.0');
  repo.branch('feature/a', { switch: false });
  repo.commit('More documentation', { 'src/metrics.rs': shifted(10, [REQUESTS, NEW]) });
  repo.branch('feature/b', { switch: false });
  repo.branch('refactor/statics');
  repo.commit('Rename the static', { 'src/metrics.rs': shifted(10, [{ ...REQUESTS, static: 'REQS' }, NEW]) });
  repo.switch('main');
  return repo;
}

describe('explain: definition sites and ref order', () => {
  it('one row per path and static, with the default branch line and the range it moved over; refs default branch first, then releases', async () => {
    const repo = movingMetricRepository();
    const json = await runCliJson<ExplainJson>(['explain', 'svc_requests_total', '--repo', repo.dir]);
    expect(json.result.defaultBranch).toBe('main');
    expect(json.result.definedIn.map((d) => [d.ref, d.definitions.map((x) => x.line)])).toEqual([
      ['main', [16]],
      ['v1.1.0', [11]],
      ['v1.0.0', [6]],
      ['develop', [6]],
      ['stablize-fuzz-test', [6]],
      ['feature/a', [11]],
      ['feature/b', [16]],
      ['refactor/statics', [16]],
    ]);
    expect(json.result.sites).toEqual([
      {
        path: 'src/metrics.rs',
        static: 'REQUESTS',
        line: 16,
        lines: [6, 11, 16],
        refs: ['main', 'v1.1.0', 'v1.0.0', 'develop', 'stablize-fuzz-test', 'feature/a', 'feature/b'],
      },
      { path: 'src/metrics.rs', static: 'REQS', line: 16, lines: [16], refs: ['refactor/statics'] },
    ]);

    const text = await runCli(['explain', 'svc_requests_total', '--repo', repo.dir]);
    expect(text.code).toBe(0);
    const definedIn = text.stdout.split('\n').filter((l) => l.startsWith('  defined in') || l.startsWith('                 on '));
    expect(definedIn).toEqual([
      '  defined in     src/metrics.rs:16   static REQUESTS (lazy_static)   (lines 6–16 across these refs)',
      '                 on 7 refs: main, v1.1.0, v1.0.0, develop, stablize-fuzz-test, feature/a, feature/b',
      '  defined in     src/metrics.rs:16   static REQS (lazy_static)',
      '                 on refactor/statics',
    ]);
  });

  it('the verdict against v1.0.0 suggests main, not the test branch closest to v1.0.0', async () => {
    const repo = movingMetricRepository();
    const args = ['explain', 'svc_new_total', '--deployed', 'v1.0.0', '--repo', repo.dir];
    const json = await runCliJson<ExplainJson>(args);
    expect(json.code).toBe(1);
    expect(json.result.verdict?.kind).toBe('only-in');
    // Other branches by commits ahead (feature/a sits on v1.1.0, as near as the test branch), then name.
    expect(json.result.verdict?.refs.map((r) => r.ref)).toEqual(['main', 'v1.1.0', 'feature/a', 'stablize-fuzz-test', 'feature/b', 'refactor/statics']);
    expect(json.result.verdict?.summary).toBe('exists only in main, 2 commits ahead of v1.0.0 (also in v1.1.0, 1 ahead; feature/a, 1 ahead; stablize-fuzz-test, 1 ahead; and 2 more)');
    const text = await runCli(args);
    expect(text.stdout).toContain('  deployed v1.0.0  NOT DEFINED — main is 2 commits ahead of v1.0.0 (0 behind)');
  });

  it('when HEAD is on a branch without the metric, the newer release comes first', async () => {
    const repo = movingMetricRepository();
    repo.switch('develop');
    const json = await runCliJson<ExplainJson>(['explain', 'svc_new_total', '--deployed', 'v1.0.0', '--repo', repo.dir]);
    expect(json.result.defaultBranch).toBe('develop');
    expect(json.result.verdict?.summary).toBe('exists only in v1.1.0, 1 commit ahead of v1.0.0 (also in feature/a, 1 ahead; stablize-fuzz-test, 1 ahead; feature/b, 2 ahead; and 2 more)');
  });
});
