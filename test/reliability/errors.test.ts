/**
 * Every error path: one line on stderr naming what was wrong and what to do, nothing on stdout,
 * exit 2; the stack only with --debug. A bug (an unexpected exception) is exit 3 with the stack,
 * the version and a request to report it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { captureIo, type Io } from '../../src/io.js';
import { main } from '../../src/program.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';

describe('error paths', () => {
  let repo: Scenario;
  let unrelated: Scenario;
  let brokenConfig: Scenario;
  let files: string;
  let declared: string[];

  beforeAll(async () => {
    repo = createScenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'R', name: 'svc_requests_total' }]) });
    repo.tag('v1', { message: 'v1' });
    repo.git(['switch', '--quiet', '--orphan', 'unrelated']);
    repo.commit('Another root', { 'README.md': 'x\n' });
    repo.switch('main');
    unrelated = createScenario();
    brokenConfig = createScenario();
    brokenConfig.commit('x', { 'a.rs': 'fn a() {}\n' });
    fs.appendFileSync(path.join(brokenConfig.dir, '.git', 'config'), '[this is = not valid\n');
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-errors-'));
    fs.writeFileSync(path.join(files, 'invalid.json'), '{"panels": [}');
    fs.writeFileSync(path.join(files, 'shape.json'), '{"title": "x"}');
    fs.writeFileSync(path.join(files, 'invalid.yml'), 'groups: [');
    fs.writeFileSync(path.join(files, 'shape.yml'), 'groups:\n- name: g\n  rules:\n  - record: r\n');
    fs.writeFileSync(path.join(files, 'a-file'), '');
    const help = await runCli(['--help']);
    declared = [...(help.stdout.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string);
  });
  afterAll(() => {
    repo.cleanup();
    unrelated.cleanup();
    brokenConfig.cleanup();
    fs.rmSync(files, { recursive: true, force: true });
  });

  /** [what is wrong, arguments (the repository is appended), what the one line says]. */
  const cases = (): [string, string[], RegExp][] => {
    const r = ['--repo', repo.dir];
    const f = (name: string) => path.join(files, name);
    return [
      ['not a repository', ['list', '--repo', files], /is not a git repository; run provenance inside one or pass --repo <dir>/],
      ['--repo does not exist', ['list', '--repo', f('missing')], /is not a git repository/],
      ['--repo is a file', ['index', '--repo', f('a-file')], /is not a git repository/],
      ['unknown ref, with suggestions', ['list', '--ref', 'mian', ...r], /unknown ref 'mian': not a commit in this repository; closest branches: main/],
      ['unknown --deployed', ['explain', 'svc_requests_total', '--deployed', 'nope', ...r], /unknown ref 'nope'/],
      ['unknown command', ['lsit'], /^provenance: unknown command 'lsit' \(Did you mean list\?\) \(see 'provenance --help'\)\n$/],
      ['unknown option', ['list', '--frobnicate', ...r], /unknown option '--frobnicate' \(see 'provenance list --help'\)/],
      ['missing argument', ['explain', ...r], /missing required argument 'metric' \(see 'provenance explain --help'\)/],
      ['missing option value', ['list', ...r, '--ref'], /option '--ref <ref>' argument missing/],
      ['too many arguments', ['diff', 'a', 'b', 'c', ...r], /too many arguments/],
      ['not a metric name', ['history', 'bad name', ...r], /"bad name" is not a metric name/],
      ['bad --refs pattern', ['index', '--refs', 'pull/*', ...r], /--refs "pull\/\*" is not a ref pattern; give one that starts with refs\//],
      ['one revision for diff', ['diff', 'v1', ...r], /'v1' is one revision; give two/],
      ['a range without a merge base', ['diff', 'main...unrelated', ...r], /have no merge base/],
      ['unknown format', ['diff', 'v1', 'main', '--format', 'xml', ...r], /unknown format 'xml'; use one of: table, markdown, json/],
      ['--json against --format', ['diff', 'v1', 'main', '--json', '--format', 'markdown', ...r], /--json conflicts with --format markdown/],
      ['unknown --fail-on', ['diff', 'v1', 'main', '--fail-on', 'everything', ...r], /unknown --fail-on everything/],
      ['--commit-url without {sha}', ['diff', 'v1', 'main', '--format', 'markdown', '--commit-url', 'https://x/commit/', ...r], /--commit-url must contain \{sha\}/],
      ['missing dashboard file', ['release-notes', 'v1..main', '--dashboard', f('missing.json'), ...r], /missing\.json: cannot read \(no such file\)/],
      ['invalid dashboard JSON', ['release-notes', 'v1..main', '--dashboard', f('invalid.json'), ...r], /invalid\.json:1:\d+: invalid JSON/],
      ['not a dashboard', ['release-notes', 'v1..main', '--dashboard', f('shape.json'), ...r], /not a Grafana dashboard/],
      ['invalid rules YAML', ['release-notes', 'v1..main', '--rules', f('invalid.yml'), ...r], /invalid YAML/],
      ['not a rule file', ['release-notes', 'v1..main', '--rules', f('shape.yml'), ...r], /not a Prometheus rule file/],
      ['a directory as the dashboard', ['release-notes', 'v1..main', '--dashboard', files, ...r], /cannot read/],
      ['an empty repository', ['list', '--repo', unrelated.dir], /HEAD is branch 'main', which has no commits yet/],
      ['a broken repository config', ['list', '--repo', brokenConfig.dir], /git .+ failed \(exit 128\): fatal: bad config line/],
      ['cache of a non-repository', ['cache', 'info', '--repo', files], /is not a git repository/],
      ...(declared.includes('dashboard')
        ? ([
            ['dashboard without --deployed', ['dashboard', f('shape.json'), ...r], /--deployed/],
            ['dashboard with an invalid file', ['dashboard', f('invalid.json'), '--deployed', 'v1', ...r], /invalid JSON/],
            ['dashboard with a bad scrape URL', ['dashboard', path.join(files, '..'), '--deployed', 'v1', '--scrape', 'gopher://x', ...r], /./],
          ] as [string, string[], RegExp][])
        : []),
      ...(declared.includes('startup') ? ([['startup at an unknown ref', ['startup', '--ref', 'nope', ...r], /unknown ref 'nope'/]] as [string, string[], RegExp][]) : []),
    ];
  };

  it('each is one line, exit 2, nothing on stdout, no stack', async () => {
    for (const [what, args, message] of cases()) {
      const run = await runCli(args);
      expect(run.code, `${what}: ${run.stderr}`).toBe(2);
      expect(run.stdout, what).toBe('');
      expect(run.stderr, what).toMatch(/^provenance: [^\n]+\n$/);
      expect(run.stderr, what).toMatch(message);
      expect(run.stderr, what).not.toMatch(/^\s+at /m);
    }
  });

  it('with --debug, the same errors add the stack and git\'s own output', async () => {
    const unknownRef = await runCli(['list', '--ref', 'nope', '--debug', '--repo', repo.dir]);
    expect(unknownRef.code).toBe(2);
    expect(unknownRef.stderr.split('\n')[0]).toMatch(/^provenance: unknown ref 'nope'/);
    expect(unknownRef.stderr).toMatch(/^\s+at /m);
    const broken = await runCli(['list', '--debug', '--repo', brokenConfig.dir]);
    expect(broken.stderr).toContain('bad config line');
    expect(broken.stderr.split('\n').length).toBeGreaterThan(3);
  });

  it('a bug is exit 3: the message, the stack, the version and a request to report it', async () => {
    // An output stream that fails is one way to reach the internal-error path from outside.
    const io: Io = { ...captureIo(), stdout: () => { throw new TypeError('stdout exploded'); } };
    const err: string[] = [];
    const code = await main(['node', 'provenance', 'list', '--repo', repo.dir], { ...io, stderr: (t) => void err.push(t) });
    expect(code).toBe(3);
    const text = err.join('');
    expect(text.split('\n')[0]).toBe('provenance: internal error: stdout exploded');
    expect(text).toMatch(/^\s+at /m);
    expect(text).toMatch(/provenance \d+\.\d+\.\d+, node v\d+.+This is a bug; please report it/);
  });

  it('--help and --version are not errors', async () => {
    for (const args of [['--help'], ['--version'], ['list', '--help'], ['help', 'diff']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(0);
    }
  });
});
