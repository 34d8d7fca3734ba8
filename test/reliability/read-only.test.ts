/**
 * No command changes the analysed repository: work tree, index, HEAD, refs, config, hooks, or any
 * other file of the git dir. The one allowed change is the cache, `<git-common-dir>/provenance/`,
 * which the snapshot leaves out explicitly (`CACHE_DIR_NAME`). The repository is also hostile: hooks,
 * an fsmonitor and a pager that would leave a marker file if git ever ran them on our behalf.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedGitEnv } from '../../src/demo/isolated-git.js';
import { metricChangeScenario, type MetricChangeScenario } from '../helpers/metric-change-scenario.js';
import { CACHE_DIR_NAME, gitDirs, repoState } from '../helpers/repo-state.js';
import { runCli } from '../helpers/run-cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DASHBOARD = path.join(ROOT, 'fixtures/release-notes/dashboard.json');
const RULES = path.join(ROOT, 'fixtures/release-notes/rules.yml');

/**
 * Every command `provenance --help` lists needs an entry here; each invocation must run to a result
 * (exit 0 or 1), so a case that has gone stale fails instead of passing on a usage error.
 */
const COMMAND_CASES: Readonly<Record<string, (dir: string) => readonly (readonly string[])[]>> = {
  list: (dir) => [
    ['list', '--repo', dir],
    ['list', '--ref', 'v1.0', '--json', '--include-tests', '--repo', dir],
  ],
  explain: (dir) => [
    ['explain', 'svc_requests_total', '--deployed', 'v1.0', '--refs', 'refs/notes/*', '--repo', dir],
    // Introduced (also) by the signed commit, so its subject is read with `git show`.
    ['explain', 'svc_errors_total', '--repo', dir],
  ],
  history: (dir) => [['history', 'svc_queued_total', '--json', '--repo', dir]],
  index: (dir) => [['index', '--repo', dir]],
  diff: (dir) => [
    ['diff', 'v1.0', 'v1.1', '--format', 'markdown', '--repo', dir],
    ['diff', 'v1.0...feature/errors', '--json', '--fail-on', 'removed', '--repo', dir],
  ],
  'release-notes': (dir) => [['release-notes', 'v1.0..v1.1', '--dashboard', DASHBOARD, '--rules', RULES, '--repo', dir]],
  dashboard: (dir) => [['dashboard', DASHBOARD, '--deployed', 'v1.1', '--rules', RULES, '--repo', dir]],
  startup: (dir) => [['startup', '--ref', 'v1.1', '--repo', dir]],
  // --json: the page itself would be a file the test writes, not the command.
  report: (dir) => [['report', '--deployed', 'v1.1', '--dashboard', DASHBOARD, '--metric', 'svc_requests_total', '--json', '--repo', dir]],
  cache: (dir) => [
    ['cache', 'info', '--repo', dir],
    ['cache', 'clear', '--repo', dir],
    ['index', '--repo', dir],
  ],
  // commander's own `help <command>` reads nothing, but is a command like any other.
  help: () => [['help', 'list']],
};

/** The commands program.ts declares, read from the help text the user sees. */
async function declaredCommands(): Promise<string[]> {
  const run = await runCli(['--help']);
  const section = run.stdout.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string);
}

const HOOKS = ['reference-transaction', 'post-index-change', 'post-checkout', 'post-merge', 'pre-auto-gc', 'post-rewrite', 'pre-commit'];

/** A copy of `commit` with a `gpgsig` header, on `refs/heads/signed`: `log.showSignature` would verify it. */
function addSignedCommit(dir: string, commit: string): void {
  const git = (args: string[], input?: string) =>
    spawnSync('git', args, { cwd: dir, env: isolatedGitEnv(), input, encoding: 'utf8' }).stdout.trim();
  const body = git(['cat-file', 'commit', commit]).replace(
    /^(committer [^\n]*\n)/m,
    '$1gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEprovenancetest\n -----END PGP SIGNATURE-----\n',
  );
  const signed = git(['hash-object', '-t', 'commit', '-w', '--stdin'], `${body}\n`);
  git(['update-ref', 'refs/heads/signed', signed]);
}

/**
 * Hooks, an fsmonitor, a pager and a gpg program that each leave a marker if run; auto-gc armed so any
 * gc would show. The repository's own config is the attacker here.
 */
