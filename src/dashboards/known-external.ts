/** Well-known metric names that come from Prometheus, exporters or client-library collectors, not from application code. */

export type ExternalSource =
  | 'prometheus-scrape'
  | 'prometheus-rules'
  | 'prometheus-server'
  | 'process-collector'
  | 'go-runtime'
  | 'node-exporter'
  | 'kube-state-metrics'
  | 'cadvisor';

export interface ExternalMetric {
  readonly name: string;
  readonly source: ExternalSource;
  readonly reason: string;
}

/** What the Rust `prometheus` crate's process collector (feature `process`, Linux only) exposes. */
export const RUST_PROCESS_COLLECTOR_METRICS: readonly string[] = [
  'process_cpu_seconds_total',
  'process_open_fds',
  'process_max_fds',
  'process_virtual_memory_bytes',
  'process_virtual_memory_max_bytes',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'process_threads',
];

const EXACT: Readonly<Record<string, { source: ExternalSource; reason: string }>> = {
  up: { source: 'prometheus-scrape', reason: 'synthesised by Prometheus for every scrape target' },
  ALERTS: { source: 'prometheus-rules', reason: 'written by the Prometheus rule manager for pending and firing alerts' },
  ALERTS_FOR_STATE: { source: 'prometheus-rules', reason: 'written by the Prometheus rule manager to restore alert state' },
};

const PREFIXES: readonly { readonly prefix: string; readonly source: ExternalSource; readonly reason: string }[] = [
  { prefix: 'scrape_', source: 'prometheus-scrape', reason: 'synthesised by Prometheus for every scrape' },
  { prefix: 'prometheus_', source: 'prometheus-server', reason: "the Prometheus server's own metrics" },
  { prefix: 'go_', source: 'go-runtime', reason: 'the Go runtime collector of a Go program (Prometheus, an exporter), not Rust code' },
  { prefix: 'node_', source: 'node-exporter', reason: 'exposed by node_exporter' },
  { prefix: 'kube_', source: 'kube-state-metrics', reason: 'exposed by kube-state-metrics' },
  { prefix: 'container_', source: 'cadvisor', reason: 'exposed by cAdvisor (the kubelet)' },
  { prefix: 'machine_', source: 'cadvisor', reason: 'exposed by cAdvisor (the kubelet)' },
];

/** Why `name` does not come from application code, or `undefined` when it may. */
export function externalMetric(name: string): ExternalMetric | undefined {
  const exact = EXACT[name];
  if (exact !== undefined) return { name, ...exact };
  if (name.startsWith('process_')) {
    const reason = RUST_PROCESS_COLLECTOR_METRICS.includes(name)
      ? "exposed by the prometheus crate's process collector (feature `process`, Linux only), not registered by application code"
      : 'process_* is the standard process-collector namespace of client libraries, not application code';
    return { name, source: 'process-collector', reason };
  }
  for (const { prefix, source, reason } of PREFIXES) {
    if (name.startsWith(prefix)) return { name, source, reason };
  }
  return undefined;
}

export function isExternalMetric(name: string): boolean {
  return externalMetric(name) !== undefined;
}
