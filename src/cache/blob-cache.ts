import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BlobFacts } from '../extract/facts.js';
import {
  CacheWriteError,
  discardSegment,
  mergeSegments,
  readValue,
  scanSegment,
  SegmentCorruptError,
  SegmentGoneError,
  writeSegmentWithRanges,
  type SegmentBody,
  type ValueRange,
} from './segment-file.js';

/** Per-blob results keyed by blob id; the fingerprint covers the code that computed them. */
export interface BlobCache<T> {
  get(oid: string): T | undefined;
  /** The value when this run has already met the entry (written or listed it); never lists the cache files. */
  peek(oid: string): T | undefined;
  set(oid: string, value: T): void;
  /** Persists what was added since the last flush. */
  flush(): void;
  readonly warnings: readonly string[];
}

export type FactsCache = BlobCache<BlobFacts>;

/**
 * Parsed values kept in memory; the rest are read back from their segment when asked for. Few: a large
 * facts object kept a while is promoted and then waits for a full collection, so a cold index's peak
 * grows with how many are kept (256 meant 42 MB more on neon than 64, at the same speed).
 */
const PARSED_KEPT = 64;
/** New entries are written out once their text reaches this size, so a long run holds little of it. */
const FLUSH_BYTES = 4 << 20;

/** Past this many segments, a flush merges the smallest, so that a cache stays a handful of files. */
const MAX_SEGMENTS = 12;

/** An entry on disk: its value's bytes in a segment. */
interface StoredEntry {
  readonly segment: SegmentBody;
  readonly range: ValueRange;
}

/**
 * Segments of `oid TAB json` records. Each run appends new segments (unique names, atomic renames), so
 * concurrent runs never write the same file; a corrupt segment is reported, deleted and rebuilt. Only
 * where each entry sits is held in memory: memory does not grow with the size of the cache.
 */