function armRepository(dir: string, markers: string, signedFrom: string): void {
  addSignedCommit(dir, signedFrom);
  const { commonDir } = gitDirs(dir);
  const script = (name: string): string => {
    const file = path.join(commonDir, 'hooks', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\ntouch '${path.join(markers, name)}'\ncat >/dev/null 2>&1 || true\nexit 0\n`, { mode: 0o755 });
    return file;
  };
  for (const hook of HOOKS) script(hook);
  const config = (key: string, value: string): void => {
    fs.appendFileSync(path.join(commonDir, 'config'), `[${key.split('.')[0]}]\n\t${key.split('.').slice(1).join('.')} = ${value}\n`);
  };
  config('core.fsmonitor', script('fsmonitor-hook'));
  config('core.pager', `touch '${path.join(markers, 'pager')}'`);
  config('log.showSignature', 'true');
  config('gpg.program', script('gpg'));
  config('gc.auto', '1');
  config('maintenance.auto', 'true');
}

describe('every command leaves the repository as it found it', () => {
  let scenario: MetricChangeScenario;
  let parent: string;
  let markers: string;
  const shapes: Record<string, string> = {};

  beforeAll(() => {
    scenario = metricChangeScenario();
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-readonly-'));
    markers = path.join(parent, 'markers');
    fs.mkdirSync(markers);
    const repo = scenario.repo;
    // Something for `git status` to see: an untracked file, a staged change and an unstaged one.
    repo.writeFiles({ 'notes.txt': 'untracked\n', 'src/main.rs': `${repo.readFile('src/main.rs')}// staged\n` });
    repo.git(['add', 'src/main.rs']);
    repo.writeFiles({ 'src/metrics.rs': `${repo.readFile('src/metrics.rs')}// unstaged\n` });
    shapes['work tree'] = repo.dir;
    const worktree = path.join(parent, 'linked');
    repo.git(['worktree', 'add', '--quiet', '--detach', worktree, 'v1.0']);
    shapes['linked worktree (detached HEAD)'] = worktree;
    const bare = path.join(parent, 'bare.git');
    repo.git(['clone', '--quiet', '--bare', '--', repo.dir, bare]);
    shapes['bare repository'] = bare;
    armRepository(repo.dir, markers, scenario.commits.countErrors);
    armRepository(bare, markers, scenario.commits.countErrors);
  });
  afterAll(() => {
    scenario.repo.cleanup();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('has a case for every command program.ts declares', async () => {
    const commands = await declaredCommands();
    expect(commands).toContain('list');
    const missing = commands.filter((c) => !(c in COMMAND_CASES));
    expect(missing, `add read-only cases for: ${missing.join(', ')}`).toEqual([]);
  });

  it.each(['work tree', 'linked worktree (detached HEAD)', 'bare repository'])('%s: no change outside the cache directory', async (shape) => {
    const dir = shapes[shape] as string;
    const commands = await declaredCommands();
    const before = repoState(dir);
    const ran: string[] = [];
    for (const command of commands) {
      const cases = COMMAND_CASES[command];
      if (!cases) continue;
      for (const args of cases(dir)) {
        const run = await runCli(args);
        expect(run.code, `provenance ${args.join(' ')} should run to a result; stale case?\n${run.stderr}`).toBeLessThan(2);
        ran.push(args.slice(0, 2).join(' '));
      }
    }
    expect(ran.length).toBeGreaterThanOrEqual(commands.length);
    const after = repoState(dir);
    expect(after).toEqual(before);
    expect(fs.readdirSync(markers)).toEqual([]);
    // The cache is the one thing written, and it is where the README says.
    expect(fs.existsSync(path.join(gitDirs(dir).commonDir, CACHE_DIR_NAME))).toBe(true);
  });

  it('detects a change when there is one (the snapshot is not blind)', () => {
    const dir = shapes['work tree'] as string;
    const before = repoState(dir);
    scenario.repo.git(['update-ref', 'refs/heads/snapshot-probe', 'HEAD']);
    try {
      expect(repoState(dir).refs).not.toEqual(before.refs);
    } finally {
      scenario.repo.git(['update-ref', '-d', 'refs/heads/snapshot-probe']);
    }
    fs.writeFileSync(path.join(gitDirs(dir).commonDir, 'description'), 'changed\n');
    expect(repoState(dir).files).not.toEqual(before.files);
    // The traps are armed: a ref update runs the hook, a plain `git status` the fsmonitor, `git log` the gpg program.
    scenario.repo.git(['status', '--porcelain']);
    scenario.repo.git(['log', '-1', '--format=%H', 'signed']);
    expect(fs.readdirSync(markers)).toEqual(expect.arrayContaining(['fsmonitor-hook', 'reference-transaction', 'gpg']));
  });
});
