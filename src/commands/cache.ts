import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory, cacheLocations } from '../cache/cache-dir.js';
import { readSegment } from '../cache/segment-file.js';
import { extractorFingerprint } from '../extract/pool/fingerprint.js';
import { historyFingerprint } from '../history/index-model.js';
import { openRepository } from '../git/repo.js';
import type { Io } from '../io.js';
import { envelope } from '../render/json.js';

export interface CacheCommandOptions {
  readonly repo: string;
  readonly json: boolean;
}

/** What one kind of cache file (`facts-*.seg`, `index-*.seg`, …) holds. */
interface KindSummary {
  readonly kind: string;
  files: number;
  bytes: number;
  /** Records in intact segments written by this version of provenance. */
  entries: number;
  /** Intact segments written by another version (another extractor fingerprint): never read, cleared by `cache clear`. */
  stale: number;
  corrupt: number;
}

interface CacheSummary {
  readonly directory: string;
  readonly files: number;
  readonly bytes: number;
  /** Commits in the newest intact history index, or null when there is none. */
  readonly indexedCommits: number | null;
  readonly kinds: readonly KindSummary[];
  /** Temp files of a run still writing, or of one that was killed mid-write. */
  readonly temporary: number;
}

/** Kinds whose segments carry the extractor fingerprint, so another fingerprint means another version. */
const EXTRACTOR_KINDS = new Set(['facts', 'index', 'states']);
/** Of those, the ones whose fingerprint also names the index format. */
const HISTORY_KINDS = new Set(['index', 'states']);

export async function runCacheInfo(options: CacheCommandOptions, io: Io): Promise<number> {
  const repo = await openRepository(options.repo);
  const summary = summarise(cacheDirectory(repo.commonDir, io.env));
  if (options.json) {
    io.stdout(envelope('cache info', summary));
    return 0;
  }
  const lines = [`cache: ${summary.directory}`, `size: ${formatBytes(summary.bytes)} in ${summary.files} ${plural(summary.files, 'file')}`];
  for (const k of summary.kinds) {
    const extra = [k.stale > 0 ? `${k.stale} stale` : '', k.corrupt > 0 ? `${k.corrupt} corrupt` : ''].filter(Boolean).join(', ');
    const files = `${k.files} ${plural(k.files, 'file')}${extra ? `, ${extra}` : ''}`;
    if (k.kind === 'index') lines.push(`history index: ${summary.indexedCommits ?? 0} ${plural(summary.indexedCommits ?? 0, 'commit')} (${files})`);
    else if (k.kind === 'states') lines.push(`ref tip states: ${k.entries} ${plural(k.entries, 'tip')} (${files})`);
    else lines.push(`${k.kind}: ${k.entries} ${plural(k.entries, 'entry', 'entries')} (${files})`);
  }
  if (summary.temporary > 0) lines.push(`temporary: ${summary.temporary} ${plural(summary.temporary, 'file')} being written or left by an interrupted run`);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export async function runCacheClear(options: CacheCommandOptions, io: Io): Promise<number> {
  const repo = await openRepository(options.repo);
  const { inside, outside } = cacheLocations(repo.commonDir, io.env);
  const cleared: { directory: string; files: number; bytes: number }[] = [];
  for (const directory of [inside, outside]) {
    // A file in place of the directory is what sent the cache elsewhere: not ours to delete.
    if (!existsSync(directory) || !statSync(directory).isDirectory()) continue;
    let files = 0;
    let bytes = 0;
    // The directory itself stays: a run writing right now renames its temp file into it.
    for (const name of readdirSync(directory)) {
      const file = path.join(directory, name);
      try {
        const stat = statSync(file);
        if (name.endsWith('.tmp') && Date.now() - stat.mtimeMs < 60_000) continue;
        rmSync(file, { recursive: true, force: true });
        files++;
        bytes += stat.size;
      } catch {
        // Removed by a concurrent run meanwhile.
      }
    }
    cleared.push({ directory, files, bytes });
  }
  if (options.json) io.stdout(envelope('cache clear', { cleared }));
  else if (cleared.length === 0) io.stdout('no cache to clear\n');
  else for (const c of cleared) io.stdout(`cleared ${c.directory}: ${c.files} ${plural(c.files, 'file')}, ${formatBytes(c.bytes)}\n`);
  return 0;
}

function summarise(directory: string): CacheSummary {
  const fingerprint = extractorFingerprint();
  const history = historyFingerprint();
  const kinds = new Map<string, KindSummary>();
  let files = 0;
  let bytes = 0;
  let temporary = 0;
  let newestIndex: { mtime: number; commits: number } | null = null;
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
    const segment = readSegment(file, own ?? '');
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
    if (!name.startsWith('states-base-')) kind.entries += segment.records.size;
    const index = segment.records.get('index');
    if (kind.kind === 'index' && index !== undefined && (!newestIndex || stat.mtimeMs > newestIndex.mtime)) {
      const commits = (JSON.parse(index) as { commits?: unknown }).commits;
      newestIndex = { mtime: stat.mtimeMs, commits: Array.isArray(commits) ? commits.length : 0 };
    }
  }
  return { directory, files, bytes, indexedCommits: newestIndex?.commits ?? null, kinds: [...kinds.values()], temporary };
}

/** The fingerprint in a segment's header line (`provenance-segment 1 <fingerprint>`). */
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

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
