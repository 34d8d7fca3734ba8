import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../helpers/fixture-cases.js';
import { extractStartupFacts } from '../../src/extract/startup/extract-startup-facts.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/startup');
describe('extractStartupFacts on fixtures/startup', () => {
  fixtureCases(FIXTURES, extractStartupFacts);

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
    expect(facts.functions[0]?.statics).toEqual([{ path: ['X'], how: 'use', labelValues: false, line: 3, conditional: false, errorPath: false }]);
  });
});
