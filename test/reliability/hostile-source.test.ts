/**
 * Odd and hostile Rust sources in a real repository: non-UTF-8 bytes, a 20 MB generated file,
 * deeply nested token trees, a symlinked `.rs`, broken `lazy_static!` blocks, binary content,
 * CRLF and BOM, and enough files to put parsing on worker threads. Every command answers with
 * warnings; nothing crashes, hangs, or claims a metric from a file it skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { MAX_RUST_FILE_BYTES } from '../../src/history/tree-files.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';

interface ListResult {
  metrics: { name: string; path: string }[];
  warnings: string[];
}

const counter = (name: string, help = 'Help'): string =>
  `use prometheus::*;\nlazy_static::lazy_static! {\n    pub static ref C: IntCounter = register_int_counter!("${name}", "${help}").unwrap();\n}\n`;

const FILLER_LINE = '// generated: a line of filler that makes this file far larger than any hand-written module\n';
const DEPTH = 10_000;
const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
/** More files than the extractor parses inline, so the worker-thread pool runs too. */
const MANY = 30;

function hostileFiles(): Record<string, string | Uint8Array> {
  const generated = counter('generated_total') + FILLER_LINE.repeat(Math.ceil((20 * 1024 * 1024) / FILLER_LINE.length));
  const files: Record<string, string | Uint8Array> = {
    'Cargo.toml': CARGO_TOML(),
    'src/main.rs': `${['metrics', 'latin1', 'generated', 'deep', 'deep_macro', 'broken_lazy', 'unbalanced_lazy', 'binary', 'crlf', 'long_line', 'link', 'proto_names'].map((m) => `mod ${m};`).join('\n')}\nfn main() {}\n`,
    'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }]),
    // Latin-1 bytes in a comment and in the help text: not UTF-8.
    'src/latin1.rs': Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('\n'), Buffer.from(counter('latin1_total', 'd\xe9j\xe0 vu'), 'latin1')]),
    'src/generated.rs': generated,
    'src/deep.rs': `${counter('deep_total')}fn nested() -> i32 { ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)} }\nfn blocks() ${'{'.repeat(DEPTH)}${'}'.repeat(DEPTH)}\n`,
    'src/deep_macro.rs': `${counter('deep_macro_total')}fn f() { some_macro!(${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}); other!(${'('.repeat(DEPTH)}\n`,
    'src/broken_lazy.rs': [
      'use prometheus::*;',
      'lazy_static! {',
      '    pub static ref GOOD: IntCounter = register_int_counter!("broken_lazy_good_total", "Fine").unwrap();',
      '    pub static ref BAD: IntCounter = register_int_counter!("broken_lazy_bad_total" "no comma").unwrap();',
      '    pub static ref : IntCounter = ;',
      '}',
      '',
    ].join('\n'),
    // An unbalanced delimiter turns the whole block into one syntax error: reported, never silently dropped.
    'src/unbalanced_lazy.rs': [
      'use prometheus::*;',
      'lazy_static! {',
      '    pub static ref HALF: IntCounterVec = register_int_counter_vec!("unbalanced_half_total", "Half", &["a",',
      '',
    ].join('\n'),
    'src/binary.rs': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x72, 0x65, 0x67, 0x69, 0x73, 0x74, 0x65, 0x72, 0x5f, 0x00, 0xc3, 0x28]),
    'src/crlf.rs': `\ufeff${counter('crlf_total').replace(/\n/g, '\r\n')}`,
    // Valid metric names that are also Object.prototype members: keys, never lookups into the prototype.
    'src/proto_names.rs': lazyMetrics(PROTO_NAMES.map((name, i) => ({ static: `P${i}`, name }))),
    'src/long_line.rs': `${counter('long_line_total')}const JUNK: &str = "${'x'.repeat(512 * 1024)}";`,
  };
  for (let i = 0; i < MANY; i++) files[`src/many/m${i}.rs`] = counter(`many_${i}_total`);
  return files;
}

