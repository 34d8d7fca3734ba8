import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readNewestSegment, replaceSegment } from '../cache/newest-segment.js';
import { CacheWriteError, discardSegment } from '../cache/segment-file.js';

/** What a tree defines, as stored: whether every blob was read decides whether it may be. */
export interface StoredSummary {
  readonly complete: boolean;
}

/** Summaries kept; the oldest go first (a user asks about a few refs at a time). */
const SUMMARIES_KEPT = 32;

const PREFIX = 'snapshot-';

/**
 * Snapshot summaries by tree id in the cache directory, one small file each, so that asking about
 * the same tree again reads one file instead of every blob. Complete snapshots only: one with a
 * blob missing (partial clone) may be answered differently once the blob is here.
 */
export class SnapshotStore {
  constructor(
    private readonly dir: string,
    /** Changes whenever extraction or resolution can change what a tree defines. */
    private readonly fingerprint: string,
  ) {}

  read<T extends StoredSummary>(key: string): T | null {
    if (!existsDir(this.dir)) return null;
    const found = readNewestSegment(this.dir, `${PREFIX}${key}`, this.fingerprint, { file: 'snapshot', invalid: 'not a snapshot' }, (records) => {
      const text = records.get('summary');
      if (text === undefined) return null;
      try {
        return JSON.parse(text) as T;
      } catch {
        return null;
      }
    });
    return found.value;
  }

  write(key: string, summary: StoredSummary): void {
    if (!summary.complete) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      replaceSegment(this.dir, `${PREFIX}${key}`, this.fingerprint, [['summary', JSON.stringify(summary)]]);
    } catch (error) {
      // The answer stands without the file; a full disk is said once, with the run's warnings.
      if (error instanceof CacheWriteError) return;
      if ((error as NodeJS.ErrnoException).code !== undefined) return;
      throw error;
    }
    this.prune();
  }

  private prune(): void {
    const files = readdirSync(this.dir)
      .filter((name) => name.startsWith(PREFIX) && name.endsWith('.seg'))
      .map((name) => path.join(this.dir, name))
      .map((file) => ({ file, mtime: mtimeOf(file) }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { file } of files.slice(SUMMARIES_KEPT)) discardSegment(file);
  }
}

function existsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
