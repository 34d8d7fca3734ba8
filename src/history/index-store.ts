import path from 'node:path';
import { readNewestSegment, replaceSegment, segmentFiles } from '../cache/newest-segment.js';
import { CacheWriteError, discardSegment } from '../cache/segment-file.js';
import { packText, unpackText } from '../cache/packed-text.js';
import { INDEX_FORMAT, metricRecord, type IndexData, type StoredEvent, type StoredSummary } from './index-model.js';
import { decodeDefinitions, encodeDefinitions, type StoredDefinition } from './definition-deltas.js';
import { decodeSetDeltas, encodeSetDeltas } from './set-deltas.js';

const PREFIX = 'index';
/** What was appended to one index file since it was written (see `IndexFile.save`). */
const TAIL_PREFIX = 'index-tail';
/**
 * A save writes only what was appended since the index file was written while that stays under this
 * share of the file: an `explain` after a new commit then writes a few kilobytes, not the whole index.
 */
const TAIL_SHARE = 0.25;

export interface LoadedIndex {
  readonly data: IndexData | null;
  readonly warnings: readonly string[];
}

/** The index as stored: the sets and the definitions as differences (see set-deltas.ts, definition-deltas.ts). */
type StoredIndex = Omit<IndexData, 'sets' | 'defs'> & { readonly setDeltas: number[][]; readonly defs: StoredDefinition[] };

/**
 * What was appended to the index file named `base`: its columns from `from` on, the events after the
 * base's by metric, the summaries it lacks, and the tips as they are now.
 */
type StoredTail = Pick<IndexData, 'formatVersion' | 'commits' | 'parents' | 'setOf' | 'flags' | 'events' | 'tips' | 'summaries' | 'localObjects'> & {
  readonly base: string;
  /** The lengths of the base's columns, which the tail continues. */
  readonly from: { readonly commits: number; readonly sets: number; readonly defs: number };
  readonly setDeltas: number[][];
  readonly defs: StoredDefinition[];
};

/** The index as its file left it: the arrays a walk appends to, and their lengths then. */
interface Base {
  readonly file: string;
  /** Length of the file's index text: a tail may grow to a share of it. */
  readonly textLength: number;
  readonly commits: readonly string[];
  readonly commitCount: number;
  readonly sets: readonly (readonly number[])[];
  readonly setCount: number;
  readonly defs: readonly unknown[];
  readonly defCount: number;
  readonly events: Readonly<Record<string, readonly StoredEvent[]>>;
  readonly eventCounts: ReadonlyMap<string, number>;
  readonly summaries: Readonly<Record<string, StoredSummary>>;
  readonly summaryCount: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The history index on disk: the newest whole index file, and the newest tail written against it.
 * Walks only ever append (commits, sets, definitions, events, summaries), so a save after a few new
 * commits writes just those; once the tail outgrows its share, the whole index is written again and
 * older tails are removed. A tail against another file (a concurrent run wrote a newer index) is not
 * read: the commits it held are walked again.
 */
export class IndexFile {
  private base: Base | null = null;

  constructor(
    private readonly dir: string,
    private readonly fingerprint: string,
  ) {}

  /** The newest intact index with its tail; corrupt files are reported, removed, and what they held is walked again. */
  load(): LoadedIndex {
    let textLength = 0;
    const loaded = readNewestSegment(this.dir, PREFIX, this.fingerprint, { file: 'index', invalid: 'not an index' }, (records) => {
      const text = unpackRecord(records.get('index'));
      textLength = text?.length ?? 0;
      return text === null ? null : parseIndex(text);
    });
    this.base = null;
    if (loaded.value === null || loaded.file === null) return { data: null, warnings: loaded.warnings };
    const data: IndexData = { ...loaded.value, events: metricRecord(loaded.value.events) };
    this.base = baseOf(loaded.file, textLength, data);
    const warnings = [...loaded.warnings];
    const tail = this.readTail(path.basename(loaded.file), warnings);
    return { data: tail === null ? data : appendTail(data, tail), warnings };
  }

