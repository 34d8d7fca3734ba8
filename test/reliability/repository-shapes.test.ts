/**
 * Repository shapes: bare, linked worktree, submodules, shallow, partial clone with unreachable
 * blobs, empty, orphan branch, detached HEAD, ref names with slashes and unicode. Every command
 * gives a result (with warnings where facts are missing) or one clear line with exit 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { clonePartial, cloneShallow } from '../../src/demo/git-fixture-clones.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DASHBOARD = path.join(ROOT, 'fixtures/release-notes/dashboard.json');

interface Ends {
  readonly base: string;
  readonly head: string;
  readonly metric: string;
}

let declared: string[] = [];

/** Every command once against `dir`; all must reach a result (exit 0 or 1). */
async function runEveryCommand(dir: string, ends: Ends): Promise<Record<string, CliRun>> {
  const cases: Record<string, string[]> = {
    list: ['list', '--ref', ends.head, '--json'],
    explain: ['explain', ends.metric, '--deployed', ends.head],
    history: ['history', ends.metric],
    index: ['index'],
    diff: ['diff', ends.base, ends.head, '--json'],
    'release-notes': ['release-notes', `${ends.base}..${ends.head}`, '--dashboard', DASHBOARD],
    dashboard: ['dashboard', DASHBOARD, '--deployed', ends.head],
    startup: ['startup', '--ref', ends.head],
    cache: ['cache', 'info'],
  };
  const runs: Record<string, CliRun> = {};
  for (const command of declared) {
    const args = cases[command];
    if (!args) continue;
    const run = await runCli([...args, '--repo', dir]);
    expect(run.code, `provenance ${args.join(' ')} in ${dir}\n${run.stderr}`).toBeLessThan(2);
    runs[command] = run;
  }
  expect(Object.keys(runs).length).toBeGreaterThanOrEqual(7);
  return runs;
}

function metricNames(run: CliRun | undefined): string[] {
  return (JSON.parse(run?.stdout ?? '{}') as { result: { metrics: { name: string }[] } }).result.metrics.map((m) => m.name);
}

