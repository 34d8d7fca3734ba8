/**
 * File names are bytes to git: two names that differ only in bytes that are not UTF-8 are two files.
 * Decoded as UTF-8 both became `m_\ufffd.rs`, so the index kept one and `explain` lost the other's
 * metric. They are kept exactly (each invalid byte as U+DC00 + byte), and shown as `\xff`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { decodeExact, ExactDecoder } from '../../src/git/exact-text.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML } from '../helpers/rust-sources.js';

const counter = (name: string): string =>
  `use prometheus::*;\nlazy_static::lazy_static! {\n    pub static ref C: IntCounter = register_int_counter!("${name}", "Help").unwrap();\n}\n`;

/** `src/m_<byte>.rs` as raw bytes. */
const rawName = (byte: number): Buffer => Buffer.concat([Buffer.from('src/m_'), Buffer.from([byte]), Buffer.from('.rs')]);

describe('file names that differ only in non-UTF-8 bytes', () => {
  let repo: Scenario;

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Base', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'fn main() {}\n' });
    fs.writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}${path.sep}`), rawName(0xff)]), counter('ff_total'));
    fs.writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}${path.sep}`), rawName(0xfe)]), counter('fe_total'));
    repo.commitAll('Two files named apart by one byte each');
  });
  afterAll(() => repo.cleanup());

  it('list sees both, with distinct exact paths in the JSON and readable ones in the table', async () => {
    const json = await runCli(['list', '--json', '--repo', repo.dir]);
    expect(json.code, json.stderr).toBe(0);
    const metrics = (JSON.parse(json.stdout) as { result: { metrics: { name: string; path: string }[] } }).result.metrics;
    expect(metrics.map((m) => [m.name, m.path])).toEqual([
      ['fe_total', 'src/m_\udcfe.rs'],
      ['ff_total', 'src/m_\udcff.rs'],
    ]);
    const table = await runCli(['list', '--repo', repo.dir]);
    expect(table.stdout).toContain('src/m_\\xfe.rs:3');
    expect(table.stdout).toContain('src/m_\\xff.rs:3');
    expect(table.stdout).not.toContain('\ufffd');
  });

  it('explain and history find each metric in its own file (the index keeps both paths)', async () => {
    for (const [name, byte] of [['ff_total', 'ff'], ['fe_total', 'fe']] as const) {
      const explain = await runCli(['explain', name, '--json', '--repo', repo.dir]);
      expect(explain.code, explain.stderr).toBe(0);
      const result = (JSON.parse(explain.stdout) as { result: { name: string; sites: { path: string }[] } }).result;
      expect(result.name).toBe(name);
      expect(result.sites.map((s) => s.path)).toEqual([`src/m_${String.fromCharCode(0xdc00 + Number.parseInt(byte, 16))}.rs`]);
      const text = await runCli(['explain', name, '--repo', repo.dir]);
      expect(text.stdout).toContain(`src/m_\\x${byte}.rs:3`);
      const history = await runCli(['history', name, '--repo', repo.dir]);
      expect(history.code, history.stderr).toBe(0);
      expect(history.stdout).toContain(`src/m_\\x${byte}.rs:3`);
    }
  });
});

describe('decodeExact', () => {
  it('keeps valid UTF-8, turns each invalid byte into U+DC00 + byte, and is the same across chunk boundaries', () => {
    const bytes = Buffer.concat([Buffer.from('é日😀a'), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f]), Buffer.from('z')]);
    const whole = decodeExact(bytes);
    expect(whole).toBe('é日😀a\udcff\udcc3(\udced\udca0\udc80\udcf0\udc9fz');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = new ExactDecoder();
      expect(decoder.write(bytes.subarray(0, cut)) + decoder.write(bytes.subarray(cut)) + decoder.end(), `cut at ${cut}`).toBe(whole);
    }
    // Back to the same bytes: the escape is exact.
    const encode = (text: string): Buffer =>
      Buffer.concat([...text].map((c) => (c.length === 1 && c.charCodeAt(0) >= 0xdc80 && c.charCodeAt(0) <= 0xdcff ? Buffer.from([c.charCodeAt(0) - 0xdc00]) : Buffer.from(c))));
    expect(encode(whole).equals(bytes)).toBe(true);
  });
});
