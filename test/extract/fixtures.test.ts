import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../helpers/fixture-cases.js';
import { extractBlob } from '../../src/extract/extract-blob.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/rust');
describe('extractBlob on fixtures/rust', () => {
  fixtureCases(FIXTURES, extractBlob);

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
