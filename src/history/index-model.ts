import { extractorFingerprint } from '../extract/pool/fingerprint.js';
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

/**
 * Bump when the stored shape of `IndexData` (or of the tip states beside it) changes, or the rule for
 * which blobs count (`isRelevant`, the byte-level prefilter) or are deferred (`mightDefineOwnMetrics`):
 * an index built under another rule may hold other sets. 7: a blob is parsed at once only when it
 * registers something itself, read from whole tokens (`registersItself`). 12: a `register(` call
 * counts only with a boxed first argument or three arguments, and a `fn register(` not at all (and
 * a deferred file joins a tree by a module name only where a `use` may bind it). 13: a file module
 * declared after a test attribute makes a blob parsed at once only for the attributes the extractor
 * reads as test code, and only where both sit in code (not in a comment or a string). 14: and only
 * where the declaration sits inside what the attribute applies to (the next item, or the block of an
 * inner attribute). 15: a file that declares a test module in another file but registers nothing is
 * deferred, and parsed when a parsed file sits in its module or below it. 17: only when a parsed
 * file or one of its inline modules sits in a module it may declare as test code, or below it. 18: a
 * lookup starts only where a registration or a wrapper call names a constant (a file dependent for
 * its register calls alone no longer enters the modules its globs import).
 */
export const INDEX_FORMAT = 18;

/**
 * The fingerprint of history files (index, tip states): the extractor's, which decides what the sets
 * hold, and the index format. Files written by another version are ignored as stale, not reported corrupt.
 */
export function historyFingerprint(): string {
  return `${extractorFingerprint()}.index${INDEX_FORMAT}`;
}

/** Flags of a commit, bits of `IndexData.flags`. */
export const BOUNDARY = 1;
/** Some of the commit's blobs were missing (partial clone): its metric set may be incomplete. */
export const UNCERTAIN = 2;
/**
 * The commit's metric set needs no deferred file (one without registrations of its own): no
 * registration names something from another file and there is no wrapper. A child that changes only
 * deferred files then has the same set. Indexes written before this bit existed simply lack it.
 */
export const SELF_CONTAINED = 4;

/**
 * The history index. Commits are numbered in the order they were added, parents before children (a
 * topological order), and stored as columns: loading five thousand commits is then a few arrays of
 * numbers, not five thousand objects, and the commit graph needs no building.
 */
export interface IndexData {
  readonly formatVersion: typeof INDEX_FORMAT;
  readonly fingerprint: string;
  /** Commit ids by number. */
  readonly commits: string[];
  /** Parent numbers by commit, in parent order; -1 for a parent outside the index (beyond a shallow boundary). */
  readonly parents: number[][];
  /** Metric set number (index into `sets`) by commit. */
  readonly setOf: number[];
  /** `BOUNDARY` | `UNCERTAIN` | `SELF_CONTAINED` bits by commit. */
  readonly flags: number[];
  /** Metric sets as sorted lists of definition numbers. */
  readonly sets: number[][];
  readonly defs: MetricDefinition[];
  readonly events: Record<string, StoredEvent[]>;
  /** The ref tips this index covers, by full ref name. */
  readonly tips: Record<string, string>;
  /** `[subject, author, author email, ISO author date]` of every commit an event names. */
  readonly summaries: Record<string, StoredSummary>;
  /** In a partial clone, how many objects were here when the index was saved: more now may mean missing blobs arrived. */
  readonly localObjects?: number;
}

export type StoredSummary = readonly [subject: string, author: string, authorEmail: string, date: string];

export function emptyIndex(fingerprint: string): IndexData {
  return { formatVersion: INDEX_FORMAT, fingerprint, commits: [], parents: [], setOf: [], flags: [], sets: [[]], defs: [], events: metricRecord(), tips: {}, summaries: {} };
}

/** Commit id → number, built once per commit list and extended as commits are appended. */
const numberings = new WeakMap<readonly string[], Map<string, number>>();

/** The list asked about last, and its numbering: a walk asks thousands of times about the same list. */
let lastList: readonly string[] | null = null;
let lastNumbering: Map<string, number> = new Map();

export function commitNumber(data: IndexData, commit: string): number | undefined {
  let numbering = lastList === data.commits ? lastNumbering : numberings.get(data.commits);
  if (!numbering) numberings.set(data.commits, (numbering = new Map()));
  lastList = data.commits;
  lastNumbering = numbering;
  for (let i = numbering.size; i < data.commits.length; i++) numbering.set(data.commits[i] as string, i);
  return numbering.get(commit);
}

export function hasCommit(data: IndexData, commit: string): boolean {
  return commitNumber(data, commit) !== undefined;
}

/**
 * A record keyed by metric name without a prototype: `constructor`, `toString` and `__proto__` are
 * valid metric names and must not find (or, for `__proto__`, replace) Object.prototype's members.
 */
export function metricRecord<T>(entries: Readonly<Record<string, T>> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
