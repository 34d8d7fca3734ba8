import { describe, expect, it } from 'vitest';
import type { BlobFacts, StrExpr } from '../../src/extract/facts.js';
import { EMPTY_FACTS } from '../../src/extract/empty-facts.js';
import { crateLayout, fileModule } from '../../src/model/crate-layout.js';
import type { SourceFile } from '../../src/model/module-index.js';
import { resolveMetrics } from '../../src/model/resolve-metrics.js';
import { rawRegistration } from '../helpers/raw-registration.js';

const lit = (value: string): StrExpr => ({ kind: 'literal', value });
const constant = (...path: string[]): StrExpr => ({ kind: 'const', path });

const registration = rawRegistration;

const MANIFESTS = new Map([
  ['Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n[workspace.package]\nversion = "1.4.0"\n'],
  ['crates/app/Cargo.toml', '[package]\nname = "my-app"\nversion.workspace = true\n[dependencies]\nprometheus = "0.13"\nmetrics = { path = "../metrics" }\nshared = { path = "../shared" }\n'],
  ['crates/shared/Cargo.toml', '[package]\nname = "shared"\nversion = "0.1.0"\n'],
  ['crates/facade/Cargo.toml', '[package]\nname = "facade"\nversion = "0.1.0"\n[dependencies]\nmetrics = "0.23"\n'],
]);
const { crates } = crateLayout(MANIFESTS);

function file(path: string, facts: Partial<BlobFacts>): SourceFile {
  return { path, oid: '0'.repeat(40), module: fileModule(path, crates), facts: { ...EMPTY_FACTS, ...facts } };
}

describe('resolveMetrics', () => {
  it('resolves names through consts in other modules, use aliases, super and other workspace crates', () => {
    const files = [
      file('crates/app/src/consts.rs', { constants: [{ name: 'PREFIX', scope: [], value: lit('app'), line: 1 }] }),
      file('crates/shared/src/lib.rs', { constants: [{ name: 'SHARED', scope: ['names'], value: lit('shared_total'), line: 2 }] }),
      file('crates/app/src/metrics/mod.rs', {
        uses: [{ scope: [], path: ['crate', 'consts', 'PREFIX'], alias: 'PREFIX' }],
        registrations: [
          registration({ name: lit('requests_total'), namespace: constant('PREFIX'), subsystem: lit('http'), static: 'A' }),
          registration({ name: constant('shared', 'names', 'SHARED'), static: 'B' }),
          registration({ name: { kind: 'concat', parts: [{ kind: 'env', variable: 'CARGO_CRATE_NAME' }, lit('_v'), { kind: 'env', variable: 'CARGO_PKG_VERSION' }] }, static: 'C' }),
        ],
      }),
      file('crates/app/src/metrics/inner.rs', {
        registrations: [registration({ name: constant('super', 'super', 'consts', 'PREFIX'), static: 'D' })],
      }),
    ];
    const result = resolveMetrics(files, crates);
    expect(result.unresolved).toEqual([
      { path: 'crates/app/src/metrics/mod.rs', line: 3, column: 5, expression: 'register_int_counter!(..)', reason: '"my_app_v1.4.0" is not a valid Prometheus metric name' },
    ]);
    expect(result.metrics.map((m) => [m.name, m.static, m.crate])).toEqual([
      ['app', 'D', 'my-app'],
      ['app_http_requests_total', 'A', 'my-app'],
      ['shared_total', 'B', 'my-app'],
    ]);
  });

  it('reports what it cannot compute instead of dropping it', () => {
    const files = [
      file('crates/app/src/lib.rs', {
        registrations: [
          registration({ name: { kind: 'dynamic', expression: 'format!("{}_x", p)', reason: 'computed at run time by format!' } }),
          registration({ name: constant('MISSING'), line: 9 }),
        ],
      }),
    ];
    const result = resolveMetrics(files, crates);
    expect(result.metrics).toEqual([]);
    expect(result.unresolved.map((u) => [u.line, u.reason])).toEqual([
      [3, 'name: computed at run time by format!'],
      [9, 'name: constant MISSING not found at this ref'],
    ]);
  });

  it('decides the library from Cargo.toml: a workspace crate named metrics is not the metrics facade', () => {
    const facade = registration({ library: 'metrics', via: ['metrics', 'counter'], kind: 'counter', role: 'record', name: lit('hits'), static: null, holder: 'eager' });
    const result = resolveMetrics(
      [file('crates/app/src/lib.rs', { registrations: [facade] }), file('crates/facade/src/lib.rs', { registrations: [facade] })],
      crates,
    );
    expect(result.metrics.map((m) => [m.name, m.crate, m.series])).toEqual([['hits', 'facade', ['hits']]]);
    expect(result.warnings).toEqual([expect.stringContaining('crates/app/src/lib.rs:3: metrics::counter! looks like the metrics crate')]);
  });

  it('links a construction to a register call in another file of the same crate, and marks the rest unregistered', () => {
    const files = [
      file('crates/app/src/metrics.rs', {
        registrations: [
          registration({ via: ['IntCounter', 'new'], registry: { kind: 'unregistered' }, static: 'LINKED', name: lit('linked_total') }),
          registration({ via: ['IntCounter', 'new'], registry: { kind: 'unregistered' }, static: 'LONELY', name: lit('lonely_total') }),
        ],
      }),
      file('crates/app/src/registry.rs', {
        registerCalls: [{ target: ['crate', 'metrics', 'LINKED'], registry: { kind: 'custom', expression: 'REGISTRY' }, line: 4, scope: [] }],
        customRegistries: [{ binding: 'REGISTRY', prefix: lit('svc'), line: 2 }],
      }),
    ];
    const result = resolveMetrics(files, crates);
    expect(result.metrics.map((m) => [m.name, m.registry])).toEqual([
      ['linked_total', { kind: 'custom', expression: 'REGISTRY', prefix: 'svc' }],
      ['lonely_total', { kind: 'unregistered' }],
    ]);
  });

  it('marks metrics in tests/ and in #[cfg(test)] modules declared elsewhere as test metrics', () => {
    const files = [
      file('crates/app/src/lib.rs', { modules: [{ scope: [], name: 'testutil', inline: false, pathAttribute: null, test: true }] }),
      file('crates/app/src/testutil.rs', { registrations: [registration({ name: lit('in_test_module') })] }),
      file('crates/app/tests/it.rs', { registrations: [registration({ name: lit('in_tests_dir') })] }),
      file('crates/app/src/real.rs', { registrations: [registration({ name: lit('real'), test: false })] }),
    ];
    expect(resolveMetrics(files, crates).metrics.map((m) => [m.name, m.test])).toEqual([
      ['in_test_module', true],
      ['in_tests_dir', true],
      ['real', false],
    ]);
  });

  it('exposes histogram series and prometheus-client counter suffixes', () => {
    const files = [
      file('crates/app/src/lib.rs', {
        registrations: [
          registration({ kind: 'histogram', name: lit('latency_seconds') }),
          registration({ library: 'prometheus', kind: 'int_gauge', name: lit('queue_depth') }),
        ],
      }),
    ];
    expect(resolveMetrics(files, crates).metrics.map((m) => [m.name, m.series])).toEqual([
      ['latency_seconds', ['latency_seconds_bucket', 'latency_seconds_sum', 'latency_seconds_count']],
      ['queue_depth', ['queue_depth']],
    ]);
  });
});

