import { describe, expect, it } from 'vitest';
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
