/** The Prometheus semantics of a metric definition, independent of how it was found in Rust code. */

export type { Holder, MetricKind, MetricLibrary } from '../extract/metric-kinds.js';
import type { Holder, MetricKind, MetricLibrary } from '../extract/metric-kinds.js';

/** Where the metric is registered: the default registry, a named registry expression, or nowhere. */
export type RegistryRef =
  | { readonly kind: 'default' }
  | { readonly kind: 'custom'; readonly expression: string; readonly prefix: string | null }
  | { readonly kind: 'unregistered' };

/** A metric as it is exposed, resolved at one ref. */
export interface MetricDefinition {
  /** The name a scrape shows (for the `metrics` facade, after the exporter's rewriting). */
  readonly name: string;
  /** The name as written in the code, when the exporter exposes it under another one (`db.query.count`). */
  readonly writtenName?: string;
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly labels: readonly string[];
  readonly constLabels: Readonly<Record<string, string>>;
  readonly help: string | null;
  /** Explicit buckets; null for the library default, or when `bucketsNotComputed` says they could not be computed. */
  readonly buckets: readonly number[] | null;
  /** Explicit buckets whose values could not be computed statically, as written (`buckets_from_config()`); absent otherwise. */
  readonly bucketsNotComputed?: string;
  readonly namespace: string | null;
  readonly subsystem: string | null;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly static: string | null;
  readonly holder: Holder;
  /**
   * Where it is registered, when that is a register call in a once-initialiser apart from where it is
   * built (a custom `Collector` registered in `Once::call_once`): `holder` and `static` are that call's.
   */
  readonly registeredAt?: { readonly path: string; readonly line: number };
  readonly crate: string | null;
  readonly library: MetricLibrary;
  readonly registry: RegistryRef;
  /** Exposed sample names, e.g. `x_bucket`, `x_sum`, `x_count` for a histogram. */
  readonly series: readonly string[];
  readonly test: boolean;
}

/** The file whose static holds the metric's registration: where it is registered, when that is apart from where it is built. */
export function holderPath(metric: Pick<MetricDefinition, 'path' | 'registeredAt'>): string {
  return metric.registeredAt?.path ?? metric.path;
}

/** A registration whose name could not be computed statically: never dropped, reported instead. */
export interface UnresolvedRegistration {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly expression: string;
  readonly reason: string;
}
