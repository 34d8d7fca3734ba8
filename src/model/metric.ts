/** The Prometheus semantics of a metric definition, independent of how it was found in Rust code. */

export type MetricKind =
  | 'counter'
  | 'int_counter'
  | 'gauge'
  | 'int_gauge'
  | 'histogram'
  | 'summary'
  | 'untyped';

/** How the Rust value holding the metric is initialised; everything but `eager` registers on first dereference. */
export type Holder = 'lazy_static' | 'once_cell::Lazy' | 'LazyLock' | 'OnceLock' | 'eager';

/** Which client library defines the metric; it decides the exposed sample names. */
export type MetricLibrary = 'prometheus' | 'metrics' | 'prometheus-client';

/** Where the metric is registered: the default registry, a named registry expression, or nowhere. */
export type RegistryRef =
  | { readonly kind: 'default' }
  | { readonly kind: 'custom'; readonly expression: string; readonly prefix: string | null }
  | { readonly kind: 'unregistered' };

/** A metric as it is exposed, resolved at one ref. */
export interface MetricDefinition {
  readonly name: string;
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly labels: readonly string[];
  readonly constLabels: Readonly<Record<string, string>>;
  readonly help: string | null;
  readonly buckets: readonly number[] | null;
  readonly namespace: string | null;
  readonly subsystem: string | null;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly static: string | null;
  readonly holder: Holder;
  readonly crate: string | null;
  readonly library: MetricLibrary;
  readonly registry: RegistryRef;
  /** Exposed sample names, e.g. `x_bucket`, `x_sum`, `x_count` for a histogram. */
  readonly series: readonly string[];
  readonly test: boolean;
}

/** A registration whose name could not be computed statically: never dropped, reported instead. */
export interface UnresolvedRegistration {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly expression: string;
  readonly reason: string;
}
