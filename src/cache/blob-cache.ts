import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BlobFacts } from '../extract/facts.js';
import { CacheWriteError, discardSegment, readSegmentBytes, writeSegment } from './segment-file.js';

/** Per-blob results keyed by blob id; the fingerprint covers the code that computed them. */
export interface BlobCache<T> {
  get(oid: string): T | undefined;
  /** The value when this run already holds it in memory; never reads the cache files. */
  peek(oid: string): T | undefined;
  set(oid: string, value: T): void;
  /** Persists what was added since the last flush. */
  flush(): void;
  readonly warnings: readonly string[];
}

export type FactsCache = BlobCache<BlobFacts>;

/** Parsed values kept in memory (an entry's text stays, and is parsed again when needed). */
const PARSED_KEPT = 2048;
/** New entries written out in a segment of this many. */
const FLUSH_EVERY = 2000;

/** Past this many segments, a flush merges them into one so start-up stays a handful of reads. */
const MAX_SEGMENTS = 12;

/**
 * Segments of `oid TAB json` records. Each run appends one new segment (unique name, atomic rename), so
 * concurrent runs never write the same file; a corrupt segment is reported, deleted and rebuilt.
 */
export class DiskBlobCache<T> implements BlobCache<T> {
  /** Entries on disk: the text of those written by this run, the bytes (undecoded until asked for) of those read. */
  private readonly loaded = new Map<string, string | Buffer>();
  private readonly parsed = new Map<string, T>();
  private readonly added = new Map<string, string>();
  private segments: string[] = [];
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
    const raw = this.loaded.get(oid) ?? this.added.get(oid);
    if (raw === undefined) return undefined;
    try {
      const value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as T;
      this.remember(oid, value);
      return value;
    } catch {
      return undefined;
    }
  }

  set(oid: string, value: T): void {
    this.ensureLoaded();
    this.remember(oid, value);
    if (!this.loaded.has(oid)) this.added.set(oid, JSON.stringify(value));
    // A long run writes as it goes: memory stays bounded, and an interrupted run keeps what it parsed.
    if (this.added.size >= FLUSH_EVERY) this.flush();
  }

  /** Parsed values are kept for the most recently used blobs only; the rest are parsed again from their text. */
  private remember(oid: string, value: T): void {
    this.parsed.delete(oid);
    this.parsed.set(oid, value);
    if (this.parsed.size > PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value as string);
  }

  flush(): void {
    if (this.added.size === 0) return;
    let written: string | null = null;
    try {
      written = writeSegment(this.dir, this.prefix, this.fingerprint, this.added);
    } catch (error) {
      // Said once by the analysis context; the entries stay usable in memory for this run.
      if (!(error instanceof CacheWriteError)) throw error;
    }
    for (const [oid, raw] of this.added) this.loaded.set(oid, raw);
    this.added.clear();
    if (written === null) return;
    this.segments.push(written);
    if (this.segments.length > MAX_SEGMENTS) this.compact();
  }

  get size(): number {
    this.ensureLoaded();
    return this.loaded.size + this.added.size;
  }

  private ensureLoaded(): void {
    if (this.loadedFromDisk) return;
    this.loadedFromDisk = true;
    for (const name of readdirSync(this.dir).sort()) {
      if (!name.startsWith(`${this.prefix}-`) || !name.endsWith('.seg')) continue;
      const file = path.join(this.dir, name);
      const segment = readSegmentBytes(file, this.fingerprint);
      if (segment.kind === 'other-fingerprint' || segment.kind === 'gone') continue;
      if (segment.kind === 'corrupt') {
        this.loadWarnings.push(`cache segment ${name} is corrupt (${segment.reason}); discarded, its entries will be rebuilt`);
        discardSegment(file);
        continue;
      }
      for (const [oid, raw] of segment.records) this.loaded.set(oid, raw);
      this.segments.push(file);
    }
  }

  private compact(): void {
    const old = this.segments;
    try {
      const records = [...this.loaded].map(([oid, raw]): [string, string] => [oid, typeof raw === 'string' ? raw : raw.toString('utf8')]);
      this.segments = [writeSegment(this.dir, this.prefix, this.fingerprint, records)];
    } catch (error) {
      // The segments written so far stay as they are.
      if (error instanceof CacheWriteError) return;
      throw error;
    }
    // Deleting after the merged copy exists means a concurrent reader can at worst miss entries, never see bad ones.
    for (const file of old) rmSync(file, { force: true });
  }
}