export class DiskBlobCache<T> implements BlobCache<T> {
  private readonly stored = new Map<string, StoredEntry>();
  private readonly parsed = new Map<string, T>();
  /** Entries not yet written, as text. */
  private readonly added = new Map<string, string>();
  private addedBytes = 0;
  /** Entries whose segment could not be written (a full disk): kept as text for this run. */
  private readonly unsaved = new Map<string, string>();
  private segments: SegmentBody[] = [];
  private loadedFromDisk = false;
  private readonly loadWarnings: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly fingerprint: string,
    /** File name prefix: one cache directory holds several kinds of per-blob results. */
    private readonly prefix = 'facts',
  ) {}

  /** Problems found reading the cache. Reading happens on first use, so a run that needs no facts reads nothing. */
  get warnings(): readonly string[] {
    return this.loadWarnings;
  }

  get(oid: string): T | undefined {
    this.ensureLoaded();
    return this.peek(oid);
  }

  peek(oid: string): T | undefined {
    const hit = this.parsed.get(oid);
    if (hit) return hit;
    const raw = this.textOf(oid);
    if (raw === null) return undefined;
    try {
      const value = JSON.parse(raw) as T;
      this.remember(oid, value);
      return value;
    } catch {
      return undefined;
    }
  }

  set(oid: string, value: T): void {
    this.ensureLoaded();
    this.remember(oid, value);
    if (this.stored.has(oid) || this.added.has(oid) || this.unsaved.has(oid)) return;
    const text = JSON.stringify(value);
    this.added.set(oid, text);
    this.addedBytes += text.length;
    // A long run writes as it goes: memory stays bounded, and an interrupted run keeps what it parsed.
    if (this.addedBytes >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.added.size === 0) return;
    try {
      const written = writeSegmentWithRanges(this.dir, this.prefix, this.fingerprint, this.added);
      for (const [oid, range] of written.ranges) this.stored.set(oid, { segment: written.body, range });
      this.segments.push(written.body);
    } catch (error) {
      // Said once by the analysis context; the entries stay usable in memory for this run.
      if (!(error instanceof CacheWriteError)) throw error;
      for (const [oid, text] of this.added) this.unsaved.set(oid, text);
    }
    this.added.clear();
    this.addedBytes = 0;
    if (this.segments.length > MAX_SEGMENTS) this.compact();
  }

  get size(): number {
    this.ensureLoaded();
    return this.stored.size + this.added.size + this.unsaved.size;
  }

  /** Parsed values are kept for the most recently used blobs only. */
  private remember(oid: string, value: T): void {
    this.parsed.delete(oid);
    this.parsed.set(oid, value);
    if (this.parsed.size > PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value as string);
  }

  private textOf(oid: string): string | null {
    const text = this.added.get(oid) ?? this.unsaved.get(oid);
    if (text !== undefined) return text;
    const entry = this.stored.get(oid);
    if (entry === undefined) return null;
    let bytes: Buffer | null;
    try {
      bytes = readValue(entry.segment.file, entry.range);
    } catch (error) {
      if (!(error instanceof SegmentCorruptError)) throw error;
      this.discard(entry.segment, error.message);
      return null;
    }
    // Gone: a concurrent run merged the segment into a new one. The entry is computed again.
    if (bytes === null) this.stored.delete(oid);
    return bytes === null ? null : bytes.toString('utf8');
  }

  /** A segment found damaged when one of its values was read: reported, removed, and its entries computed again. */
  private discard(segment: SegmentBody, reason: string): void {
    this.loadWarnings.push(corruptWarning(segment.file, reason));
    discardSegment(segment.file);
    for (const [oid, entry] of this.stored) if (entry.segment === segment) this.stored.delete(oid);
    this.segments = this.segments.filter((s) => s !== segment);
  }

  private ensureLoaded(): void {
    if (this.loadedFromDisk) return;
    this.loadedFromDisk = true;
    const legacy: SegmentBody[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      if (!name.startsWith(`${this.prefix}-`) || !name.endsWith('.seg')) continue;
      const file = path.join(this.dir, name);
      const segment = scanSegment(file, this.fingerprint);
      if (segment.kind === 'other-fingerprint' || segment.kind === 'gone') continue;
      if (segment.kind === 'corrupt') {
        this.loadWarnings.push(corruptWarning(file, segment.reason));
        discardSegment(file);
        continue;
      }
      for (const [oid, range] of segment.ranges) this.stored.set(oid, { segment: segment.body, range });
      this.segments.push(segment.body);
      if (segment.legacy) legacy.push(segment.body);
    }
    // Written by an earlier version, they would be read whole by every run: rewritten once with a footer.
    if (legacy.length > 0) this.merge(legacy);
  }

  /** Merges the smallest segments into one: each entry is copied a few times over a cache's life, not once per flush. */
  private compact(): void {
    const bySize = [...this.segments].sort((a, b) => a.end - a.start - (b.end - b.start));
    this.merge(bySize.slice(0, this.segments.length - MAX_SEGMENTS / 2));
  }

  /** Replaces `merged` (segments of this cache) by one segment holding their entries. */
  private merge(merged: readonly SegmentBody[]): void {
    let result: ReturnType<typeof mergeSegments>;
    try {
      result = mergeSegments(this.dir, this.prefix, this.fingerprint, merged);
    } catch (error) {
      // The segments written so far stay as they are.
      if (error instanceof CacheWriteError || error instanceof SegmentGoneError) return;
      throw error;
    }
    const shift = new Map(merged.map((segment, i) => [segment, result.shifts[i] as number]));
    for (const [oid, entry] of this.stored) {
      const by = shift.get(entry.segment);
      if (by !== undefined) this.stored.set(oid, { segment: result.body, range: { ...entry.range, start: entry.range.start + by } });
    }
    this.segments = [...this.segments.filter((s) => !shift.has(s)), result.body];
    // Deleting after the merged copy exists means a concurrent reader can at worst miss entries, never see bad ones.
    for (const segment of merged) rmSync(segment.file, { force: true });
  }
}

function corruptWarning(file: string, reason: string): string {
  return `cache segment ${path.basename(file)} is corrupt (${reason}); discarded, its entries will be rebuilt`;
}
