import { describe, expect, it } from 'vitest';
import { dependencyMetricOf, KNOWN_EXPORTERS, type DependencyInventory } from '../../src/dashboards/dependency-exporters.js';
import { lockedPackages } from '../../src/model/cargo-lock.js';
import { parseExporterConfig } from '../../src/model/exporter-config.js';

const inventory = (packages: string[], direct: string[] = [], exporters = KNOWN_EXPORTERS): DependencyInventory => ({ packages, direct, exporters });

describe('dependencyMetricOf', () => {
  it('a catalogued exporter among the packages claims its prefixes; one not among them does not', () => {
    const deps = inventory(['opendal', 'raft-engine', 'tokio']);
    expect(dependencyMetricOf('opendal_operation_duration_seconds_bucket', deps)?.reason).toBe('from dependency opendal (it exports opendal_* metrics)');
    expect(dependencyMetricOf('raft_engine_write_duration_seconds_count', deps)?.crate).toBe('raft-engine');
    expect(dependencyMetricOf('axum_http_requests_total', deps)).toBeUndefined();
    expect(dependencyMetricOf('app_requests_total', deps)).toBeUndefined();
  });

  it('the crate-name rule takes only direct dependencies, the longest name first, and never the bare crate name', () => {
    const deps = inventory(['raft', 'raft-log', 'http'], ['raft', 'raft-log'], []);
    expect(dependencyMetricOf('raft_log_appends_total', deps)?.reason).toBe('from dependency raft-log (the metric is named after the crate)');
    expect(dependencyMetricOf('raft_ticks_total', deps)?.crate).toBe('raft');
    expect(dependencyMetricOf('http_requests_total', deps)).toBeUndefined();
    expect(dependencyMetricOf('raft_', deps)).toBeUndefined();
  });

  it('package names compare with - and _ alike', () => {
    expect(dependencyMetricOf('raft_engine_x', inventory(['raft_engine']))?.crate).toBe('raft-engine');
  });
});

describe('lockedPackages', () => {
  it('lists registry and git packages, not the workspace own path packages', () => {
    const lock = [
      '[[package]]\nname = "app"\nversion = "0.1.0"',
      '[[package]]\nname = "opendal"\nversion = "0.45.1"\nsource = "registry+https://github.com/rust-lang/crates.io-index"',
      '[[package]]\nname = "raft-engine"\nversion = "0.4.2"\nsource = "git+https://github.com/tikv/raft-engine.git#abc"',
    ].join('\n\n');
    expect(lockedPackages(lock, 'Cargo.lock')).toEqual({ packages: ['opendal', 'raft-engine'], warning: null });
  });

  it('an unreadable lock is a warning, not an exception', () => {
    expect(lockedPackages('[[package]\nname=', 'Cargo.lock at main').warning).toMatch(/^Cargo\.lock at main: not valid TOML/);
  });
});

describe('parseExporterConfig', () => {
  it('reads exporters and leaves other fields alone', () => {
    const text = JSON.stringify({ wrappers: [], exporters: [{ crate: 'vendor-store', prefixes: ['vendor_', 'vs:'] }] });
    expect(parseExporterConfig(text, 'provenance.json')).toEqual([{ crate: 'vendor-store', prefixes: ['vendor_', 'vs:'], source: 'provenance.json' }]);
    expect(parseExporterConfig('{}', 'provenance.json')).toEqual([]);
  });

  it.each([
    ['[]', 'provenance.json: must hold a JSON object'],
    ['{"exporters": [1]}', 'provenance.json: exporters[0] must be an object like {"crate": "opendal", "prefixes": ["opendal_"]}'],
    ['{"exporters": [{"crate": "x", "prefixes": []}]}', 'provenance.json: exporters[0].prefixes must be a non-empty array of metric name prefixes such as ["x_"], got []'],
    ['{"exporters": [{"prefixes": ["x_"]}]}', 'provenance.json: exporters[0].crate must be a Cargo package name such as "raft-engine", got nothing'],
  ])('%s is one clear error', (text, message) => {
    expect(() => parseExporterConfig(text, 'provenance.json')).toThrow(message);
  });
});