describe('glob imports that import each other', () => {
  it('resolve once per module and path instead of exploring every chain (this took minutes before)', () => {
    const glob = (path: string[]) => ({ scope: [], path, alias: '*' });
    const files = [
      file('crates/app/src/main.rs', { uses: Array.from({ length: 8 }, () => [glob(['crate', 'metrics']), glob(['super'])]).flat() }),
      file('crates/app/src/metrics.rs', {
        uses: Array.from({ length: 8 }, () => glob(['crate'])),
        registrations: [registration({ name: constant('NAME') }), registration({ name: constant('crate', 'consts', 'REAL'), line: 4 })],
      }),
      file('crates/app/src/consts.rs', { constants: [{ name: 'REAL', scope: [], value: lit('real_total'), line: 1 }] }),
    ];
    const result = resolveMetrics(files, crates);
    expect(result.metrics.map((m) => m.name)).toEqual(['real_total']);
    expect(result.unresolved.map((u) => u.reason)).toEqual(['name: constant NAME not found at this ref']);
  });
});

describe('fileModule', () => {
  it('follows Cargo conventions for module paths and targets', () => {
    const at = (p: string) => {
      const m = fileModule(p, crates);
      return [m.crate?.name ?? null, m.modulePath.join('::'), m.target, m.inTestsDir];
    };
    expect(at('crates/app/src/lib.rs')).toEqual(['my_app', '', 'lib', false]);
    expect(at('crates/app/src/main.rs')).toEqual(['my_app', '', 'lib', false]);
    expect(at('crates/app/src/a/mod.rs')).toEqual(['my_app', 'a', 'lib', false]);
    expect(at('crates/app/src/a/b.rs')).toEqual(['my_app', 'a::b', 'lib', false]);
    expect(at('crates/app/src/bin/tool.rs')).toEqual(['my_app', '', 'src/bin/tool', false]);
    expect(at('crates/app/tests/it.rs')).toEqual(['my_app', '', 'tests/it', true]);
    expect(at('loose/file.rs')).toEqual([null, 'loose::file', 'lib', false]);
  });
});
