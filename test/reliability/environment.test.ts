/**
 * The environment: git missing from PATH, a git older than 2.39.4, a C or foreign locale, no TTY,
 * NO_COLOR, and tiny or zero terminal widths. Each gives correct output or one clear error (exit 2).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { isolatedGitEnv } from '../../src/demo/isolated-git.js';
import { isSupportedGitVersion, parseGitVersion } from '../../src/git/git-version.js';
import { captureIo } from '../../src/io.js';
import { main } from '../../src/program.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { CLI, spawnCli } from '../helpers/spawn-cli.js';

const ESC = String.fromCharCode(0x1b);
const REAL_GIT = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
const HAS_SCRIPT = spawnSync('sh', ['-c', 'script --version'], { encoding: 'utf8' }).stdout.includes('util-linux');

let declared: string[] = [];

/** One invocation of every declared command, as a user would type it in this repository. */
function everyCommand(dir: string): string[][] {
  const cases: Record<string, string[]> = {
    list: ['list'],
    explain: ['explain', 'svc_requests_total'],
    history: ['history', 'svc_requests_total'],
    index: ['index'],
    diff: ['diff', 'v1', 'HEAD'],
    'release-notes': ['release-notes', 'v1..HEAD'],
    dashboard: ['dashboard', path.join(dir, 'dashboard.json'), '--deployed', 'HEAD'],
    startup: ['startup'],
    cache: ['cache', 'info'],
  };
  return declared.filter((c) => c in cases).map((c) => [...(cases[c] as string[]), '--repo', dir]);
}

