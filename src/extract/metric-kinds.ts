/** The words for a metric that Rust code already decides: its kind, its holder and its library. */

export type MetricKind =
  | 'counter'
  | 'int_counter'
  | 'gauge'
  | 'int_gauge'
  | 'histogram'
  | 'summary'
  | 'untyped';

/**
 * How the Rust value holding the metric is initialised; everything but `eager` registers on first
 * dereference. `Once` is a registration inside `std::sync::Once::call_once(|| ..)`: it happens when
 * the code calling `call_once` first runs (often the first `/metrics` request), named by `static`.
 */
export type Holder = 'lazy_static' | 'once_cell::Lazy' | 'LazyLock' | 'OnceLock' | 'Once' | 'eager';

/** Which client library defines the metric; it decides the exposed sample names. */
export type MetricLibrary = 'prometheus' | 'metrics' | 'prometheus-client';
