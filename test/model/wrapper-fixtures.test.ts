import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractBlob } from '../../src/extract/registrations/extract-blob.js';
import { crateLayout, fileModule } from '../../src/model/crate-layout.js';
import type { SourceFile } from '../../src/model/module-index.js';
import { resolveMetrics } from '../../src/model/resolve-metrics.js';
import { CONFIG_PATH, NO_WRAPPER_CONFIG, parseWrapperConfig } from '../../src/model/wrapper-config.js';
import { describeWrapper } from '../../src/model/wrapper-set.js';

/**
 * One directory per wrapper shape under fixtures/wrappers: a small tree (Cargo.toml, .rs files,
 * maybe provenance.json) and expected.json with the exact metrics it registers. UPDATE_FIXTURES=1
 * rewrites the expected files; review every change by hand, they are the spec.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/wrappers');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      const relative = prefix === '' ? name : `${prefix}/${name}`;
      return statSync(full).isDirectory() ? filesUnder(full, relative) : [relative];
    });
}

function resolveTree(dir: string) {
  const files = filesUnder(dir).filter((f) => f !== 'expected.json');
  const manifests = new Map(files.filter((f) => f.endsWith('Cargo.toml')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  const layout = crateLayout(manifests);
  const sources: SourceFile[] = files
    .filter((f) => f.endsWith('.rs'))
    .map((f) => ({ path: f, oid: f, facts: extractBlob(readFileSync(path.join(dir, f)), f), module: fileModule(f, layout.crates) }));
  const config = files.includes(CONFIG_PATH) ? parseWrapperConfig(readFileSync(path.join(dir, CONFIG_PATH), 'utf8'), CONFIG_PATH) : NO_WRAPPER_CONFIG;
  const resolved = resolveMetrics(sources, layout.crates, config);
  return {
    metrics: resolved.metrics.map((m) => ({
      name: m.name,
      kind: m.vec ? `${m.kind} vec(${m.labels.join(', ')})` : m.kind,
      help: m.help,
      at: `${m.path}:${m.line}:${m.column}`,
      static: m.static,
      holder: m.holder,
      crate: m.crate,
      ...(m.namespace === null ? {} : { namespace: m.namespace }),
      ...(m.subsystem === null ? {} : { subsystem: m.subsystem }),
      ...(m.buckets === null ? {} : { buckets: m.buckets }),
      ...(m.registry.kind === 'default' ? {} : { registry: m.registry.kind === 'custom' ? m.registry.expression : 'UNREGISTERED' }),
    })),
    unresolved: resolved.unresolved.map((u) => ({ at: `${u.path}:${u.line}:${u.column}`, reason: u.reason })),
    wrappers: resolved.wrappers.map(({ wrapper, registrations, unresolved }) => ({
      wrapper: wrapper.label,
      origin: wrapper.origin,
      at: wrapper.path === null ? null : `${wrapper.path}:${wrapper.line ?? '?'}`,
      registers: describeWrapper(wrapper),
      registrations,
      unresolved,
    })),
    warnings: [...layout.warnings, ...resolved.warnings, ...sources.flatMap((s) => s.facts.diagnostics.map((d) => `${s.path}:${d.line}: ${d.message}`))],
  };
}

const shapes = readdirSync(ROOT)
  .filter((name) => statSync(path.join(ROOT, name)).isDirectory())
  .sort();

describe('wrapper shapes in fixtures/wrappers', () => {
  it.each(shapes)('%s', (shape) => {
    const dir = path.join(ROOT, shape);
    const actual = resolveTree(dir);
    const expectedFile = path.join(dir, 'expected.json');
    if (UPDATE) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});
