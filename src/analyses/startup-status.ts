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
  /** Dereferenced on a path from `fn main` of `binary`: `chain` lists the functions from main to the site. */
  | { readonly kind: 'forced'; readonly chain: readonly string[]; readonly site: SourceSite; readonly binary: string }
  /**
   * Used on a normal path, off the start-up path: registered at the first of `uses` that runs. Binaries
   * whose start-up path could not be followed to the end are listed in `undetermined`; the others decided.
   */
  | { readonly kind: 'first-use'; readonly uses: readonly SourceSite[]; readonly undetermined: readonly UndeterminedBinary[] }
  /** Every use sits in error handling (`uses`): registered only after the first such error. */
  | { readonly kind: 'error-path'; readonly uses: readonly SourceSite[] }
  /** Nothing in the code that can reach it uses it: it is never registered, so it never appears. */
  | { readonly kind: 'never-used' }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface UndeterminedBinary {
  readonly binary: string;
  readonly reason: string;
}

export type StartupStatusKind = StartupStatus['kind'];

export interface StartupEntry {
  readonly metric: MetricDefinition;
  readonly status: StartupStatus;
  /**
   * For a labelled `*Vec`: whether some label values are created (`with_label_values`) on the
   * start-up path; until then the metric exposes nothing, not even HELP/TYPE. Null when not a Vec.
   */
  readonly labelValuesAtStartup: boolean | null;
  /** The root files (`src/main.rs`, `src/bin/x.rs`) of the binaries of this repository that link the metric's crate. */
  readonly binaries: readonly string[];
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
