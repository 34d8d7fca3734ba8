import { describe, expect, it } from 'vitest';
import { extractBlob } from '../../src/extract/registrations/extract-blob.js';
import { crateLayout, fileModule } from '../../src/model/crate-layout.js';
import type { SourceFile } from '../../src/model/module-index.js';
import { resolveMetrics } from '../../src/model/resolve-metrics.js';

const MANIFESTS = new Map([
  ['Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n'],
  ['crates/store/Cargo.toml', '[package]\nname = "store"\nversion = "0.1.0"\n[dependencies]\nprometheus = "0.13"\n'],
  ['crates/server/Cargo.toml', '[package]\nname = "server"\nversion = "0.1.0"\n[dependencies]\nprometheus = "0.13"\nstore = { path = "../store" }\n'],
  ['crates/other/Cargo.toml', '[package]\nname = "other"\nversion = "0.1.0"\n[dependencies]\nprometheus = "0.13"\n'],
]);
const { crates } = crateLayout(MANIFESTS);

const COLLECTOR = [
  'use prometheus::{IntGauge, IntGaugeVec, Opts};',
  'pub struct StoreCollector { items: IntGaugeVec }',
  'impl StoreCollector {',
  '    pub fn new() -> Self {',
  '        let items = IntGaugeVec::new(Opts::new("store_items", "Items."), &["kind"]).unwrap();',
  '        Self { items }',
  '    }',
  '}',
  'pub fn orphan() -> IntGauge { IntGauge::new("store_orphan", "Never registered.").unwrap() }',
].join('\n');

function file(path: string, source: string): SourceFile {
  return { path, oid: '0'.repeat(40), module: fileModule(path, crates), facts: extractBlob(source, path) };
}

describe('a custom Collector registered elsewhere', () => {
  it('is registered by the crate that builds it in Box::new(Type::new()), at the time of its Once', () => {
    const server = [
      'use std::sync::Once;',
      'static REGISTER_COLLECTOR: Once = Once::new();',
      'pub fn render_metrics() -> String {',
      '    REGISTER_COLLECTOR.call_once(|| {',
      '        prometheus::register(Box::new(store::StoreCollector::new())).unwrap();',
      '    });',
      '    String::new()',
      '}',
    ].join('\n');
    const result = resolveMetrics([file('crates/store/src/lib.rs', COLLECTOR), file('crates/server/src/main.rs', server)], crates);
    expect(result.metrics.map((m) => [m.name, m.registry.kind, m.holder, m.static, m.registeredAt ?? null])).toEqual([
      ['store_items', 'default', 'Once', 'REGISTER_COLLECTOR', { path: 'crates/server/src/main.rs', line: 5 }],
      ['store_orphan', 'unregistered', 'eager', null, null],
    ]);
  });

  it('keeps the holder of an eager registration, and ignores a crate that does not depend on the collector', () => {
    const eager = 'pub fn main() { let registry = prometheus::Registry::new(); registry.register(Box::new(store::StoreCollector::new())).unwrap(); }';
    const unrelated = 'pub fn f() { prometheus::register(Box::new(StoreCollector::new())).unwrap(); }';
    const linked = resolveMetrics([file('crates/store/src/lib.rs', COLLECTOR), file('crates/server/src/main.rs', eager)], crates);
    expect(linked.metrics.find((m) => m.name === 'store_items')).toMatchObject({ registry: { kind: 'custom', expression: 'registry' }, holder: 'eager', static: 'items' });
    expect(linked.metrics.find((m) => m.name === 'store_items')?.registeredAt).toBeUndefined();
    const other = resolveMetrics([file('crates/store/src/lib.rs', COLLECTOR), file('crates/other/src/lib.rs', unrelated)], crates);
    expect(other.metrics.find((m) => m.name === 'store_items')?.registry.kind).toBe('unregistered');
  });
});