describe('environment', () => {
  let repo: Scenario;
  let bin: string;

  beforeAll(async () => {
    const help = await runCli(['--help']);
    declared = [...(help.stdout.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string);
    repo = createScenario();
    repo.commit('Service', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': MAIN_RS,
      'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total', help: 'Requests — ünïcode help' }]),
      'src/ünïcode/métriques.rs': lazyMetrics([{ static: 'U', name: 'svc_unicode_path_total' }]),
      'dashboard.json': JSON.stringify({ panels: [{ type: 'timeseries', title: 'Requests', targets: [{ refId: 'A', expr: 'rate(svc_requests_total[5m])' }] }] }),
    });
    repo.tag('v1', { message: 'v1' });
    repo.branch('fonctionnalité/ü');
    repo.commit('More', { 'src/more.rs': lazyMetrics([{ static: 'M', name: 'svc_more_total' }]) });
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-bin-'));
  });
  afterAll(() => {
    repo.cleanup();
    fs.rmSync(bin, { recursive: true, force: true });
  });

  /** A directory holding only a fake `git` that reports `version` and runs the real git for everything else. */
  function fakeGit(version: string): string {
    const dir = fs.mkdtempSync(path.join(bin, 'git-'));
    fs.writeFileSync(
      path.join(dir, 'git'),
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = "--version" ] && { echo '${version}'; exit 0; }; done\nexec '${REAL_GIT}' "$@"\n`,
      { mode: 0o755 },
    );
    return dir;
  }

  it('git missing from PATH: every command says so in one line, exit 2', async () => {
    const empty = fs.mkdtempSync(path.join(bin, 'empty-'));
    for (const args of everyCommand(repo.dir)) {
      const run = await spawnCli(args, { env: { PATH: empty } });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toBe('provenance: git was not found on PATH; install git 2.39.4 or newer, or add it to PATH\n');
      expect(run.stdout).toBe('');
    }
  });

  it('a git older than 2.39.4 (which fetches in partial clones despite GIT_NO_LAZY_FETCH): one clear line, exit 2, before any other git call', async () => {
    for (const version of ['git version 2.20.0', 'git version 2.30.1 (Apple Git-130)', 'git version 1.8.3.1', 'git version 2.39.3 (Apple Git-146)', 'git version 2.34.1']) {
      const found = (parseGitVersion(version) ?? []).join('.');
      // Every command for the first; `list` is enough to check how the others are read.
      const commands = version.includes('2.20.0') ? everyCommand(repo.dir) : [['list', '--repo', repo.dir]];
      for (const args of commands) {
        const run = await spawnCli(args, { env: { PATH: `${fakeGit(version)}:${process.env['PATH'] ?? ''}` } });
        expect(run.code, `${version}: ${args.join(' ')}`).toBe(2);
        expect(run.stderr).toBe(`provenance: git ${found} is too old; provenance needs git 2.39.4 or newer (put a newer git first on PATH)\n`);
      }
    }
  });

  it('git 2.39.4 and newer, in any vendor spelling, are accepted', async () => {
    for (const version of ['git version 2.39.4', 'git version 2.45.2.windows.1', 'git version 3.0.0']) {
      const run = await spawnCli(['list', '--repo', repo.dir], { env: { PATH: `${fakeGit(version)}:${process.env['PATH'] ?? ''}` } });
      expect(run.code, `${version}\n${run.stderr}`).toBe(0);
    }
    expect(parseGitVersion('git version 2.39.5')).toEqual([2, 39, 5]);
    expect(parseGitVersion('not git')).toBeNull();
    expect([[2, 30, 9], [2, 31, 0], [2, 39, 3], [2, 39, 4], [2, 40, 0], [1, 99, 0], [3, 0, 0]].map((v) => isSupportedGitVersion(v as [number, number, number]))).toEqual([false, false, false, true, true, false, true]);
  });

  it('a reader that closes the pipe early (`| head`, `| true`): no EPIPE stack, and the exit code is still the verdict', () => {
    const errFile = path.join(bin, 'stderr.txt');
    for (const [args, code] of [
      [['explain', 'svc_requests_total', '--deployed', 'HEAD'], '0'],
      [['explain', 'svc_gone_total', '--deployed', 'HEAD'], '1'],
      [['list'], '0'],
    ] as const) {
      const quoted = [CLI, ...args, '--repo', repo.dir].map((a) => `'${a}'`).join(' ');
      // `true` exits without reading, so the CLI's first write meets a closed pipe.
      const run = spawnSync('bash', ['-c', `'${process.execPath}' ${quoted} 2>'${errFile}' | true; echo "\${PIPESTATUS[0]}"`], {
        encoding: 'utf8',
        env: { ...isolatedGitEnv(), NO_COLOR: '1' },
      });
      expect(run.stdout.trim(), args.join(' ')).toBe(code);
      expect(fs.readFileSync(errFile, 'utf8'), args.join(' ')).toBe('');
    }
  });

  it('LANG=C, a foreign locale, or none: the same bytes out, and git messages are still understood', async () => {
    // `index` and `cache info` report what the cache did, which differs run to run: compare the others.
    const commands = everyCommand(repo.dir).filter((args) => args[0] !== 'index' && args[0] !== 'cache');
    const reference = await Promise.all(commands.map((args) => spawnCli(args, { env: { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } })));
    expect(reference.find((r) => r.stdout.includes('src/ünïcode/métriques.rs'))).toBeDefined();
    for (const env of [{ LANG: 'C', LC_ALL: 'C' }, { LANG: 'de_DE.UTF-8', LANGUAGE: 'de', LC_ALL: undefined }, { LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }]) {
      const runs = await Promise.all(commands.map((args) => spawnCli(args, { env })));
      runs.forEach((run, i) => {
        expect(run.code, `${JSON.stringify(env)}\n${run.stderr}`).toBe(reference[i]?.code);
        expect(run.stdout).toBe(reference[i]?.stdout);
      });
      // "not a git repository" is recognised whatever language the user's git speaks.
      const notRepo = await spawnCli(['list', '--repo', os.tmpdir()], { env });
      expect(notRepo.code).toBe(2);
      expect(notRepo.stderr).toMatch(/is not a git repository; run provenance inside one or pass --repo <dir>\n$/);
    }
  });

  it('no TTY: plain output, no escape sequences, no progress line', async () => {
    for (const args of everyCommand(repo.dir)) {
      const run = await spawnCli(args, { env: { NO_COLOR: undefined, FORCE_COLOR: '1', TERM: 'xterm-256color' } });
      expect(run.code, run.stderr).toBeLessThan(2);
      expect(run.stdout + run.stderr, args.join(' ')).not.toContain(ESC);
      expect(run.stdout + run.stderr, args.join(' ')).not.toContain('\r');
    }
  });

  it.runIf(HAS_SCRIPT)('on a terminal: colour by default, none with NO_COLOR', () => {
    const onTerminal = (env: Record<string, string>): string => {
      const command = `stty cols 120; '${process.execPath}' '${CLI}' list --repo '${repo.dir}'`;
      const base: Record<string, string> = { ...isolatedGitEnv(), TERM: 'xterm' };
      delete base['NO_COLOR'];
      // A CI variable makes the colour library assume no colour support; a user's terminal has none.
      delete base['CI'];
      return spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...base, ...env }, encoding: 'utf8' }).stdout;
    };
    const coloured = onTerminal({});
    expect(coloured).toContain('svc_requests_total');
    expect(coloured).toContain(`${ESC}[`);
    const plain = onTerminal({ NO_COLOR: '1' });
    expect(plain).toContain('svc_requests_total');
    expect(plain).not.toContain(ESC);
  });

  it('a tiny or zero terminal width: tables still render, with every metric name whole', async () => {
    for (const columns of [0, 1, 10, 20, 40]) {
      for (const args of [['list'], ['list', '--ref', 'v1'], ['diff', 'v1', 'HEAD'], ['explain', 'svc_more_total']]) {
        const io = captureIo({ isTTY: true, columns });
        const code = await main(['node', 'provenance', ...args, '--repo', repo.dir], io);
        const out = io.out.join('');
        expect(code, `${columns} columns: ${args.join(' ')}\n${io.err.join('')}`).toBeLessThan(2);
        if (args[0] === 'list') {
          expect(out).toContain('svc_requests_total');
          expect(out).toContain('svc_unicode_path_total');
        }
        if (args[0] === 'diff' || args[0] === 'explain') expect(out).toContain('svc_more_total');
      }
    }
  });
});
