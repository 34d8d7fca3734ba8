import { CatFileBatch, LocalOnlyBlobReader, type BlobReader } from '../git/cat-file.js';
import { localObjectIds, openRepository, type Repository } from '../git/repo.js';
import { cacheDirectory } from '../cache/cache-dir.js';
import { DiskBlobCache } from '../cache/blob-cache.js';
import { cacheWriteProblem, resetCacheWriteProblem } from '../cache/segment-file.js';
import type { BlobFacts } from '../extract/facts.js';
import { extractorFingerprint } from '../extract/pool/fingerprint.js';
import { FactsSource } from './facts-source.js';
import { historyFingerprint } from './index-model.js';
import { SnapshotStore } from './snapshot-store.js';

/** An opened repository with its blob reader and extraction cache; `close()` persists the cache. */
export interface AnalysisContext {
  readonly repo: Repository;
  readonly blobs: BlobReader;
  readonly facts: FactsSource;
  /** Listings of trees listed before. */
  readonly snapshots: SnapshotStore;
  readonly cacheDir: string;
  /** In a partial clone, how many objects are here; null in a full clone. */
  readonly localObjects: number | null;
  /** The environment the command runs with (cache location, limits). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Problems found while working: corrupt cache segments, partial clone. Read it after the work is done. */
  readonly warnings: readonly string[];
  close(): Promise<void>;
}

export async function openAnalysis(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<AnalysisContext> {
  resetCacheWriteProblem();
  const repo = await openRepository(dir);
  const cacheDir = cacheDirectory(repo.commonDir, env);
  const cache = new DiskBlobCache<BlobFacts>(cacheDir, extractorFingerprint());
  const warnings: string[] = [];
  // In a partial clone, asking cat-file for a missing blob would fetch it from the network; we only read what is here.
  const present = repo.isPartial ? await localObjectIds(repo) : null;
  const catFile = new CatFileBatch(repo.dir);
  const localOnly = present ? new LocalOnlyBlobReader(catFile, present) : null;
  const blobs: BlobReader = localOnly ?? catFile;
  const facts = new FactsSource(blobs, cache);
  return {
    repo,
    blobs,
    facts,
    snapshots: new SnapshotStore(cacheDir, historyFingerprint()),
    cacheDir,
    localObjects: present?.size ?? null,
    env,
    get warnings() {
      // Read lazily: the cache loads its files only when a run actually needs extraction facts.
      // Only when this answer needed a blob that was never fetched; the warnings above name what it lacks.
      const missed = localOnly?.missed.size ?? 0;
      const partial =
        missed > 0
          ? [`partial clone: ${missed} blob${missed === 1 ? '' : 's'} this answer needs ${missed === 1 ? 'was' : 'were'} never fetched; provenance does not fetch, so what they define is unknown (a checkout or a full clone fetches them)`]
          : [];
      const unwritten = cacheWriteProblem();
      return [...warnings, ...partial, ...cache.warnings, ...(unwritten === null ? [] : [unwritten])];
    },
    async close() {
      try {
        cache.flush();
      } finally {
        await Promise.all([blobs.close(), facts.close()]);
      }
    },
  };
}