  /** Saves the index; when the cache cannot be written (see CacheWriteError) the run goes on without it. */
  save(data: IndexData): void {
    try {
      const base = this.base;
      if (base !== null && extendsBase(base, data)) {
        const text = JSON.stringify(tailOf(base, data));
        if (text.length <= base.textLength * TAIL_SHARE) {
          replaceSegment(this.dir, TAIL_PREFIX, data.fingerprint, [['tail', packText(text)]]);
          return;
        }
      }
      const { sets, defs, ...rest } = data;
      const stored: StoredIndex = { ...rest, setDeltas: encodeSetDeltas(sets), defs: encodeDefinitions(defs) };
      const text = JSON.stringify(stored);
      const file = replaceSegment(this.dir, PREFIX, data.fingerprint, [['index', packText(text)]]);
      this.base = baseOf(file, text.length, data);
      for (const tail of segmentFiles(this.dir, TAIL_PREFIX)) discardSegment(tail);
    } catch (error) {
      if (!(error instanceof CacheWriteError)) throw error;
    }
  }

  /** The newest intact tail of `baseName`; tails of other files are left for `save` to remove. */
  private readTail(baseName: string, warnings: string[]): StoredTail | null {
    const loaded = readNewestSegment(this.dir, TAIL_PREFIX, this.fingerprint, { file: 'index tail', invalid: 'not an index tail' }, (records) => {
      const text = unpackRecord(records.get('tail'));
      return text === null ? null : parseTail(text);
    });
    warnings.push(...loaded.warnings);
    const tail = loaded.value;
    const base = this.base;
    if (tail === null || base === null || tail.base !== baseName) return null;
    if (tail.from.commits !== base.commitCount || tail.from.sets !== base.setCount || tail.from.defs !== base.defCount) return null;
    return tail;
  }
}

/** The stored index of a cache directory, with its tail (for callers that only read it). */
export function loadIndex(dir: string, fingerprint: string): LoadedIndex {
  return new IndexFile(dir, fingerprint).load();
}

/** The index file a tail continues and the commits it appends, read in one parse: for `cache info`, which reads without loading. */
export function tailSummary(tailText: string): { readonly base: string; readonly commits: number } | null {
  try {
    const tail = JSON.parse(tailText) as Partial<StoredTail> | null;
    if (!isRecord(tail) || typeof tail.base !== 'string') return null;
    return { base: tail.base, commits: Array.isArray(tail.commits) ? tail.commits.length : 0 };
  } catch {
    return null;
  }
}

/** Commits an index's text lists; 0 when it does not read as one. */
export function storedCommitCount(text: string): number {
  try {
    const commits = (JSON.parse(text) as { commits?: unknown } | null)?.commits;
    return Array.isArray(commits) ? commits.length : 0;
  } catch {
    return 0;
  }
}

function unpackRecord(packed: string | undefined): string | null {
  return packed === undefined ? null : unpackText(packed);
}

function baseOf(file: string, textLength: number, data: IndexData): Base {
  const eventCounts = new Map<string, number>();
  for (const name in data.events) eventCounts.set(name, (data.events[name] as StoredEvent[]).length);
  return {
    file,
    textLength,
    commits: data.commits,
    commitCount: data.commits.length,
    sets: data.sets,
    setCount: data.sets.length,
    defs: data.defs,
    defCount: data.defs.length,
    events: data.events,
    eventCounts,
    summaries: data.summaries,
    summaryCount: Object.keys(data.summaries).length,
  };
}

/** Whether `data` is the base with things appended: the same arrays, grown (a rebuilt index has new ones). */
function extendsBase(base: Base, data: IndexData): boolean {
  if (data.commits !== base.commits || data.sets !== base.sets || data.defs !== base.defs || data.events !== base.events || data.summaries !== base.summaries) return false;
  if (data.commits.length < base.commitCount || data.sets.length < base.setCount || data.defs.length < base.defCount) return false;
  for (const [name, count] of base.eventCounts) if ((data.events[name]?.length ?? 0) < count) return false;
  return true;
}

function tailOf(base: Base, data: IndexData): StoredTail {
  const events = metricRecord<StoredEvent[]>();
  for (const name in data.events) {
    const all = data.events[name] as StoredEvent[];
    const since = base.eventCounts.get(name) ?? 0;
    if (all.length > since) events[name] = all.slice(since);
  }
  // Names that are not array indexes keep their insertion order, and summaries are only ever added.
  const summaries: Record<string, StoredSummary> = {};
  for (const oid of Object.keys(data.summaries).slice(base.summaryCount)) summaries[oid] = data.summaries[oid] as StoredSummary;
  const from = { commits: base.commitCount, sets: base.setCount, defs: base.defCount };
  return {
    formatVersion: INDEX_FORMAT,
    base: path.basename(base.file),
    from,
    commits: data.commits.slice(from.commits),
    parents: data.parents.slice(from.commits),
    setOf: data.setOf.slice(from.commits),
    flags: data.flags.slice(from.commits),
    setDeltas: encodeSetDeltas(data.sets, from.sets),
    defs: encodeDefinitions(data.defs, from.defs),
    events,
    tips: data.tips,
    summaries,
    ...(data.localObjects === undefined ? {} : { localObjects: data.localObjects }),
  };
}

/** The base with the tail appended, in place (the base's arrays are what later saves compare against); the base unchanged when the tail does not apply. */
function appendTail(data: IndexData, tail: StoredTail): IndexData {
  let sets: number[][];
  let defs: IndexData['defs'];
  try {
    // Decoded apart first: a tail that does not apply must leave the base as it was.
    sets = decodeSetDeltas(tail.setDeltas, [data.sets[data.sets.length - 1] ?? []]).slice(1);
    defs = decodeDefinitions(tail.defs, data.defs.slice()).slice(data.defs.length);
  } catch {
    return data;
  }
  const maxSet = data.sets.length + sets.length;
  if (tail.setOf.some((s) => !Number.isInteger(s) || s < 0 || s >= maxSet)) return data;
  data.commits.push(...tail.commits);
  data.parents.push(...tail.parents);
  data.setOf.push(...tail.setOf);
  data.flags.push(...tail.flags);
  data.sets.push(...sets);
  data.defs.push(...defs);
  for (const name in tail.events) (data.events[name] ??= []).push(...(tail.events[name] as StoredEvent[]));
  Object.assign(data.summaries, tail.summaries);
  const { localObjects } = tail;
  return { ...data, tips: tail.tips, ...(localObjects === undefined ? {} : { localObjects }) };
}

/** The stored index, or null when the record is not an index (a checksum only proves the bytes are as written). */
function parseIndex(raw: string): IndexData | null {
  try {
    const stored = JSON.parse(raw) as Partial<StoredIndex> | null;
    if (!isRecord(stored) || stored?.formatVersion !== INDEX_FORMAT || !isRecord(stored.events) || !isRecord(stored.tips) || !isRecord(stored.summaries)) return null;
    const columns = [stored.commits, stored.parents, stored.setOf, stored.flags];
    if (!columns.every(Array.isArray) || !columns.every((c) => c?.length === stored.commits?.length)) return null;
    if (!Array.isArray(stored.defs) || !Array.isArray(stored.setDeltas) || !stored.setDeltas.every(Array.isArray)) return null;
    const { setDeltas, defs, ...rest } = stored as StoredIndex;
    return { ...rest, sets: decodeSetDeltas(setDeltas), defs: decodeDefinitions(defs) };
  } catch {
    return null;
  }
}

/** The stored tail, or null when the record is not one. */
function parseTail(raw: string): StoredTail | null {
  try {
    const tail = JSON.parse(raw) as Partial<StoredTail> | null;
    if (!isRecord(tail) || tail.formatVersion !== INDEX_FORMAT || typeof tail.base !== 'string' || !isRecord(tail.from)) return null;
    if (!isRecord(tail.events) || !isRecord(tail.tips) || !isRecord(tail.summaries) || !Object.values(tail.events).every(Array.isArray)) return null;
    const columns = [tail.commits, tail.parents, tail.setOf, tail.flags];
    if (!columns.every(Array.isArray) || !columns.every((c) => c?.length === tail.commits?.length)) return null;
    if (!Array.isArray(tail.defs) || !Array.isArray(tail.setDeltas) || !tail.setDeltas.every(Array.isArray)) return null;
    return tail as StoredTail;
  } catch {
    return null;
  }
}
