import type { SnapshotListing } from '../history/snapshot.js';
import type { MetricDefinition, UnresolvedRegistration } from '../model/metric.js';
import { pathMatcher } from '../util/glob.js';

export interface ListOptions {
  readonly includeTests: boolean;
  readonly pathGlob: string | null;
}

export interface MetricList {
  readonly ref: string;
  readonly commit: string;
  readonly metrics: readonly MetricDefinition[];
  readonly unresolved: readonly UnresolvedRegistration[];
  readonly warnings: readonly string[];
  readonly complete: boolean;
  /** Test-only metrics left out (shown with --include-tests). */
  readonly hiddenTestMetrics: number;
}

export function listMetrics(snapshot: SnapshotListing, options: ListOptions): MetricList {
  const matches = options.pathGlob ? pathMatcher(options.pathGlob) : () => true;
  const inPath = snapshot.metrics.filter((m) => matches(m.path));
  const metrics = options.includeTests ? inPath : inPath.filter((m) => !m.test);
  return {
    ref: snapshot.ref,
    commit: snapshot.commit,
    metrics,
    unresolved: snapshot.unresolved.filter((u) => matches(u.path)),
    warnings: snapshot.warnings,
    complete: snapshot.complete,
    hiddenTestMetrics: inPath.length - metrics.length,
  };
}
