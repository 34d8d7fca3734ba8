/**
 * Commit subjects, file names, help strings and dashboard titles are data: ESC (colour, clear-screen,
 * OSC-8 hyperlinks), CR and newlines from them never reach the terminal raw, piped or with NO_COLOR,
 * and Markdown output escapes markup and HTML, with links only to URLs nothing can break out of.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { markdownCode, markdownText, safeLinkUrl } from '../../src/render/markdown-text.js';
import { guardOutput, terminalText } from '../../src/render/terminal-text.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { CARGO_TOML } from '../helpers/rust-sources.js';

const HOSTILE = '\u001b[2J\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\roverwritten\nfake line <img src=x onerror=alert(1)> [link](https://evil.example)';
const EVIL_FILE = 'src/evil\u001b[2J\r\n.rs';
// Anything but newline and our own bold: no ESC, CR, BEL, other C0/C1 control.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('control characters and markup from the repository', () => {
  let repo: Scenario;
  let dir: string;

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Base', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'fn main() {}\n' });
    repo.tag('base', { message: 'base' });
    const help = 'Help \\x1b[2J \\x1b]8;;https://evil.example/\\x07x\\x1b]8;;\\x07 \\r over <b>bold</b> `code` | pipe';
    repo.commit(HOSTILE, {
      [EVIL_FILE]: `use prometheus::*;\nlazy_static::lazy_static! {\n    pub static ref C: IntCounter = register_int_counter!("evil_total", "${help}").unwrap();\n}\n`,
    });
    repo.git(['config', 'remote.origin.url', 'https://github.com/o/r)<script>alert(1)</script>(.git']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-hostile-dash-'));
    fs.writeFileSync(
      path.join(dir, 'dash.json'),
      JSON.stringify({ title: `T${HOSTILE}`, panels: [{ id: 1, title: `P${HOSTILE}`, type: 'timeseries', targets: [{ expr: 'evil_total' }] }] }),
    );
  });
  afterAll(() => {
    repo.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const commands = (): string[][] => [
    ['list'],
    ['explain', 'evil_total'],
    ['explain', 'evil_total', '--deployed', 'base'],
    ['history', 'evil_total'],
    ['diff', 'base', 'HEAD'],
    ['diff', 'base', 'HEAD', '--format', 'markdown'],
    ['release-notes', 'base..HEAD'],
    ['dashboard', path.join(dir, 'dash.json'), '--deployed', 'HEAD'],
    ['startup'],
  ];

  it('no text output, on stdout or stderr, carries a raw control character or an injected line', async () => {
    for (const args of commands()) {
      const run = await runCli([...args, '--repo', repo.dir]);
      expect(run.stderr, args.join(' ')).not.toContain('internal error');
      expect(run.stdout, args.join(' ')).not.toMatch(RAW_CONTROL);
      expect(run.stderr, args.join(' ')).not.toMatch(RAW_CONTROL);
      // The newline inside the subject and the file name is shown, not obeyed.
      for (const line of `${run.stdout}${run.stderr}`.split('\n')) expect(line.startsWith('fake line'), args.join(' ')).toBe(false);
    }
    const explain = await runCli(['explain', 'evil_total', '--repo', repo.dir]);
    expect(explain.stdout).toContain('src/evil\\u001b[2J\\r\\n.rs:3');
    expect(explain.stdout).toContain('\\u001b]8;;https://evil.example/\\u0007click');
  });

  it('the built CLI, piped with NO_COLOR, writes no raw control character either', async () => {
    for (const args of [['explain', 'evil_total'], ['history', 'evil_total'], ['list']]) {
      const run = await spawnCli([...args, '--repo', repo.dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(RAW_CONTROL);
    }
  });

  it('Markdown escapes HTML and link syntax, and builds no link from a remote URL that could break out', async () => {
    for (const args of [['release-notes', 'base..HEAD'], ['diff', 'base', 'HEAD', '--format', 'markdown']]) {
      const run = await runCli([...args, '--repo', repo.dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout, args.join(' ')).not.toMatch(/(?<!\\)<(img|b|script)/);
      expect(run.stdout).not.toMatch(/(?<!\\)\]\(https:\/\/evil/);
      expect(run.stdout).not.toContain('github.com/o/r)');
      expect(run.stdout).toContain('\\<img src=x onerror=alert(1)\\>');
    }
    // An ordinary remote still gets links.
    repo.git(['config', 'remote.origin.url', 'git@github.com:o/r.git']);
    try {
      const notes = await runCli(['release-notes', 'base..HEAD', '--repo', repo.dir]);
      expect(notes.stdout).toMatch(/\[`[0-9a-f]{10}`\]\(https:\/\/github\.com\/o\/r\/commit\/[0-9a-f]{40}\)/);
    } finally {
      repo.git(['config', 'remote.origin.url', 'https://github.com/o/r)<script>alert(1)</script>(.git']);
    }
  });

  it('JSON keeps the text exactly', async () => {
    const run = await runCli(['explain', 'evil_total', '--json', '--repo', repo.dir]);
    const result = (JSON.parse(run.stdout) as { result: { sites: { path: string }[]; introductions: { commit: { subject: string } }[] } }).result;
    expect(result.sites[0]?.path).toBe(EVIL_FILE);
    // git's %s joins the lines of a subject paragraph with a space.
    expect(result.introductions[0]?.commit.subject).toBe(HOSTILE.replace('\n', ' '));
  });
});

describe('the sanitizers', () => {
  it('terminalText escapes controls, bidi overrides and stray bytes; guardOutput keeps only bold and a progress line', () => {
    expect(terminalText('a\u001b[31mb\r\n\t\u009b\u202e\udcff😀')).toBe('a\\u001b[31mb\\r\\n\\t\\u009b\\u202e\\xff😀');
    expect(guardOutput('\u001b[1mHEAD\u001b[22m \u001b[2J\rx\n')).toBe('\u001b[1mHEAD\u001b[22m \\u001b[2J\\rx\n');
    expect(guardOutput('\rindexing 3/9\u001b[K', true)).toBe('\rindexing 3/9\u001b[K');
    expect(guardOutput('warning: a\rb\n', true)).toBe('warning: a\\rb\n');
    // JSON means the same after the guard: DEL and C1 controls become \u escapes of themselves.
    const json = JSON.stringify({ s: 'x\u007f\u0085\u001b' });
    expect(JSON.parse(guardOutput(json))).toEqual({ s: 'x\u007f\u0085\u001b' });
  });

  it('markdownText and markdownCode hold any text; safeLinkUrl takes only plain http(s) URLs', () => {
    expect(markdownText('<b>x</b> [a](b) | *c*\nd')).toBe('\\<b\\>x\\</b\\> \\[a\\](b) \\| \\*c\\* d');
    expect(markdownCode('a`b|c')).toBe('`` a`b\\|c ``');
    expect(markdownCode('plain')).toBe('`plain`');
    expect(safeLinkUrl('https://github.com/o/r/commit/abc')).toBe('https://github.com/o/r/commit/abc');
    for (const url of ['javascript:alert(1)', 'https://x/a)b', 'https://x/<s>', 'https://x/a b', 'https://x/"', 'https://x\u001b/']) expect(safeLinkUrl(url), url).toBeNull();
  });
});
