import type { BlobReader } from '../git/cat-file.js';
import type { FactsCache } from '../cache/facts-cache.js';
import type { BlobFacts } from '../extract/facts.js';
import { extractBlob } from '../extract/extract-blob.js';
import { mightDefineConstants, mightDefineMetrics } from '../extract/prefilter.js';
import { MAX_RUST_FILE_BYTES } from './tree-files.js';
import { EMPTY_FACTS } from '../extract/empty-facts.js';


export interface FactsCounters {
  /** Blobs parsed by tree-sitter in this process. */
  extracted: number;
  /** Blobs skipped by the byte-level prefilter. */
  prefiltered: number;
  cacheHits: number;
}

export type FactsResult =
  | { readonly kind: 'facts'; readonly facts: BlobFacts }
  | { readonly kind: 'missing' }
  | { readonly kind: 'too-large'; readonly bytes: number };

/** Blob id → extraction facts, through the cache; the only place blobs are parsed. */
export class FactsSource {
  readonly counters: FactsCounters = { extracted: 0, prefiltered: 0, cacheHits: 0 };

  constructor(
    private readonly blobs: BlobReader,
    private readonly cache: FactsCache,
    private readonly extract: (bytes: Buffer, path: string) => BlobFacts = extractBlob,
    private readonly present: ReadonlySet<string> | null = null,
  ) {}

  async factsOf(oid: string, path: string): Promise<FactsResult> {
    const cached = this.cache.get(oid);
    if (cached) {
      this.counters.cacheHits++;
      return { kind: 'facts', facts: cached };
    }
    if (this.present && !this.present.has(oid)) return { kind: 'missing' };
    const blob = await this.blobs.read(oid);
    if (blob.kind === 'missing') return { kind: 'missing' };
    if (blob.bytes.length > MAX_RUST_FILE_BYTES) return { kind: 'too-large', bytes: blob.bytes.length };
    let facts = EMPTY_FACTS;
    if (mightDefineMetrics(blob.bytes) || mightDefineConstants(blob.bytes)) {
      facts = this.extract(blob.bytes, path);
      this.counters.extracted++;
    } else {
      this.counters.prefiltered++;
    }
    this.cache.set(oid, facts);
    return { kind: 'facts', facts };
  }
}
