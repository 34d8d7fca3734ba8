/**
 * CONVENTIONS §1: data flows one way. A module may import only from its own layer or layers to its
 * left; errors.ts, io.ts, version.ts and util/ are leaves anyone may use, and so is model/metric.ts,
 * the vocabulary of metric kinds and definitions (types only; the extractor names kinds with it).
 * Type-only imports count too: a type from a later layer is a dependency on that layer's world.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Left to right. Inputs share the first rank; bench and demo are tools built on the whole CLI. */
const LAYERS: readonly (readonly string[])[] = [
  ['git', 'dashboards'],
  ['extract'],
  ['cache'],
  ['model'],
  ['history'],
  ['analyses'],
  ['render'],
  ['commands'],
  ['program.ts'],
  ['cli.ts'],
  ['bench', 'demo'],
];
const LEAVES = new Set(['errors.ts', 'io.ts', 'version.ts', 'util', path.join('model', 'metric.ts')]);

function layerOf(file: string): number | 'leaf' {
  const relative = path.relative(SRC, file);
  const top = relative.split(path.sep)[0] as string;
  if (LEAVES.has(top) || LEAVES.has(relative)) return 'leaf';
  const rank = LAYERS.findIndex((names) => names.includes(top));
  if (rank < 0) throw new Error(`${path.relative(SRC, file)} is in no layer: add its directory to LAYERS`);
  return rank;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative specifiers of static imports, `export ... from`, and dynamic `import()`. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)];
  return found.map((m) => m[1] ?? m[2] ?? m[3]).filter((s): s is string => s !== undefined && s.startsWith('.'));
}

describe('architecture', () => {
  it('every import goes with the flow: git/dashboards → extract → cache → model → history → analyses → render → commands → program → cli', () => {
    const violations: string[] = [];
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const from = layerOf(file);
      for (const specifier of importsOf(file)) {
        const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
        const to = layerOf(target);
        if (from === 'leaf' ? to !== 'leaf' : to !== 'leaf' && to > from) {
          violations.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, target)}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the metric vocabulary a leaf: it imports nothing', () => {
    expect(importsOf(path.join(SRC, 'model', 'metric.ts'))).toEqual([]);
  });

  it('sees every kind of import it checks', () => {
    expect(importsOf(path.join(SRC, 'program.ts')).some((s) => s.startsWith('./commands/'))).toBe(true);
    expect(importsOf(path.join(SRC, 'history', 'provenance-index.ts'))).toContain('./index-builder.js');
  });
});
