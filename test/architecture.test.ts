/**
 * CONVENTIONS §1: data flows one way. A module may import only from its own layer or layers to its
 * left; errors.ts, io.ts, version.ts and util/ are leaves anyone may use. There are no exceptions,
 * and no import loops, not even inside a layer, nor between the rooms of extract/. Type-only imports
 * count too: a type from a later layer is a dependency on that layer's world.
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
const LEAVES = new Set(['errors.ts', 'io.ts', 'version.ts', 'util']);

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

/** Groups of two or more files that import each other, directly or around a loop (Tarjan's algorithm, iterative). */
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const frames: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, index.size);
    low.set(start, index.get(start) as number);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: string; next: number };
      const targets = (graph.get(frame.node) ?? []).filter((t) => graph.has(t));
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!index.has(target)) {
          index.set(target, index.size);
          low.set(target, index.get(target) as number);
          stack.push(target);
          onStack.add(target);
          frames.push({ node: target, next: 0 });
        } else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(target) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const group: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        group.push(member);
        if (member === frame.node) break;
      }
      if (group.length > 1) groups.push(group.sort());
    }
  }
  return groups;
}

function importLoops(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [path.relative(SRC, file), importsOf(file).map((s) => path.relative(SRC, path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts')))]));
  return stronglyConnected(graph);
}

/**
 * The room of a file in extract/: its folder there (`extract/syntax`), or `extract` for the shared
 * files at the top; null outside extract/. Files can avoid loops while their rooms do not.
 */
function extractRoomOf(file: string): string | null {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts[0] !== 'extract') return null;
  return parts.length > 2 ? `extract/${parts[1] as string}` : 'extract';
}

/** Which rooms of extract/ each room imports. */
function extractRoomGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = extractRoomOf(file);
    if (from === null) continue;
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const specifier of importsOf(file)) {
      const to = extractRoomOf(path.resolve(path.dirname(file), specifier));
      if (to !== null && to !== from) targets.add(to);
    }
  }
  return new Map([...graph].map(([room, targets]) => [room, [...targets]]));
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

  it('has no import loops: every file can be read after the files it imports', () => {
    expect(importLoops(sourceFiles(SRC))).toEqual([]);
  });

  it('has no loops between the rooms of extract/: syntax, registrations, startup, pool and the shared files', () => {
    const rooms = extractRoomGraph(sourceFiles(SRC));
    expect([...rooms.keys()]).toEqual(expect.arrayContaining(['extract/syntax', 'extract/registrations', 'extract/startup', 'extract/pool']));
    expect(stronglyConnected(rooms)).toEqual([]);
  });

  it('finds a loop when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(stronglyConnected(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('sees every kind of import it checks', () => {
    expect(importsOf(path.join(SRC, 'program.ts')).some((s) => s.startsWith('./commands/'))).toBe(true);
    expect(importsOf(path.join(SRC, 'history', 'provenance-index.ts'))).toContain('./index-builder.js');
  });
});
