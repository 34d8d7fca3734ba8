/** What the demo knows about each of its metrics, to check the extraction and the story against. */
import type { Holder, MetricKind } from '../model/metric.js';
import type { DEMO_FEATURE_BRANCH, DEMO_MAIN_BRANCH, DemoBranch } from './demo-history.js';

/**
 * When a running build (without `initialize_metrics()`) first exposes the metric:
 * `startup` — registered before serving; `first-use` — on the normal path (first event, first repo);
 * `first-error` — only once an error path runs; `never` — nothing uses it, so it never appears.
 */
export type DemoRegistration = 'startup' | 'first-use' | 'first-error' | 'never';

export interface DemoMetric {
  readonly name: string;
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly labels: readonly string[];
  readonly crate: 'ingester' | 'backfiller';
  readonly path: string;
  /** 1-based line of the `register_*!` macro call at each branch that defines the metric. */
  readonly lines: Readonly<Partial<Record<DemoBranch, number>>>;
  /** 1-based column of `register_` on that line (the same on every branch). */
  readonly column: number;
  /** The lazy static; null for the eager histogram, a local `processing_seconds` in `fn main`. */
  readonly static: string | null;
  readonly holder: Holder;
  /** Subject of the commit that added the registration. */
  readonly introducedBy: string;
  readonly introducedOn: typeof DEMO_MAIN_BRANCH | typeof DEMO_FEATURE_BRANCH;
  /** Subject of the commit that first dereferenced the static outside its definition; null when nothing does. */
  readonly firstUsedBy: string | null;
  /** Files that use it at the tip of the feature branch. */
  readonly usedIn: readonly string[];
  readonly registration: DemoRegistration;
}

/** The per-crate files most of the demo's metrics are registered in. */
export const INGESTER_METRICS_FILE = 'crates/ingester/src/metrics.rs';
export const BACKFILLER_METRICS_FILE = 'crates/backfiller/src/metrics.rs';
