import { describe, expect, it } from 'vitest';
import { extractBlob } from '../../src/extract/registrations/extract-blob.js';
import { crateLayout, fileModule } from '../../src/model/crate-layout.js';
import { exposedFacadeName, facadeNameRule, type FacadeNameRule } from '../../src/model/facade-naming.js';
import type { SourceFile } from '../../src/model/module-index.js';
import { resolveMetrics } from '../../src/model/resolve-metrics.js';

describe('exposedFacadeName', () => {
  // The current cases are metrics-exporter-prometheus's own (formatting.rs, test_sanitize_metric_name_known_cases).
  it.each<[FacadeNameRule, string, string]>([
    ['exporter-0.10', 'db.query.count', 'db_query_count'],
    ['exporter-0.10', 'foo1:bar2', 'foo1:bar2'],
    ['exporter-0.10', '1foobar', '_foobar'],
    ['exporter-0.10', '123', '_23'],
    ['exporter-0.10', '*', '_'],
    ['exporter-0.10', 'grpc/latency µs', 'grpc_latency__s'],
    ['exporter-0.10', 's3.reads', 's3_reads'],
    // 0.8–0.9: `replacen(invalid_start, "_", 1)` replaces the first digit too, wherever it is.
    ['exporter-0.8', 's3.reads', 's__reads'],
    ['exporter-0.8', 'db.query.count', 'db_query_count'],
    // 0.5–0.7: Unicode letters stay, and nothing special about the first character.
    ['exporter-0.5', 'größe.bytes', 'größe_bytes'],
    ['exporter-0.5', '1foobar', '1foobar'],
    // 0.1–0.4: only . = { } + - are replaced.
    ['exporter-0.1', 'db.query-count', 'db_query_count'],
    ['exporter-0.1', 'grpc/latency', 'grpc/latency'],
  ])('%s exposes %j as %j', (rule, written, exposed) => {
    expect(exposedFacadeName(written, rule)).toBe(exposed);
  });
});

const manifests = (exporter: string | null, own = false): Map<string, string> =>
  new Map([
    ['Cargo.toml', `[workspace]\nmembers = ["crates/*"]\n[workspace.dependencies]\nmetrics = "0.20"\n${exporter === null ? '' : `metrics-exporter-prometheus = { version = "${exporter}" }\n`}`],
    ['crates/db/Cargo.toml', `[package]\nname = "db"\nversion = "0.1.0"\n[dependencies]\nmetrics.workspace = true\n${own && exporter !== null ? 'metrics-exporter-prometheus.workspace = true\n' : ''}`],
    ['crates/server/Cargo.toml', `[package]\nname = "server"\nversion = "0.1.0"\n[dependencies]\ndb = { path = "../db" }\n${exporter === null ? '' : 'metrics-exporter-prometheus = { workspace = true }\n'}`],
  ]);

describe('facadeNameRule', () => {
  it.each<[string | null, boolean, FacadeNameRule]>([
    ['0.12.1', true, 'exporter-0.10'],
    ['=0.9.0', false, 'exporter-0.8'],
    ['~0.7', false, 'exporter-0.5'],
    ['0.4', false, 'exporter-0.1'],
    [null, false, 'exporter-0.10'],
  ])('exporter %s (in the crate itself: %s) → %s', (exporter, own, rule) => {
    const { crates } = crateLayout(manifests(exporter, own));
    const db = crates.find((c) => c.name === 'db') ?? null;
    expect(facadeNameRule(db, crates)).toBe(rule);
  });

  it('reads the requirement inherited from the workspace', () => {
    const { crates } = crateLayout(manifests('0.11'));
    expect(crates.find((c) => c.name === 'server')?.dependencies.get('metrics_exporter_prometheus')).toEqual({ packageName: 'metrics-exporter-prometheus', local: false, version: '0.11' });
    expect(crates.find((c) => c.name === 'db')?.dependencies.get('metrics')).toEqual({ packageName: 'metrics', local: false, version: '0.20' });
  });
});

describe('resolveMetrics on the metrics facade 0.x', () => {
  const source = [
    'use metrics::{increment_counter, describe_counter};',
    'pub const QUERIES: &str = "db.query.count";',
    'pub fn run() {',
    '    describe_counter!(QUERIES, "Queries run.");',
    '    increment_counter!(QUERIES, "table" => "t");',
    '    increment_counter!("s3.reads");',
    '    increment_counter!("grpc/latency");',
    '}',
  ].join('\n');

  function resolveWith(exporter: string): ReturnType<typeof resolveMetrics> {
    const { crates } = crateLayout(manifests(exporter));
    const path = 'crates/db/src/lib.rs';
    const file: SourceFile = { path, oid: '0'.repeat(40), module: fileModule(path, crates), facts: extractBlob(source, path) };
    return resolveMetrics([file], crates);
  }

  it('exposes dotted names as the exporter does and keeps the written name', () => {
    const result = resolveWith('0.12');
    expect(result.metrics.map((m) => [m.name, m.writtenName, m.help, m.labels])).toEqual([
      ['db_query_count', 'db.query.count', 'Queries run.', ['table']],
      ['grpc_latency', 'grpc/latency', null, []],
      ['s3_reads', 's3.reads', null, []],
    ]);
    expect(result.unresolved).toEqual([]);
  });

  it('follows the exporter version where the rules differ', () => {
    const result = resolveWith('0.3');
    expect(result.metrics.map((m) => m.name)).toEqual(['db_query_count', 's3_reads']);
    expect(result.unresolved.map((u) => u.reason)).toEqual(['"grpc/latency" is not a valid Prometheus metric name']);
    expect(resolveWith('0.9').metrics.map((m) => m.name)).toEqual(['db_query_count', 'grpc_latency', 's__reads']);
  });
});
