import { describe, expect, it } from 'vitest';
import { extractStartupFacts } from '../../src/extract/startup-facts.js';
import { file, metric, statuses } from '../helpers/startup-analysis.js';

describe('input-controlled depth does not overflow the stack', () => {
  it('a call chain of 3,000 functions from main: startup follows it to the end', () => {
    const depth = 3000;
    const lines = ['fn main() {', '    f0();', '}'];
    for (let i = 0; i < depth; i++) lines.push(`fn f${i}() {`, i === depth - 1 ? '    DEEP.inc();' : `    f${i + 1}();`, '}');
    const result = statuses([metric('deep_total', 'DEEP', 'src/main.rs')], [file('src/main.rs', `${lines.join('\n')}\n`)]);
    const status = result.entries['deep_total'];
    expect(status?.kind).toBe('forced');
    if (status?.kind !== 'forced') return;
    expect(status.chain).toHaveLength(depth + 1);
    expect(status.chain[depth]).toBe(`f${depth - 1}`);
    expect(status.site.line).toBe(3 + 3 * depth - 1);
  });
});

describe('a file of deeply nested brackets', () => {
  it('start-up extraction declines it at once with a warning instead of building a huge tree', () => {
    const depth = 900_000;
    const text = `fn main() {\n${'{'.repeat(depth)}X.inc();${'}'.repeat(depth)}\n}\n`;
    const started = Date.now();
    const facts = extractStartupFacts(text, 'src/main.rs');
    expect(facts.functions).toEqual([]);
    expect(facts.diagnostics).toEqual([
      { severity: 'warning', line: 1, column: 1, message: `brackets nested ${depth + 2} deep (more than 2000); start-up paths through this file are not followed` },
    ]);
    // A hang bound: building the tree took 20 s and 1.7 GB.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
