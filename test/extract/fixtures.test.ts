import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../helpers/fixture-cases.js';
import { extractBlob } from '../../src/extract/registrations/extract-blob.js';

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

  // Speed belongs to `npm run bench`; this checks the same answer every time past tree-sitter's 32 KiB
  // default input buffer, and the timeout is only a hang bound.
  it('reads the large generated file, again and again, with the same answer', { timeout: 30_000 }, () => {
    const bytes = readFileSync(path.join(FIXTURES, 'generated-large.rs'));
    expect(bytes.length).toBeGreaterThan(32 * 1024);
    const first = extractBlob(bytes, 'generated-large.rs');
    expect(first.registrations.length).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect(extractBlob(bytes, 'generated-large.rs')).toEqual(first);
  });
});
