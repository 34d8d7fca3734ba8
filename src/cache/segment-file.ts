import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A cache segment: a header naming its format and fingerprint, `key TAB json` records, and a trailer
 * with the record count and a checksum, so a truncated or garbled file is detected instead of trusted.
 */
const MAGIC = 'provenance-segment';

export type SegmentRead =
  | { readonly kind: 'ok'; readonly records: ReadonlyMap<string, string> }
  | { readonly kind: 'other-fingerprint' }
  /** Deleted between listing and reading, by a concurrent run's compaction: not corruption. */
  | { readonly kind: 'gone' }
  | { readonly kind: 'corrupt'; readonly reason: string };

export function readSegment(file: string, fingerprint: string): SegmentRead {
  const read = readSegmentBytes(file, fingerprint);
  if (read.kind !== 'ok') return read;
  return { kind: 'ok', records: new Map([...read.records].map(([key, value]) => [key, value.toString('utf8')])) };
}

export type SegmentBytesRead = Exclude<SegmentRead, { readonly kind: 'ok' }> | { readonly kind: 'ok'; readonly records: ReadonlyMap<string, Buffer> };

/**
 * A segment with each record's value left as bytes (views into the file's buffer): a run that needs a
 * few hundred of a large cache's entries decodes only those. The checksum covers the same bytes as
 * the text the writer hashed.
 */
export function readSegmentBytes(file: string, fingerprint: string): SegmentBytesRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    return { kind: 'corrupt', reason: (error as Error).message };
  }
  const firstNewline = bytes.indexOf(NEWLINE);
  const header = bytes.toString('utf8', 0, firstNewline < 0 ? Math.min(bytes.length, 200) : firstNewline);
  const [magic, version, fileFingerprint] = header.split(' ');
  if (magic !== MAGIC || version !== '1') return { kind: 'corrupt', reason: 'bad header' };
  if (fileFingerprint !== fingerprint) return { kind: 'other-fingerprint' };
  const trailerStart = bytes.lastIndexOf('\nend ', bytes.length - 2);
  if (trailerStart < firstNewline) return { kind: 'corrupt', reason: 'no trailer (truncated?)' };
  const body = bytes.subarray(firstNewline + 1, trailerStart + 1);
  const [, count, checksum] = bytes.toString('utf8', trailerStart + 1).trim().split(' ');
  if (checksum !== digest(body)) return { kind: 'corrupt', reason: 'checksum mismatch' };
  const records = new Map<string, Buffer>();
  for (let at = 0; at < body.length; ) {
    const end = body.indexOf(NEWLINE, at);
    const line = end < 0 ? body.length : end;
    if (line > at) {
      const tab = body.indexOf(TAB, at);
      if (tab < 0 || tab > line) return { kind: 'corrupt', reason: 'bad record' };
      records.set(body.toString('utf8', at, tab), body.subarray(tab + 1, line));
    }
    at = line + 1;
  }
  if (records.size !== Number(count)) return { kind: 'corrupt', reason: 'record count mismatch' };
  return { kind: 'ok', records };
}

const NEWLINE = 0x0a;
const TAB = 0x09;

/** A cache file could not be written (a full disk, a quota, a read-only directory): the run answers without it. */
export class CacheWriteError extends Error {}

/** The first failed write of this run, said once; later writes are not even tried. */
let writeProblem: string | null = null;

let reported = false;

/** The problem, for a run's warnings: asking marks it as said. */
export function cacheWriteProblem(): string | null {
  if (writeProblem !== null) reported = true;
  return writeProblem;
}

/** A problem no warning list carried (it came up while closing, after the warnings were printed). */
export function unreportedCacheWriteProblem(): string | null {
  return reported ? null : writeProblem;
}

/** A new run (an opened analysis) tries to write again. */
export function resetCacheWriteProblem(): void {
  writeProblem = null;
  reported = false;
}

/** Writes to a unique temp file and renames it into place: readers never see a half-written segment. */
export function writeSegment(dir: string, prefix: string, fingerprint: string, records: Iterable<[string, string]>): string {
  if (writeProblem !== null) throw new CacheWriteError(writeProblem);
  let body = '';
  let count = 0;
  for (const [key, value] of records) {
    if (key.includes('\t') || key.includes('\n') || value.includes('\n')) throw new Error(`unencodable cache record ${key}`);
    body += `${key}\t${value}\n`;
    count++;
  }
  const unique = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const final = path.join(dir, `${prefix}-${unique}.seg`);
  const temp = `${final}.tmp`;
  try {
    writeFileSync(temp, `${MAGIC} 1 ${fingerprint}\n${body}end ${count} ${digest(body)}\n`);
    renameSync(temp, final);
  } catch (error) {
    // A half-written temp file would keep the disk full.
    discardSegment(temp);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    writeProblem = `cannot write the cache in ${dir} (${code}); answered without saving to it (free some space, or point XDG_CACHE_HOME elsewhere)`;
    throw new CacheWriteError(writeProblem);
  }
  return final;
}

/** Removes a corrupt cache file; one that cannot be removed (a directory in its place) is only skipped. */
export function discardSegment(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Reported as corrupt again next time, never trusted.
  }
}

function digest(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
