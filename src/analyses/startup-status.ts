import type { MetricDefinition } from '../model/metric.js';

/** Where code touches a metric's static. */
export interface SourceSite {
  readonly path: string;
  readonly line: number;
  /** The enclosing function, when there is one. */
  readonly function: string | null;
}

/** Whether a lazily held metric is registered when the process starts, as far as static analysis can tell. */
export type StartupStatus =
  /** Held eagerly: registered when its constructor runs. */
  | { readonly kind: 'eager' }
  /** Dereferenced on a path from `fn main`: `chain` lists the functions from main to the site. */
  | { readonly kind: 'forced'; readonly chain: readonly string[]; readonly site: SourceSite }
  /** Only dereferenced off the start-up path: registered at the first of these uses. */
  | { readonly kind: 'first-use'; readonly uses: readonly SourceSite[] }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface StartupEntry {
  readonly metric: MetricDefinition;
  readonly status: StartupStatus;
  /**
   * For a labelled `*Vec`: whether some label values are created (`with_label_values`) on the
   * start-up path; until then the metric exposes nothing, not even HELP/TYPE. Null when not a Vec.
   */
  readonly labelValuesAtStartup: boolean | null;
}

export interface StartupReport {
  readonly ref: string;
  readonly commit: string;
  readonly entries: readonly StartupEntry[];
  /** Crates without a `fn main`: their statics are forced by whoever links them, which we cannot see. */
  readonly notes: readonly string[];
}

export function startupKey(def: Pick<MetricDefinition, 'name' | 'path' | 'line'>): string {
  return `${def.name}|${def.path}|${def.line}`;
}
