/**
 * The names through which the extractor finds a registration: the prometheus crate's macros and
 * metric types, the `metrics` facade's macros, and the registry calls. Recognisers look their names
 * up here, and the history walk's precise prefilter is built from the same tables, so a name the
 * extractor learns is a name the prefilter lets through.
 */
import type { MetricKind } from '../metric-kinds.js';

export interface MetricType {
  readonly kind: MetricKind;
  readonly vec: boolean;
}

/** prometheus types with `::new` / `::with_opts` constructors. */
export const METRIC_TYPES: Readonly<Record<string, MetricType>> = {
  Counter: { kind: 'counter', vec: false },
  IntCounter: { kind: 'int_counter', vec: false },
  Gauge: { kind: 'gauge', vec: false },
  IntGauge: { kind: 'int_gauge', vec: false },
  Histogram: { kind: 'histogram', vec: false },
  CounterVec: { kind: 'counter', vec: true },
  IntCounterVec: { kind: 'int_counter', vec: true },
  GaugeVec: { kind: 'gauge', vec: true },
  IntGaugeVec: { kind: 'int_gauge', vec: true },
  HistogramVec: { kind: 'histogram', vec: true },
  GenericCounter: { kind: 'counter', vec: false },
  GenericCounterVec: { kind: 'counter', vec: true },
  GenericGauge: { kind: 'gauge', vec: false },
  GenericGaugeVec: { kind: 'gauge', vec: true },
};

/** `register_int_counter_vec_with_registry!` and the rest of the prometheus crate's register macros. */
export const REGISTER_MACRO = /^register_(int_)?(counter|gauge|histogram)(_vec)?(_with_registry)?$/;

export interface FacadeMacro {
  readonly kind: MetricKind;
  readonly role: 'define' | 'describe' | 'record';
  /** Positional value arguments between the name and the labels (`increment_gauge!(name, 1.0, ..)`). */
  readonly values: number | 'guess';
}

/** The `metrics` crate's macros, 0.x names included. */
export const FACADE_MACROS: Readonly<Record<string, FacadeMacro>> = {
  counter: { kind: 'counter', role: 'record', values: 'guess' },
  gauge: { kind: 'gauge', role: 'record', values: 'guess' },
  histogram: { kind: 'histogram', role: 'record', values: 'guess' },
  increment_counter: { kind: 'counter', role: 'record', values: 0 },
  absolute_counter: { kind: 'counter', role: 'record', values: 1 },
  increment_gauge: { kind: 'gauge', role: 'record', values: 1 },
  decrement_gauge: { kind: 'gauge', role: 'record', values: 1 },
  describe_counter: { kind: 'counter', role: 'describe', values: 0 },
  describe_gauge: { kind: 'gauge', role: 'describe', values: 0 },
  describe_histogram: { kind: 'histogram', role: 'describe', values: 0 },
  register_counter: { kind: 'counter', role: 'define', values: 0 },
  register_gauge: { kind: 'gauge', role: 'define', values: 0 },
  register_histogram: { kind: 'histogram', role: 'define', values: 0 },
};

/** Calls read as a site by their last path segment (`Registry::new_custom`, `prometheus::register`). */
export const CALL_PATH_NAMES: ReadonlySet<string> = new Set(['register', 'new_custom']);
/** Method calls read as a site (`registry.register(..)`, prometheus-client's `register_with_unit`). */
export const CALL_METHOD_NAMES: ReadonlySet<string> = new Set(['register', 'register_with_unit']);
/** Constructors of `METRIC_TYPES`. */
export const CONSTRUCTORS: ReadonlySet<string> = new Set(['new', 'with_opts']);
