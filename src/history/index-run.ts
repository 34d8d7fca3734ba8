import type { BlobReader } from '../git/cat-file.js';
import type { FactsSource } from './facts-source.js';
import type { HeapGuard } from './heap-guard.js';

/** What a history walk reads with, and what it reports while and after it runs. */
export interface IndexDeps {
  readonly blobs: BlobReader;
  readonly facts: FactsSource;
  readonly cacheDir: string;
  readonly fingerprint: string;
  /** Stops a walk that would run out of memory, after saving its progress; none: never stop. */
  readonly heap?: HeapGuard;
  /** In a partial clone, how many objects are here (see staleIndexReason); null otherwise. */
  readonly localObjects?: number | null;
}

/** How far a history walk has come. */
export interface IndexProgress {
  readonly commits: number;
  /** Blobs read from git and classified (or found in the cache). */
  readonly blobsRead: number;
  /** Blobs parsed with tree-sitter. */
  readonly parsed: number;
}

export interface IndexStats {
  /** Commits walked in this run (0 when nothing changed since the last run). */
  readonly newCommits: number;
  readonly resolutions: number;
  readonly treeStateMisses: number;
  /** Deferred blobs checked against the names a tree needs (a commit on a settled tip checks only those it changed). */
  readonly deferredChecked: number;
}
