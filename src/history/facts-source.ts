import type { BlobReader } from '../git/cat-file.js';
import type { FactsCache } from '../cache/blob-cache.js';
import { EMPTY_FACTS } from '../extract/empty-facts.js';
import { keepHeapGrowthLow } from './heap-guard.js';
import { extractionCrashed, ExtractorPool, extractWorkerScript, poolSize, type PoolWork, type Urgency } from '../extract/pool/extractor-pool.js';
import type { BlobFacts } from '../extract/facts.js';
import { prefilterVerdict } from '../extract/registrations/prefilter.js';
import type { StartupFacts } from '../extract/startup/fact-types.js';
import { MAX_RUST_FILE_BYTES } from './tree-files.js';

export interface FactsCounters {
  /** Blobs parsed by tree-sitter in this process. */
  extracted: number;
  /** Blobs skipped by the byte-level prefilter. */
  prefiltered: number;
  /** Blobs left unparsed by `classify`: no metric or wrapper of their own, so parsed only if a tree needs them. */
  deferred: number;
  cacheHits: number;
}

export type FactsResult =
  | { readonly kind: 'facts'; readonly facts: BlobFacts }
  | { readonly kind: 'missing' }
  | { readonly kind: 'too-large'; readonly bytes: number };

/** A blob worth parsing that cannot define a metric or a wrapper of its own (see `mightDefineOwnMetrics`). */
export interface Deferred {
  readonly kind: 'deferred';
}

export const DEFERRED: Deferred = { kind: 'deferred' };

export type ExtractFn = (bytes: Buffer, path: string) => BlobFacts;

/** After this many parses in one run, parsing moves to worker threads (small runs never start them). */
const POOL_THRESHOLD = 24;
/** Rust files of a tree from which a run over it starts the workers with its first parse. */
const LARGE_TREE = 300;

/** Blob id → extraction facts, through the cache; the only place blobs are parsed. */
export class FactsSource {
  readonly counters: FactsCounters = { extracted: 0, prefiltered: 0, deferred: 0, cacheHits: 0 };
  private inline: ExtractFn | null;
  private pool: ExtractorPool | null = null;
  private inlineStartup: ((bytes: Buffer, path: string) => StartupFacts) | null = null;
  private workersFirst = false;
  private wholeTree = false;

  constructor(
    private readonly blobs: BlobReader,
    private readonly cache: FactsCache,
    /** A test's own extractor; when given, parsing always happens inline through it. */
    private readonly injected: ExtractFn | null = null,
  ) {
    this.inline = injected;
  }

  /** A blob's text, one character per byte (as the prefilter reads it); null when the blob is missing. */
  async textOf(oid: string): Promise<string | null> {
    const blob = await this.blobs.read(oid);
    return blob.kind === 'found' ? blob.bytes.toString('latin1') : null;
  }

  /**
   * The prefilter runs before the cache is consulted: most blobs of a history are plain code, and
   * reading one from git costs less than loading every cached entry to learn that it defines nothing.
   * Only blobs worth parsing are cached.
   */
  factsOf(oid: string, path: string): Promise<FactsResult> {
    return this.load(oid, path, false) as Promise<FactsResult>;
  }

  /**
   * `factsOf` for a history walk: a blob of names, re-exports and call sites only is not parsed yet
   * (most code files of a real repository are such blobs, and most trees never need their facts).
   */
  classify(oid: string, path: string, onDeferred?: (text: string, bytes: Buffer) => void): Promise<FactsResult | Deferred> {
    return this.load(oid, path, true, onDeferred);
  }

  private async load(oid: string, path: string, deferSecondary: boolean, onDeferred?: (text: string, bytes: Buffer) => void): Promise<FactsResult | Deferred> {
    const parsed = this.cache.peek(oid);
    if (parsed) {
      this.counters.cacheHits++;
      return { kind: 'facts', facts: parsed };
    }
    const blob = await this.blobs.read(oid);
    if (blob.kind === 'missing') return { kind: 'missing' };
    if (blob.bytes.length > MAX_RUST_FILE_BYTES) return { kind: 'too-large', bytes: blob.bytes.length };
    // Read as latin1 (one character per byte): the checks below are string searches.
    const text = blob.bytes.toString('latin1');
    const verdict = prefilterVerdict(blob.bytes, text);
    if (verdict === 'skip') {
      this.counters.prefiltered++;
      return { kind: 'facts', facts: EMPTY_FACTS };
    }
    if (deferSecondary && verdict === 'defer') {
      this.counters.deferred++;
      onDeferred?.(text, blob.bytes);
      return DEFERRED;
    }
    const cached = this.cache.get(oid);
    if (cached) {
      this.counters.cacheHits++;
      return { kind: 'facts', facts: cached };
    }
    this.counters.extracted++;
    // A walk classifies blobs hundreds of commits ahead; a blob asked for by `factsOf` has a caller waiting.
    const facts = await this.extract(blob.bytes, path, deferSecondary ? 'ahead' : 'now');
    // A crashed extraction is not a property of the blob: report it, but let the next run try again.
    if (!extractionCrashed(facts)) this.cache.set(oid, facts);
    return { kind: 'facts', facts };
  }

  /**
   * Start-up facts of a blob's bytes, which the caller caches (they have their own cache namespace).
   * A run that asks for many (`many`) has them parsed on the worker threads.
   */
  async startupFacts(bytes: Buffer, path: string, many: boolean): Promise<StartupFacts> {
    if (many) {
      keepHeapGrowthLow();
      this.startPool('whole-tree');
    }
    if (this.pool) return this.pool.extractStartup(bytes, path);
    // tree-sitter loads only when something must be parsed: warm runs never pay for it.
    this.inlineStartup ??= (await import('../extract/startup/extract-startup-facts.js')).extractStartupFacts;
    return this.inlineStartup(bytes, path);
  }

  /**
   * For a run over a tree this many Rust files large: if it parses at all, it parses dozens (a real
   * workspace's registration files), so the first parse starts the workers instead of the 25th.
   * `everyFile`: it parses every file (`list --verbose`), so every core parses.
   */
  expectTreeOf(rustFiles: number, everyFile = false): void {
    if (rustFiles >= LARGE_TREE) this.workersFirst = true;
    if (everyFile) this.wholeTree = true;
  }

  /** Starts the extraction workers now, for a run that is about to parse many blobs (a cold index). */
  expectManyExtractions(): void {
    this.startPool('history-walk');
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }

  private startPool(work: PoolWork): void {
    if (this.injected) return;
    if (this.pool) {
      // Start-up extraction after a listing: the main thread now waits, so every core parses.
      if (work === 'whole-tree') this.pool.growTo(poolSize(work));
      return;
    }
    const script = extractWorkerScript();
    if (script) this.pool = new ExtractorPool(script, poolSize(work));
  }

  private async extract(bytes: Buffer, path: string, urgency: Urgency): Promise<BlobFacts> {
    if (this.workersFirst || this.counters.extracted > POOL_THRESHOLD) this.startPool(this.wholeTree ? 'whole-tree' : 'listing');
    if (this.pool) return this.pool.extract(bytes, path, urgency);
    // tree-sitter loads only when something must be parsed: warm runs never pay for it.
    this.inline ??= (await import('../extract/registrations/extract-blob.js')).extractBlob;
    return this.inline(bytes, path);
  }
}
