import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractStartupFacts } from '../../src/extract/startup-facts.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/startup');
// UPDATE_FIXTURES=1 rewrites the expected files; review every change by hand, they are the spec.
const UPDATE = process.env.UPDATE_FIXTURES === '1';

const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.rs'))
  .sort();

describe('extractStartupFacts on fixtures/startup', () => {
  it.each(cases)('%s', (file) => {
    const facts = extractStartupFacts(readFileSync(path.join(FIXTURES, file)), `src/${file}`);
    const expectedFile = path.join(FIXTURES, file.replace(/\.rs$/, '.expected.json'));
    if (UPDATE) writeFileSync(expectedFile, `${JSON.stringify(facts, null, 2)}\n`);
    const expected: unknown = JSON.parse(readFileSync(expectedFile, 'utf8'));
    // Facts are cached as JSON: they must survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(facts))).toStrictEqual(facts);
    expect(facts).toEqual(expected);
  });

  it('has a fixture larger than tree-sitter’s 32 KiB default input buffer', () => {
    const sizes = cases.map((f) => readFileSync(path.join(FIXTURES, f)).length);
    expect(Math.max(...sizes)).toBeGreaterThan(40 * 1024);
  });

  it('gives the same facts for a Buffer and for its text', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'macros-and-closures.rs'));
    expect(extractStartupFacts(bytes.toString('utf8'), 'x.rs')).toEqual(extractStartupFacts(bytes, 'x.rs'));
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', '\0\0\0', 'fn main() {', 'fn main() { info!( }', '}}}}', 'fn f() { m!(=> => ;; %? a:) }', Buffer.from([0xff, 0xfe, 0x00])];
    for (const input of inputs) expect(() => extractStartupFacts(input, 'x.rs')).not.toThrow();
  });

  it('reads a touch nested in macros inside macros, on its own line', () => {
    const facts = extractStartupFacts('fn main() {\n    outer!(inner!(\n        X.inc()\n    ));\n}\n', 'x.rs');
    expect(facts.functions[0]?.statics).toEqual([{ path: ['X'], how: 'use', labelValues: false, line: 3, conditional: false }]);
  });
});
