/** The small structures start-up analysis is built on: the crate graph, derived statics and the start-up key. */
import { describe, expect, it } from 'vitest';
import { CrateGraph, crateKeyOf } from '../../src/analyses/crate-graph.js';
import { DerivedStatics } from '../../src/analyses/derived-statics.js';
import { startupKey } from '../../src/analyses/startup-status.js';
import type { CrateInfo, DependencyInfo } from '../../src/model/crate-layout.js';

function crate(name: string, dir: string, local: readonly string[] = [], external: readonly string[] = []): CrateInfo {
  const dependencies = new Map<string, DependencyInfo>([...local.map((d) => [d, { packageName: d, local: true }] as const), ...external.map((d) => [d, { packageName: d, local: false }] as const)]);
  return { name: name.replace(/-/g, '_'), packageName: name, version: '0.1.0', dir, dependencies };
}

describe('CrateGraph', () => {
  const graph = new CrateGraph();
  for (const c of [crate('app', 'bin/app', ['core-lib']), crate('core-lib', 'crates/core', ['util'], ['prometheus']), crate('util', 'crates/util'), crate('other', 'crates/other')]) graph.add(c);

  it('finds crates by Rust name and package name', () => {
    expect(graph.named('core_lib')?.dir).toBe('crates/core');
    expect(graph.ofPackage('core-lib')?.dir).toBe('crates/core');
    expect(graph.named('core-lib')).toBeUndefined();
    expect([...graph.all()].map((c) => c.name)).toEqual(['app', 'core_lib', 'util', 'other']);
  });

  it('reaches itself and its local dependencies transitively, by directory key; never external crates or unrelated ones', () => {
    expect(graph.reaches('bin/app', 'bin/app')).toBe(true);
    expect(graph.reaches('bin/app', 'crates/util')).toBe(true);
    expect(graph.reaches('crates/util', 'bin/app')).toBe(false);
    expect(graph.reaches('bin/app', 'crates/other')).toBe(false);
    expect(graph.reaches('?', 'crates/util')).toBe(false);
    expect([crateKeyOf(null), crateKeyOf(crate('x', ''))]).toEqual(['?', '']);
  });
});

describe('DerivedStatics', () => {
  it('every static a static forces, transitively, itself left out, through cycles', () => {
    const derived = new DerivedStatics();
    derived.add('c|SQL', 'c|QUERY');
    derived.add('c|QUERY', 'c|BASE');
    derived.add('c|BASE', 'c|SQL');
    derived.add('c|SELF', 'c|SELF');
    expect(derived.parentsOf('c|SQL')).toEqual(['c|QUERY', 'c|BASE']);
    expect(derived.parentsOf('c|SELF')).toEqual([]);
    expect(derived.parentsOf('c|NONE')).toEqual([]);
    derived.add('c|OTHER', 'c|SQL');
    expect(derived.parentsOf('c|OTHER')).toEqual(['c|SQL', 'c|QUERY', 'c|BASE']);
  });
});

describe('startupKey', () => {
  it('name, path and line: the same metric at another line is another entry', () => {
    expect(startupKey({ name: 'x_total', path: 'src/m.rs', line: 4 })).toBe('x_total|src/m.rs|4');
  });
});
