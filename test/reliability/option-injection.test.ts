/**
 * User-supplied refs, metric names, paths and file names never become git options or shell syntax:
 * git is spawned with argument arrays and `--end-of-options`, never a shell. Every hostile value is
 * refused with exit 2 and a one-line message, and the file each payload would create never appears.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { metricChangeScenario, type MetricChangeScenario } from '../helpers/metric-change-scenario.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DASHBOARD = path.join(ROOT, 'fixtures/release-notes/dashboard.json');

/** Values that would run a command or write a file if they ever reached a shell or git's option parser. */
function hostileValues(marker: string): Record<string, string> {
  return {
    'an --output option': `--output=${marker}`,
    'a -c config option with a space': `-c core.pager=touch ${marker}`,
    'an --exec option': `--exec=touch ${marker}`,
    'an --upload-pack option': `--upload-pack=touch ${marker}`,
    'command substitution': `$(touch ${marker})`,
    backticks: `\`touch ${marker}\``,
    'a shell separator': `main;touch ${marker}`,
    'a newline': `main\ntouch ${marker}`,
    quotes: `'"main"' "touch ${marker}"`,
    'non-ASCII': `fünf-ünïcødé-${path.basename(marker)}`,
  };
}

/** Every argument position that takes a ref, a metric name or an input file, by command. */
type Position = (value: string, dir: string) => string[];
const POSITIONS: Readonly<Record<string, Readonly<Record<string, Position>>>> = {
  list: {
    '--ref': (v, d) => ['list', '--repo', d, '--ref', v],
    '--repo': (v) => ['list', '--repo', v],
  },
  explain: {
    '<metric>': (v, d) => ['explain', '--repo', d, '--', v],
    '--deployed': (v, d) => ['explain', 'svc_requests_total', '--repo', d, '--deployed', v],
    '--refs': (v, d) => ['explain', 'svc_requests_total', '--repo', d, '--refs', v],
  },
  history: {
    '<metric>': (v, d) => ['history', '--repo', d, '--', v],
    '--refs': (v, d) => ['history', 'svc_requests_total', '--repo', d, '--refs', v],
  },
  index: {
    '--refs': (v, d) => ['index', '--repo', d, '--refs', v],
    '--repo': (v) => ['index', '--repo', v],
  },
  diff: {
    '<base>': (v, d) => ['diff', '--repo', d, '--', v, 'v1.1'],
    '[head]': (v, d) => ['diff', '--repo', d, '--', 'v1.0', v],
    '<base>..<head> base': (v, d) => ['diff', '--repo', d, '--', `${v}..v1.1`],
    '<base>...<head> head': (v, d) => ['diff', '--repo', d, '--', `v1.0...${v}`],
    '--fail-on': (v, d) => ['diff', 'v1.0', 'v1.1', '--repo', d, '--fail-on', v],
    '--commit-url': (v, d) => ['diff', 'v1.0', 'v1.1', '--repo', d, '--format', 'markdown', '--commit-url', v],
  },
  'release-notes': {
    '<range>': (v, d) => ['release-notes', '--repo', d, '--', `${v}..v1.1`],
    '[head]': (v, d) => ['release-notes', '--repo', d, '--', 'v1.0', v],
    '--dashboard': (v, d) => ['release-notes', 'v1.0..v1.1', '--repo', d, '--dashboard', v],
    '--rules': (v, d) => ['release-notes', 'v1.0..v1.1', '--repo', d, '--rules', v],
    '--format': (v, d) => ['release-notes', 'v1.0..v1.1', '--repo', d, '--format', v],
  },
  dashboard: {
    '<file>': (v, d) => ['dashboard', '--repo', d, '--deployed', 'v1.1', '--', v],
    '--deployed': (v, d) => ['dashboard', DASHBOARD, '--repo', d, '--deployed', v],
    '--rules': (v, d) => ['dashboard', DASHBOARD, '--repo', d, '--deployed', 'v1.1', '--rules', v],
    '--scrape': (v, d) => ['dashboard', DASHBOARD, '--repo', d, '--deployed', 'v1.1', '--scrape', v],
    '--fail-on': (v, d) => ['dashboard', DASHBOARD, '--repo', d, '--deployed', 'v1.1', '--fail-on', v],
    '--prometheus': (v, d) => ['dashboard', DASHBOARD, '--repo', d, '--deployed', 'v1.1', '--prometheus', v],
  },
  report: {
    '--deployed': (v, d) => ['report', '--repo', d, '--dashboard', DASHBOARD, '--deployed', v],
    '--dashboard': (v, d) => ['report', '--repo', d, '--deployed', 'v1.1', '--dashboard', v],
    '--metric': (v, d) => ['report', '--repo', d, '--deployed', 'v1.1', '--metric', v],
  },
  startup: {
    '--ref': (v, d) => ['startup', '--repo', d, '--ref', v],
    '--repo': (v) => ['startup', '--repo', v],
  },
  cache: {
    'info --repo': (v) => ['cache', 'info', '--repo', v],
    'clear --repo': (v) => ['cache', 'clear', '--repo', v],
  },
};

async function declaredCommands(): Promise<string[]> {
  const run = await runCli(['--help']);
  const section = run.stdout.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
}

function expectOneLineRefusal(run: CliRun, args: readonly string[]): void {
  const shown = JSON.stringify(args);
  expect(run.code, `${shown}\n${run.stderr}`).toBe(2);
  expect(run.stdout, shown).toBe('');
  expect(run.stderr, shown).toMatch(/^provenance: [^\n]+\n$/);
}

