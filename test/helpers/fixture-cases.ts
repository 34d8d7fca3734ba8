import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

/**
 * One test per `*.rs` file of a fixture directory, comparing the extractor's output with the
 * `*.expected.json` beside it. UPDATE_FIXTURES=1 rewrites the expected files; review every change
 * by hand, they are the spec. Returns the fixture file names.
 */
export function fixtureCases(dir: string, extract: (bytes: Buffer, path: string) => unknown): string[] {
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.rs'))
    .sort();
  it.each(cases)('%s', (file) => {
    const facts = extract(readFileSync(path.join(dir, file)), `src/${file}`);
    const expectedFile = path.join(dir, file.replace(/\.rs$/, '.expected.json'));
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedFile, `${JSON.stringify(facts, null, 2)}\n`);
    const expected: unknown = JSON.parse(readFileSync(expectedFile, 'utf8'));
    // Facts are cached as JSON: they must survive a round trip unchanged (no undefined, no classes).
    expect(JSON.parse(JSON.stringify(facts))).toStrictEqual(facts);
    expect(facts).toEqual(expected);
  });
  it('has a fixture larger than tree-sitter’s 32 KiB default input buffer', () => {
    const sizes = cases.map((f) => readFileSync(path.join(dir, f)).length);
    expect(Math.max(...sizes)).toBeGreaterThan(40 * 1024);
  });
  return cases;
}
