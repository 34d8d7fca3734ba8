import type { MetricDefinition } from '../model/metric.js';
import type { FieldChange } from './definition-key.js';

/** What happened to one metric at one commit. Definitions are stored once and referenced by number. */
export type StoredEvent =
  /** The commit defines the metric and no parent does (or the commit is a shallow-clone boundary). */
  | { readonly kind: 'introduced'; readonly commit: string; readonly def: number; readonly boundary: boolean }
  /** A parent defined it and the commit does not; `viaMerge` when a merge dropped it. */
  | { readonly kind: 'removed'; readonly commit: string; readonly def: number; readonly viaMerge: boolean }
  | { readonly kind: 'changed'; readonly commit: string; readonly def: number; readonly changes: readonly FieldChange[] }
  | { readonly kind: 'moved'; readonly commit: string; readonly def: number; readonly from: number }
  /** A merge whose first parent lacked the metric and another parent had it. */
  | { readonly kind: 'merged'; readonly commit: string; readonly def: number; readonly fromParent: string };

export interface IndexedCommit {
  readonly parents: readonly string[];
  /** Index into `sets`. */
  readonly set: number;
  /** Position in the topological walk: parents always have smaller numbers. */
  readonly order: number;
  readonly boundary: boolean;
  readonly uncertain: boolean;
}

export interface IndexData {
  readonly formatVersion: 1;
  readonly fingerprint: string;
  readonly commits: Record<string, IndexedCommit>;
  /** Metric sets as sorted lists of definition numbers. */
  readonly sets: number[][];
  readonly defs: MetricDefinition[];
  readonly events: Record<string, StoredEvent[]>;
  /** The ref tips this index covers, by full ref name. */
  readonly tips: Record<string, string>;
}

export function emptyIndex(fingerprint: string): IndexData {
  return { formatVersion: 1, fingerprint, commits: {}, sets: [[]], defs: [], events: metricRecord(), tips: {} };
}

/**
 * A record keyed by metric name without a prototype: `constructor`, `toString` and `__proto__` are
 * valid metric names and must not find (or, for `__proto__`, replace) Object.prototype's members.
 */
export function metricRecord<T>(entries: Readonly<Record<string, T>> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
