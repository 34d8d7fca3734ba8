import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { discardSegment, readSegment, writeSegment } from '../cache/segment-file.js';
import { metricRecord, type IndexData } from './index-model.js';

const PREFIX = 'index';

export interface LoadedIndex {
  readonly data: IndexData | null;
  readonly warnings: readonly string[];
}

/** The newest intact index file; corrupt ones are reported, removed, and the index is rebuilt from the blob cache. */
export function loadIndex(dir: string, fingerprint: string): LoadedIndex {
  const warnings: string[] = [];
  const files = readdirSync(dir)
    .filter((n) => n.startsWith(`${PREFIX}-`) && n.endsWith('.seg'))
    .map((n) => ({ file: path.join(dir, n), mtime: modifiedAt(path.join(dir, n)) }))
    .filter((f) => f.mtime !== null)
    .sort((a, b) => (b.mtime ?? 0) - (a.mtime ?? 0));
  for (const { file } of files) {
    const segment = readSegment(file, fingerprint);
    if (segment.kind === 'other-fingerprint' || segment.kind === 'gone') continue;
    const parsed = segment.kind === 'ok' ? parseIndex(segment.records.get('index')) : null;
    if (parsed === null) {
      const reason = segment.kind === 'corrupt' ? segment.reason : 'not an index';
      warnings.push(`index file ${path.basename(file)} is corrupt (${reason}); discarded and rebuilt`);
      discardSegment(file);
      continue;
    }
    return { data: { ...parsed, events: metricRecord(parsed.events) }, warnings };
  }
  return { data: null, warnings };
}

/** The stored index, or null when the record is missing or not an index (a checksum only proves the bytes are as written). */
function parseIndex(raw: string | undefined): IndexData | null {
  if (raw === undefined) return null;
  try {
    const data = JSON.parse(raw) as Partial<IndexData> | null;
    const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!isRecord(data) || !isRecord(data?.commits) || !isRecord(data?.events) || !isRecord(data?.tips)) return null;
    return Array.isArray(data?.defs) && Array.isArray(data?.sets) ? (data as IndexData) : null;
  } catch {
    return null;
  }
}

/** Writes a new index file atomically, then removes older ones (a concurrent writer's newer file survives). */
export function saveIndex(dir: string, data: IndexData): void {
  const written = writeSegment(dir, PREFIX, data.fingerprint, [['index', JSON.stringify(data)]]);
  const mine = modifiedAt(written);
  // Already replaced: a concurrent run saved a newer index and removed this one.
  if (mine === null) return;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === written || !name.startsWith(`${PREFIX}-`) || !name.endsWith('.seg')) continue;
    const theirs = modifiedAt(file);
    // Two runs finishing in the same millisecond must not delete each other's file: the name breaks the tie.
    if (theirs !== null && (theirs < mine || (theirs === mine && file < written))) discardSegment(file);
  }
}

/** A file's mtime, or null when a concurrent run has just removed it. */
function modifiedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