function expectOneLineError(run: CliRun, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^provenance: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

/** A small service: v1 with one metric, then a second metric on main. */
function service(prefix = 'provenance-shape-'): Scenario {
  const repo = createScenario({ prefix });
  repo.commit('Service', {
    'Cargo.toml': CARGO_TOML(),
    'src/main.rs': MAIN_RS,
    'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }]),
  });
  repo.tag('v1', { message: 'v1' });
  repo.commit('Count errors', {
    'src/metrics.rs': lazyMetrics([
      { static: 'REQUESTS', name: 'svc_requests_total' },
      { static: 'ERRORS', name: 'svc_errors_total' },
    ]),
  });
  repo.tag('v2', { message: 'v2' });
  return repo;
}

describe('repository shapes', () => {
  let repo: Scenario;
  let parent: string;
  const ends: Ends = { base: 'v1', head: 'v2', metric: 'svc_errors_total' };

  beforeAll(async () => {
    const help = await runCli(['--help']);
    declared = [...(help.stdout.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string);
    repo = service();
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-shapes-'));
  });
  afterAll(() => {
    repo.cleanup();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('a bare repository answers as its work tree does', async () => {
    const bare = path.join(parent, 'bare.git');
    repo.git(['clone', '--quiet', '--bare', '--', repo.dir, bare]);
    const inBare = await runEveryCommand(bare, ends);
    const inWorkTree = await runEveryCommand(repo.dir, ends);
    expect(metricNames(inBare['list'])).toEqual(['svc_errors_total', 'svc_requests_total']);
    expect(inBare['diff']?.stdout).toEqual(inWorkTree['diff']?.stdout);
    expect(fs.existsSync(path.join(bare, 'provenance'))).toBe(true);
  });

  it('a linked worktree shares the cache of its main repository', async () => {
    const worktree = path.join(parent, 'linked');
    repo.git(['worktree', 'add', '--quiet', '-b', 'linked', worktree, 'v1']);
    try {
      const runs = await runEveryCommand(worktree, ends);
      expect(metricNames(runs['list'])).toEqual(['svc_errors_total', 'svc_requests_total']);
      expect(runs['cache']?.stdout).toContain(path.join(repo.dir, '.git', 'provenance'));
      // HEAD of the worktree is its own: v1 has only the first metric.
      const atHead = await runCli(['list', '--json', '--repo', worktree]);
      expect(metricNames(atHead)).toEqual(['svc_requests_total']);
    } finally {
      repo.git(['worktree', 'remove', '--force', worktree]);
    }
  });

  it('a submodule is skipped with a note, and its metrics are not claimed', async () => {
    const inner = service('provenance-submodule-');
    inner.commit('Inner metric', { 'src/inner.rs': lazyMetrics([{ static: 'INNER', name: 'inner_only_total' }]) });
    const outer = service();
    try {
      outer.git(['-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', '--', inner.dir, 'vendor/inner']);
      outer.commitAll('Vendor the inner service');
      outer.tag('v3', { message: 'v3' });
      const runs = await runEveryCommand(outer.dir, { base: 'v2', head: 'v3', metric: 'svc_errors_total' });
      const list = JSON.parse(runs['list']?.stdout ?? '') as { result: { metrics: { name: string }[]; warnings: string[] } };
      expect(list.result.metrics.map((m) => m.name)).not.toContain('inner_only_total');
      expect(list.result.warnings).toContain("submodule vendor/inner skipped: provenance reads only this repository's objects");
      const inner1 = await runCli(['explain', 'inner_only_total', '--repo', outer.dir]);
      expect(inner1.code).toBe(1);
    } finally {
      inner.cleanup();
      outer.cleanup();
    }
  });

  it('a shallow clone answers with a warning and marks introductions at the boundary', async () => {
    const shallow = cloneShallow(repo, 1, { allBranches: true });
    try {
      // Tags outside the shallow history are not fetched; HEAD~ does not exist: use the one commit there is.
      const head = shallow.sha('HEAD');
      const runs = await runEveryCommand(shallow.dir, { base: head, head, metric: 'svc_requests_total' });
      expect(runs['explain']?.stderr).toContain('warning: shallow clone: history before the shallow boundary is unknown');
      const explain = await runCli(['explain', 'svc_requests_total', '--json', '--repo', shallow.dir]);
      const result = (JSON.parse(explain.stdout) as { result: { introductions: { atShallowBoundary: boolean }[] } }).result;
      // Every introduction is flagged: the tag v1 comes with its own one-commit history, a second boundary.
      expect(result.introductions.length).toBeGreaterThan(0);
      expect(result.introductions.every((i) => i.atShallowBoundary)).toBe(true);
      expectOneLineError(await runCli(['diff', 'HEAD~1', 'HEAD', '--repo', shallow.dir]), /unknown ref 'HEAD~1'/);
    } finally {
      shallow.cleanup();
    }
  });

  it('a partial clone whose blobs cannot be fetched: every command answers, with warnings, fetching nothing', async () => {
    const source = service('provenance-partial-source-');
    const partial = clonePartial(source, { noCheckout: true });
    source.cleanup();
    try {
      const objectsBefore = partial.git(['count-objects', '-v']);
      const runs = await runEveryCommand(partial.dir, { base: 'v1', head: 'v2', metric: 'svc_errors_total' });
      const list = JSON.parse(runs['list']?.stdout ?? '') as { result: { complete: boolean; warnings: string[] } };
      expect(list.result.complete).toBe(false);
      expect(list.result.warnings.some((w) => /^partial clone: \d+ blobs this answer needs were never fetched/.test(w))).toBe(true);
      expect(runs['explain']?.stderr).toMatch(/indexed commits have blobs missing locally \(partial clone\)/);
      expect(runs['diff']?.stderr).toContain('some blobs are missing (partial clone)');
      expect(partial.git(['count-objects', '-v'])).toEqual(objectsBefore);
    } finally {
      partial.cleanup();
    }
  });

  it('a treeless partial clone (--filter=tree:0) cannot be read without fetching: one line saying what to do', async () => {
    const source = service('provenance-treeless-source-');
    source.git(['config', 'uploadpack.allowFilter', 'true']);
    source.git(['config', 'uploadpack.allowAnySHA1InWant', 'true']);
    const treeless = path.join(parent, 'treeless');
    source.git(['clone', '--quiet', '--filter=tree:0', '--no-checkout', '--', pathToFileURL(source.dir).href, treeless]);
    source.cleanup();
    for (const args of [['list'], ['explain', 'svc_errors_total']]) {
      expectOneLineError(await runCli([...args, '--repo', treeless]), /from promisor remote; this partial clone lacks objects provenance must read .+--filter=blob:none/);
    }
  });

  it('an empty repository: a clear error where a commit is needed, empty answers elsewhere', async () => {
    const empty = createScenario();
    try {
      expectOneLineError(await runCli(['list', '--repo', empty.dir]), /HEAD is branch 'main', which has no commits yet/);
      expectOneLineError(await runCli(['diff', 'HEAD', 'HEAD', '--repo', empty.dir]), /no commits yet/);
      expectOneLineError(await runCli(['release-notes', 'HEAD..HEAD', '--repo', empty.dir]), /no commits yet/);
      const explain = await runCli(['explain', 'x_total', '--repo', empty.dir]);
      expect(explain.code).toBe(1);
      expect(explain.stdout).toContain('never defined');
      const index = await runCli(['index', '--json', '--repo', empty.dir]);
      expect(index.code).toBe(0);
      expect((JSON.parse(index.stdout) as { result: { commits: number } }).result.commits).toBe(0);
      expect((await runCli(['cache', 'info', '--repo', empty.dir])).code).toBe(0);
    } finally {
      empty.cleanup();
    }
  });

  it('an orphan branch: HEAD has no commits, every other ref still works', async () => {
    const orphan = service();
    try {
      orphan.git(['switch', '--quiet', '--orphan', 'fresh']);
      expectOneLineError(await runCli(['list', '--repo', orphan.dir]), /HEAD is branch 'fresh', which has no commits yet/);
      const runs = await runEveryCommand(orphan.dir, ends);
      expect(metricNames(runs['list'])).toEqual(['svc_errors_total', 'svc_requests_total']);
      // Committed, the orphan branch is a second root: its metric is introduced there, not on main.
      orphan.commit('Start over', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'F', name: 'fresh_total' }]) });
      const explain = await runCli(['explain', 'fresh_total', '--json', '--repo', orphan.dir]);
      expect(explain.code).toBe(0);
      expect((JSON.parse(explain.stdout) as { result: { definedIn: { ref: string }[] } }).result.definedIn.map((d) => d.ref)).toEqual(['fresh']);
    } finally {
      orphan.cleanup();
    }
  });

  it('detached HEAD: list reads HEAD, explain judges against main', async () => {
    const detached = service();
    try {
      detached.switch('v1');
      await runEveryCommand(detached.dir, ends);
      const atHead = await runCli(['list', '--json', '--repo', detached.dir]);
      expect(metricNames(atHead)).toEqual(['svc_requests_total']);
      const explain = await runCli(['explain', 'svc_errors_total', '--repo', detached.dir]);
      expect(explain.code).toBe(0);
      expect(explain.stdout).toContain('landed on main');
    } finally {
      detached.cleanup();
    }
  });

  it('ref names with slashes and unicode work as refs, in ranges and in output', async () => {
    const named = service();
    try {
      const branch = 'team/ünïcödé/测试-branch';
      const tag = 'release/v1.0-ü';
      named.branch(branch, { from: 'v1' });
      named.commit('Unicode branch metric', { 'src/extra.rs': lazyMetrics([{ static: 'U', name: 'unicode_branch_total' }]) });
      named.switch('main');
      named.tag(tag, { ref: 'v1', message: 'unicode tag' });
      const runs = await runEveryCommand(named.dir, { base: tag, head: branch, metric: 'unicode_branch_total' });
      expect(metricNames(runs['list'])).toEqual(['svc_requests_total', 'unicode_branch_total']);
      const explain = await runCli(['explain', 'unicode_branch_total', '--json', '--repo', named.dir]);
      expect((JSON.parse(explain.stdout) as { result: { definedIn: { ref: string }[] } }).result.definedIn.map((d) => d.ref)).toEqual([branch]);
      const diff = await runCli(['diff', `main...${branch}`, '--json', '--repo', named.dir]);
      expect(diff.code, diff.stderr).toBe(0);
      expect((JSON.parse(diff.stdout) as { result: { added: { name: string }[] } }).result.added.map((a) => a.name)).toEqual(['unicode_branch_total']);
      const markdown = await runCli(['release-notes', `${tag}..${branch}`, '--repo', named.dir]);
      expect(markdown.stdout).toContain(branch);
    } finally {
      named.cleanup();
    }
  });
});
