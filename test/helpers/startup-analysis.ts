/** Builders for start-up analysis tests: crates, analysed files and metric definitions, and a status digest. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeStartup, type StartupFile } from '../../src/analyses/startup.js';
import { extractStartupFacts } from '../../src/extract/startup/extract-startup-facts.js';
import { fileModule, type CrateInfo } from '../../src/model/crate-layout.js';
import type { Holder, MetricDefinition } from '../../src/model/metric.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/startup');

const registry = (...names: string[]) => new Map(names.map((n) => [n, { packageName: n, local: false }]));
const EXTERNAL = registry('lazy_static', 'once_cell', 'prometheus', 'tokio', 'tracing', 'actix_web');

export function crate(name: string, dir: string, local: readonly string[] = []): CrateInfo {
  const dependencies = new Map(EXTERNAL);
  for (const dep of local) dependencies.set(dep, { packageName: dep, local: true });
  return { name, packageName: name, version: '0.1.0', dir, dependencies };
}

export const APP = crate('app', '');

export function file(filePath: string, source: string, crates: readonly CrateInfo[] = [APP]): StartupFile {
  return { path: filePath, module: fileModule(filePath, crates), facts: extractStartupFacts(source, filePath) };
}

export function fixture(name: string, filePath = 'src/main.rs', crates: readonly CrateInfo[] = [APP]): StartupFile {
  return file(filePath, readFileSync(path.join(FIXTURES, name), 'utf8'), crates);
}

export function metric(name: string, staticName: string | null, filePath: string, options: { holder?: Holder; vec?: boolean; crate?: string } = {}): MetricDefinition {
  return {
    name,
    kind: 'int_counter',
    vec: options.vec ?? false,
    labels: options.vec ? ['outcome'] : [],
    constLabels: {},
    help: null,
    buckets: null,
    namespace: null,
    subsystem: null,
    path: filePath,
    line: 1,
    column: 1,
    static: staticName,
    holder: options.holder ?? 'lazy_static',
    crate: options.crate ?? 'app',
    library: 'prometheus',
    registry: { kind: 'default' },
    series: [name],
    test: false,
  };
}

/** Status and label flag by metric name, for exact comparison. */
export function statuses(metrics: readonly MetricDefinition[], files: readonly StartupFile[], crates: readonly CrateInfo[] = []) {
  const result = analyzeStartup(metrics, files, crates);
  return {
    entries: Object.fromEntries(result.entries.map((e) => [e.metric.name, { ...e.status, labelValuesAtStartup: e.labelValuesAtStartup }])),
    binaries: Object.fromEntries(result.entries.map((e) => [e.metric.name, e.binaries])),
    notes: result.notes,
  };
}

