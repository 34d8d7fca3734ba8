import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractBlob } from '../../src/extract/extract-blob.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/rust');
// UPDATE_FIXTURES=1 rewrites the expected files; review every change by hand, they are the spec.
const UPDATE = process.env.UPDATE_FIXTURES === '1';

const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.rs'))
  .sort();

describe('extractBlob on fixtures/rust', () => {
  it.each(cases)('%s', (file) => {
    const bytes = readFileSync(path.join(FIXTURES, file));
    const facts = extractBlob(bytes, `src/${file}`);
    const expectedFile = path.join(FIXTURES, file.replace(/\.rs$/, '.expected.json'));
    if (UPDATE) writeFileSync(expectedFile, `${JSON.stringify(facts, null, 2)}\n`);
    const expected: unknown = JSON.parse(readFileSync(expectedFile, 'utf8'));
    // Facts are cached as JSON: they must survive a round trip unchanged (no undefined, no classes).
    expect(JSON.parse(JSON.stringify(facts))).toStrictEqual(facts);
    expect(facts).toEqual(expected);
  });

  it('has a fixture larger than tree-sitter’s 32 KiB default input buffer', () => {
    const sizes = cases.map((f) => readFileSync(path.join(FIXTURES, f)).length);
    expect(Math.max(...sizes)).toBeGreaterThan(40 * 1024);
  });

  it('gives the same facts for a Buffer and for its text', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'lazy-static-block.rs'));
    expect(extractBlob(bytes.toString('utf8'), 'x.rs')).toEqual(extractBlob(bytes, 'x.rs'));
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', '\0\0\0', 'lazy_static! {', 'register_int_counter!(', '}}}}', Buffer.from([0xff, 0xfe, 0x00])];
    for (const input of inputs) expect(() => extractBlob(input, 'x.rs')).not.toThrow();
  });

  it('reads the large generated file quickly', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'generated-large.rs'));
    extractBlob(bytes, 'warm-up.rs');
    const runs = 5;
    const started = performance.now();
    for (let i = 0; i < runs; i++) extractBlob(bytes, 'generated-large.rs');
    const perRun = (performance.now() - started) / runs;
    console.log(`extractBlob(generated-large.rs, ${bytes.length} bytes): ${perRun.toFixed(1)} ms`);
    expect(perRun).toBeLessThan(2_000);
  });
});
