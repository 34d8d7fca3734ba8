/**
 * Metrics that a Rust dependency registers itself, so the analysed code never names them: a dashboard
 * panel on `opendal_*` reads what opendal's `PrometheusLayer` exports, not an undefined metric.
 */

/** A crate known to export metrics under fixed name prefixes. */
export interface MetricExporter {
  /** The Cargo package name, as in `Cargo.lock` (`raft-engine`); compared with `-` and `_` as equal. */
  readonly crate: string;
  readonly prefixes: readonly string[];
  /** Where the prefixes come from: the crate's source or docs, or `provenance.json`. */
  readonly source: string;
}

/**
 * Kept small on purpose: only crates whose default names were checked in their own source or docs.
 * Names a user renamed (a custom prefix, a compile-time environment variable) need `provenance.json`.
 */
export const KNOWN_EXPORTERS: readonly MetricExporter[] = [
  {
    crate: 'opendal',
    prefixes: ['opendal_'],
    // PrometheusLayer, PrometheusClientLayer and MetricsLayer all default to `opendal_` (core/src/layers/observe/metrics.rs).
    source: 'opendal core/src/layers: every metrics layer names its metrics opendal_*',
  },
  {
    crate: 'raft-engine',
    // `tikv_raftengine_` is what its early versions used, before the rename to `raft_engine_`.
    prefixes: ['raft_engine_', 'tikv_raftengine_'],
    source: 'raft-engine src/metrics.rs',
  },
  {
    crate: 'axum-prometheus',
    prefixes: ['axum_http_'],
    source: 'axum-prometheus docs: axum_http_requests_total, _duration_seconds, _pending by default',
  },
  {
    crate: 'tokio-metrics-collector',
    prefixes: ['tokio_'],
    source: 'tokio-metrics-collector src/runtime.rs and src/task.rs, with the default empty namespace',
  },
];

/** What the deployed ref builds with, as far as its `Cargo.lock` and manifests say. */
export interface DependencyInventory {
  /** Registry and git packages of `Cargo.lock`; without a lock, the manifests' direct dependencies. */
  readonly packages: readonly string[];
  /** Direct, non-path dependencies of the repository's own crates. */
  readonly direct: readonly string[];
  /** The catalogue above plus the `exporters` of `provenance.json`. */
  readonly exporters: readonly MetricExporter[];
}

export interface DependencyMetric {
  readonly crate: string;
  readonly reason: string;
}

const crateKey = (name: string): string => name.replace(/-/g, '_');

/**
 * The dependency a metric name comes from, or `undefined`. A catalogued exporter wins; otherwise a
 * direct dependency whose crate name is the name's prefix (`raft_engine_` for raft-engine). The name
 * rule is limited to direct dependencies: a lock file holds hundreds of transitive crates with names
 * such as `http` or `time`, which would claim far too many names.
 */
export function dependencyMetricOf(name: string, inventory: DependencyInventory): DependencyMetric | undefined {
  const packages = new Set(inventory.packages.map(crateKey));
  let best: { exporter: MetricExporter; prefix: string } | undefined;
  for (const exporter of inventory.exporters) {
    if (!packages.has(crateKey(exporter.crate))) continue;
    for (const prefix of exporter.prefixes) {
      if (name.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { exporter, prefix };
    }
  }
  if (best) return { crate: best.exporter.crate, reason: `from dependency ${best.exporter.crate} (it exports ${best.prefix}* metrics)` };

  let named: string | undefined;
  for (const dependency of inventory.direct) {
    const prefix = `${crateKey(dependency)}_`;
    if (name.length > prefix.length && name.startsWith(prefix) && (!named || dependency.length > named.length)) named = dependency;
  }
  return named === undefined ? undefined : { crate: named, reason: `from dependency ${named} (the metric is named after the crate)` };
}