describe('hostile argument values', () => {
  let scenario: MetricChangeScenario;
  let markers: string;
  let declared: string[];

  beforeAll(async () => {
    scenario = metricChangeScenario();
    declared = await declaredCommands();
  });
  afterAll(() => scenario.repo.cleanup());
  beforeEach(() => {
    markers = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-injection-'));
  });
  afterEach(() => {
    expect(fs.readdirSync(markers), 'a payload ran: it created its marker file').toEqual([]);
    fs.rmSync(markers, { recursive: true, force: true });
  });

  it('every declared command has its argument positions listed', () => {
    const missing = declared.filter((c) => !(c in POSITIONS));
    expect(missing, `add injection positions for: ${missing.join(', ')}`).toEqual([]);
  });

  it.each(Object.keys(POSITIONS))('%s: every ref, metric and file position refuses every hostile value with exit 2', async (command) => {
    if (!declared.includes(command)) return;
    const marker = path.join(markers, 'pwned');
    for (const [position, build] of Object.entries(POSITIONS[command] ?? {})) {
      for (const [what, value] of Object.entries(hostileValues(marker))) {
        const args = build(value, scenario.repo.dir);
        const run = await runCli(args);
        expectOneLineRefusal(run, [position, what, ...args]);
      }
    }
  });

  it('the same values given as --opt=value and before the command name are refused too', async () => {
    const marker = path.join(markers, 'pwned');
    for (const value of Object.values(hostileValues(marker))) {
      expectOneLineRefusal(await runCli(['list', `--ref=${value}`, '--repo', scenario.repo.dir]), ['list --ref=', value]);
      expectOneLineRefusal(await runCli(['explain', 'x_total', `--deployed=${value}`, '--repo', scenario.repo.dir]), ['explain --deployed=', value]);
      // Without `--`, a value that looks like an option is an unknown option: still one line, exit 2.
      if (value.startsWith('-')) expectOneLineRefusal(await runCli(['diff', value, 'v1.1', '--repo', scenario.repo.dir]), ['diff', value]);
    }
  });

  it('--path is a filter applied in-process, never handed to git: a hostile glob matches nothing', async () => {
    const marker = path.join(markers, 'pwned');
    for (const value of Object.values(hostileValues(marker))) {
      const run = await runCli(['list', '--repo', scenario.repo.dir, '--json', '--path', value]);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { result: { metrics: unknown[] } }).result.metrics).toEqual([]);
    }
  });

  it('payloads inside dashboard and rule files are data: they reach neither git nor a shell', async () => {
    const marker = path.join(markers, 'pwned');
    const values = Object.values(hostileValues(marker));
    const dashboard = {
      uid: `--output=${marker}`,
      title: `$(touch ${marker})`,
      templating: { list: [{ name: 'job', type: 'query', query: `label_values(--output=${marker}, job)`, datasource: { type: 'prometheus', uid: `-c core.pager=touch ${marker}` } }] },
      panels: values.map((value, i) => ({
        id: i,
        type: 'timeseries',
        title: value,
        datasource: { type: 'prometheus', uid: value },
        targets: [
          { refId: 'A', expr: `rate({__name__=${JSON.stringify(value)}}[5m])` },
          { refId: 'B', expr: `sum(rate(svc_legacy_total{job=~${JSON.stringify(value)}}[5m])) by (${value})` },
          { refId: 'C', expr: value },
        ],
      })),
    };
    const rules = ['groups:', `- name: ${JSON.stringify(values[0])}`, '  rules:', ...values.flatMap((v) => [`  - record: ${JSON.stringify(v)}`, `    expr: ${JSON.stringify(`sum(svc_legacy_total{x=${JSON.stringify(v)}})`)}`]), ''].join('\n');
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-injection-files-'));
    try {
      fs.writeFileSync(path.join(files, 'dashboard.json'), JSON.stringify(dashboard));
      fs.writeFileSync(path.join(files, 'rules.yml'), rules);
      const notes = await runCli(['release-notes', 'v1.0..v1.1', '--dashboard', path.join(files, 'dashboard.json'), '--rules', path.join(files, 'rules.yml'), '--repo', scenario.repo.dir]);
      expect(notes.code, notes.stderr).toBe(0);
      if (declared.includes('dashboard')) {
        const run = await runCli(['dashboard', path.join(files, 'dashboard.json'), '--deployed', 'v1.1', '--rules', path.join(files, 'rules.yml'), '--json', '--repo', scenario.repo.dir]);
        expect(run.code, run.stderr).toBeLessThan(2);
      }
    } finally {
      fs.rmSync(files, { recursive: true, force: true });
    }
  });

  it('a --commit-url template with a payload is never run, nor made a link (not a plain http(s) URL)', async () => {
    const marker = path.join(markers, 'pwned');
    const run = await runCli(['diff', 'v1.0', 'v1.1', '--repo', scenario.repo.dir, '--format', 'markdown', '--commit-url', `$(touch ${marker})/{sha}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('$(touch');
    expect(run.stdout).toContain(`\`${scenario.commits.dropLegacy.slice(0, 10)}\``);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('the error message shows a hostile value escaped, on one line, without terminal escape sequences', async () => {
    const run = await runCli(['list', '--repo', scenario.repo.dir, '--ref', 'a\nb\r\u001b[31mred\u0007']);
    expectOneLineRefusal(run, ['escape sequence']);
    expect([...run.stderr.slice(0, -1)].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
    expect(run.stderr).toContain('a\\nb\\r\\u001b[31mred\\u0007');
  });
});
