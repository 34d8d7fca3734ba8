import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory } from '../cache/cache-dir.js';
import { readValue, verifySegment } from '../cache/segment-file.js';
import { unpackText } from '../cache/packed-text.js';
import { extractorFingerprint } from '../extract/pool/fingerprint.js';
import { historyFingerprint } from './index-model.js';
import { storedCommitCount, tailSummary } from './index-store.js';

/** What one kind of cache file (`facts-*.seg`, `index-*.seg`, …) holds. */
export interface CacheKindSummary {
  readonly kind: string;
  readonly files: number;
  readonly bytes: number;
  /** Records in intact segments written by this version of provenance. */
  readonly entries: number;
  /** Intact segments written by another version (another extractor fingerprint): never read, cleared by `cache clear`. */
  readonly stale: number;
  readonly corrupt: number;
}

/** What a repository's cache directory holds, by kind of file (`cache info`). */
export interface CacheInventory {
  readonly directory: string;
  readonly files: number;
  readonly bytes: number;
  /** Commits in the newest intact history index, or null when there is none. */
  readonly indexedCommits: number | null;
  readonly kinds: readonly CacheKindSummary[];
  /** Temp files of a run still writing, or of one that was killed mid-write. */
  readonly temporary: number;
}

/** Kinds whose segments carry the extractor fingerprint, so another fingerprint means another version. */
const EXTRACTOR_KINDS = new Set(['facts', 'index', 'index-tail', 'states']);
/** Of those, the ones whose fingerprint also names the index format. */
const HISTORY_KINDS = new Set(['index', 'index-tail', 'states']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads every file of the cache of the repository whose common git dir is `commonGitDir`; creates the directory when there is none. */
export function cacheInventory(commonGitDir: string, env: Readonly<Record<string, string | undefined>>): CacheInventory {
  const directory = cacheDirectory(commonGitDir, env);
  const fingerprint = extractorFingerprint();
  const history = historyFingerprint();
  const kinds = new Map<string, Mutable<CacheKindSummary>>();
  let files = 0;
  let bytes = 0;
  let temporary = 0;
  let newestIndex: { mtime: number; commits: number; name: string } | null = null;
  /** Commits each intact index tail appends, by the index file it continues (the newest such tail). */
  const tails = new Map<string, { mtime: number; commits: number }>();
  for (const name of readdirSync(directory).sort()) {
    const file = path.join(directory, name);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    files++;
    bytes += stat.size;
    if (name.endsWith('.tmp')) {
      temporary++;
      continue;
    }
    // `states-<commit>-on-<base>-…` (one file per ref tip) and `states-base-<hash>-…` (the states they are stored against): one kind.
    const match = /^(.+?)(?:-(?:[0-9a-f]{40}|[0-9a-f]{64})(?:-on-[0-9a-f]{16})?|-base-[0-9a-f]{16})?-[^-]+-\d+-[0-9a-f]+\.seg$/.exec(name);
    if (!match?.[1]) continue;
    const kind = kinds.get(match[1]) ?? { kind: match[1], files: 0, bytes: 0, entries: 0, stale: 0, corrupt: 0 };
    kinds.set(kind.kind, kind);
    kind.files++;
    kind.bytes += stat.size;
    // Read with the file's own fingerprint, so the checksum is verified whatever version wrote it.
    const own = segmentFingerprint(file);
    // Read a value at a time, not whole: a facts cache of a large history is hundreds of megabytes.
    const segment = verifySegment(file, own ?? '');
    if (segment.kind === 'gone') continue;
    if (segment.kind !== 'ok') {
      kind.corrupt++;
      continue;
    }
    if (EXTRACTOR_KINDS.has(kind.kind) && own !== (HISTORY_KINDS.has(kind.kind) ? history : fingerprint)) {
      kind.stale++;
      continue;
    }
    // A base is no tip of its own.
    if (!name.startsWith('states-base-')) kind.entries += segment.ranges.size;
    const record = kind.kind === 'index' ? 'index' : kind.kind === 'index-tail' ? 'tail' : null;
    const range = record === null ? undefined : segment.ranges.get(record);
    const packed = range === undefined ? undefined : readValue(file, range)?.toString('utf8');
    const text = packed === undefined ? null : unpackText(packed);
    if (text === null) continue;
    if (kind.kind === 'index' && (!newestIndex || stat.mtimeMs > newestIndex.mtime)) {
      newestIndex = { mtime: stat.mtimeMs, commits: storedCommitCount(text), name };
    }
    const tail = kind.kind === 'index-tail' ? tailSummary(text) : null;
    if (tail !== null && (tails.get(tail.base)?.mtime ?? -1) < stat.mtimeMs) tails.set(tail.base, { mtime: stat.mtimeMs, commits: tail.commits });
  }
  const indexedCommits = newestIndex === null ? null : newestIndex.commits + (tails.get(newestIndex.name)?.commits ?? 0);
  return { directory, files, bytes, indexedCommits, kinds: [...kinds.values()], temporary };
}

/** The fingerprint in a segment's header line (`provenance-segment <format> <fingerprint>`). */
function segmentFingerprint(file: string): string | null {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(256);
      const read = readSync(fd, head, 0, head.length, 0);
      return head.toString('utf8', 0, read).split('\n')[0]?.split(' ')[2] ?? null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}