describe('hostile and odd Rust sources', () => {
  let repo: Scenario;

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Base', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'fn main() {}\n' });
    repo.tag('base', { message: 'base' });
    repo.writeFiles(hostileFiles());
    fs.symlinkSync('metrics.rs', path.join(repo.dir, 'src/link.rs'));
    repo.commitAll('Hostile sources');
  });
  afterAll(() => repo.cleanup());

  it('list: keeps every metric it can read, skips what it must, and says why', async () => {
    const run = await runCli(['list', '--json', '--repo', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    const { metrics, warnings } = (JSON.parse(run.stdout) as { result: ListResult }).result;
    const names = metrics.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(['svc_requests_total', 'latin1_total', 'deep_total', 'deep_macro_total', 'broken_lazy_good_total', 'crlf_total', 'long_line_total', 'many_0_total', `many_${MANY - 1}_total`]),
    );
    // Above MAX_RUST_FILE_BYTES: skipped as generated code, so its metric is not claimed.
    expect(fs.statSync(path.join(repo.dir, 'src/generated.rs')).size).toBeGreaterThan(MAX_RUST_FILE_BYTES);
    expect(names).not.toContain('generated_total');
    expect(warnings).toContain('src/generated.rs is 20.0 MiB, above the 2 MiB limit for Rust sources; skipped as generated code');
    // The symlink is noted and skipped; its target is analysed once, where it lives.
    expect(warnings).toContain('src/link.rs is a symbolic link; skipped (its target is analysed where it lives)');
    expect(metrics.filter((m) => m.name === 'svc_requests_total').map((m) => m.path)).toEqual(['src/metrics.rs']);
    expect(warnings.some((w) => w.startsWith('src/latin1.rs:1:') && w.includes('invalid UTF-8'))).toBe(true);
    expect(warnings).toContain('src/broken_lazy.rs:4:38: could not read the arguments of register_int_counter!');
    expect(names).not.toContain('broken_lazy_bad_total');
    expect(warnings.some((w) => w.startsWith('src/unbalanced_lazy.rs:') && w.includes('syntax error'))).toBe(true);
    expect(warnings.filter((w) => /internal extractor error|extraction failed/.test(w))).toEqual([]);
  });

  it('index, explain, history, diff and release-notes answer on the same history', async () => {
    const index = await runCli(['index', '--json', '--repo', repo.dir]);
    expect(index.code, index.stderr).toBe(0);
    const explain = await runCli(['explain', 'deep_total', '--repo', repo.dir]);
    expect(explain.code, explain.stderr).toBe(0);
    const skipped = await runCli(['explain', 'generated_total', '--repo', repo.dir]);
    expect(skipped.code).toBe(1);
    const history = await runCli(['history', 'latin1_total', '--json', '--repo', repo.dir]);
    expect(history.code, history.stderr).toBe(0);
    const diff = await runCli(['diff', 'base', 'HEAD', '--json', '--repo', repo.dir]);
    expect(diff.code, diff.stderr).toBe(0);
    const added = (JSON.parse(diff.stdout) as { result: { added: { name: string }[] } }).result.added.map((a) => a.name);
    expect(added).toContain('many_7_total');
    expect(added).not.toContain('generated_total');
    const notes = await runCli(['release-notes', 'base..HEAD', '--repo', repo.dir]);
    expect(notes.code, notes.stderr).toBe(0);
  });

  it('metrics named constructor, __proto__, toString, hasOwnProperty are indexed, explained and listed like any other', async () => {
    const list = await runCli(['list', '--json', '--repo', repo.dir]);
    const names = (JSON.parse(list.stdout) as { result: ListResult }).result.metrics.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(PROTO_NAMES));
    for (const name of PROTO_NAMES) {
      const explain = await runCli(['explain', name, '--json', '--repo', repo.dir]);
      expect(explain.code, `${name}: ${explain.stderr}`).toBe(0);
      expect((JSON.parse(explain.stdout) as { result: { name: string } }).result.name).toBe(name);
      const history = await runCli(['history', name, '--repo', repo.dir]);
      expect(history.code, `${name}: ${history.stderr}`).toBe(0);
    }
    // In a repository that does not define them, they are simply never defined (exit 1), not a crash.
    const other = createScenario();
    try {
      other.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': counter('svc_total') });
      for (const name of PROTO_NAMES) {
        const run = await runCli(['explain', name, '--repo', other.dir]);
        expect(run.code, `${name}: ${run.stderr}`).toBe(1);
        expect(run.stdout).toContain('never defined');
      }
    } finally {
      other.cleanup();
    }
  });

  it('a cold index of the same tree, on worker threads, finds the same metrics as list', async () => {
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    const list = await runCli(['list', '--json', '--repo', repo.dir]);
    const listed = (JSON.parse(list.stdout) as { result: ListResult }).result.metrics.map((m) => m.name).sort();
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    const index = await runCli(['index', '--json', '--repo', repo.dir]);
    const summary = (JSON.parse(index.stdout) as { result: { blobsExtracted: number; metrics: number } }).result;
    expect(summary.blobsExtracted).toBeGreaterThan(MANY);
    expect(summary.metrics).toBe(listed.length);
  });
});
