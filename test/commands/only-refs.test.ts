import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

interface ExplainJson {
  definedIn: { ref: string }[];
  introductions: { commit: { subject: string } }[];
  verdict: { kind: string } | null;
}

const scenario = scenariosRemovedAfterEachTest();

/** main with a base metric, tags v1.0 and nightly-1 on it, a release branch and a fuzz branch with their own metrics. */
function repository(): Scenario {
  const repo = scenario();
  repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'BASE', name: 'svc_base_total' }]) });
  repo.tag('v1.0');
  repo.tag('nightly-1');
  repo.branch('release/1.1');
  repo.commit('Count retries', { 'src/metrics.rs': lazyMetrics([{ static: 'BASE', name: 'svc_base_total' }, { static: 'RETRIES', name: 'svc_retries_total' }]) });
  repo.switch('main');
  repo.branch('stabilize-fuzz-test');
  repo.commit('Count fuzz cases', { 'src/metrics.rs': lazyMetrics([{ static: 'BASE', name: 'svc_base_total' }, { static: 'FUZZ', name: 'svc_fuzz_total' }]) });
  repo.switch('main');
  return repo;
}

describe('--only-refs and the refs of provenance.json: which refs the history commands index', () => {
  it('indexes only the refs that match: short-name globs and full refs/ patterns', async () => {
    const repo = repository();
    const all = await runCliJson<ExplainJson>(['explain', 'svc_base_total', '--repo', repo.dir]);
    expect(all.result.definedIn.map((d) => d.ref).sort()).toEqual(['main', 'nightly-1', 'release/1.1', 'stabilize-fuzz-test', 'v1.0']);
    rmSync(path.join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });

    const narrowed = await runCliJson<ExplainJson>(['explain', 'svc_base_total', '--repo', repo.dir, '--only-refs', 'main', '--only-refs', 'release/*', '--only-refs', 'refs/tags/v*']);
    expect(narrowed.result.definedIn.map((d) => d.ref).sort()).toEqual(['main', 'release/1.1', 'v1.0']);
    const fuzz = await runCliJson<ExplainJson>(['explain', 'svc_fuzz_total', '--repo', repo.dir, '--only-refs', 'main', '--only-refs', 'release/*']);
    expect(fuzz.result.definedIn).toEqual([]);
    expect(fuzz.result.introductions).toEqual([]);
  });

  it('a narrowed run on a warm cache (every ref indexed before) answers exactly as a cold one', async () => {
    const repo = repository();
    await runCli(['index', '--repo', repo.dir]);
    const args = ['--repo', repo.dir, '--only-refs', 'main', '--only-refs', 'release/*', '--json'];
    const warm = await Promise.all(['svc_fuzz_total', 'svc_retries_total'].map((m) => runCli(['explain', m, ...args])));
    const warmHistory = await runCli(['history', 'svc_fuzz_total', ...args]);
    rmSync(path.join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });
    const cold = await Promise.all(['svc_fuzz_total', 'svc_retries_total'].map((m) => runCli(['explain', m, ...args])));
    const coldHistory = await runCli(['history', 'svc_fuzz_total', ...args]);
    expect(warm.map((r) => r.stdout)).toEqual(cold.map((r) => r.stdout));
    expect(warmHistory.stdout).toBe(coldHistory.stdout);
    expect((JSON.parse(warm[0]?.stdout ?? '{}') as { result: ExplainJson }).result.introductions).toEqual([]);
  });

  it('takes the refs list of provenance.json at HEAD; --only-refs overrides it', async () => {
    const repo = repository();
    repo.commit('Index only main and releases', { 'provenance.json': JSON.stringify({ refs: ['main', 'release/*', 'v*'] }) });
    const configured = await runCliJson<ExplainJson>(['explain', 'svc_base_total', '--repo', repo.dir]);
    expect(configured.result.definedIn.map((d) => d.ref).sort()).toEqual(['main', 'release/1.1', 'v1.0']);
    const overridden = await runCliJson<ExplainJson>(['explain', 'svc_base_total', '--repo', repo.dir, '--only-refs', 'stabilize-*']);
    expect(overridden.result.definedIn.map((d) => d.ref)).toEqual(['stabilize-fuzz-test']);
  });

  it('a bad pattern or refs entry is one line and exit 2', async () => {
    const repo = repository();
    const bad = await runCli(['index', '--repo', repo.dir, '--only-refs', '']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`provenance: --only-refs: "" is not a ref pattern; give a branch or tag name or glob such as "main", "release/*" or "v*"\n`);
    repo.commit('Bad config', { 'provenance.json': JSON.stringify({ refs: 'main' }) });
    const config = await runCli(['index', '--repo', repo.dir]);
    expect(config.code).toBe(2);
    expect(config.stderr).toBe('provenance: provenance.json at HEAD: "refs" must be a non-empty array of ref names or globs such as ["main", "v*"], got "main"\n');
  });

  it('dashboard and explain take --ref as --deployed', async () => {
    const repo = repository();
    const viaRef = await runCliJson<{ verdict: { kind: string } }>(['explain', 'svc_retries_total', '--repo', repo.dir, '--ref', 'main']);
    const viaDeployed = await runCliJson<{ verdict: { kind: string } }>(['explain', 'svc_retries_total', '--repo', repo.dir, '--deployed', 'main']);
    expect(viaRef.result).toEqual(viaDeployed.result);
    expect(viaRef.result.verdict.kind).toBe('only-in');
    const both = await runCli(['explain', 'svc_retries_total', '--repo', repo.dir, '--ref', 'main', '--deployed', 'v1.0']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('provenance: --deployed "v1.0" and --ref "main" disagree; give one of them\n');
    expect(readdirSync(repo.dir)).toContain('src');
  });
});
