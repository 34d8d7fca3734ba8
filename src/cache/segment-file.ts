import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * A cache segment: a header naming its format and fingerprint, `key TAB json` records, then (format 2)
 * a footer saying where each record's value sits with a hash of the value, a `footer <offset>` line,
 * and a trailer with the record count and a checksum of the footer. A truncated or garbled file is
 * detected instead of trusted: the footer by its checksum when the file is opened, a value by its
 * hash when it is read. Opening reads the footer only: a facts cache of tens of megabytes used to be
 * read and hashed whole by every run that looked up one blob. Format 1 (a checksum of the whole
 * body, no footer) is still read.
 */
const MAGIC = 'provenance-segment';
const FORMAT = '2';

/** A value that does not match the hash its segment's footer recorded. */
export class SegmentCorruptError extends Error {}

export type SegmentRead =
  | { readonly kind: 'ok'; readonly records: ReadonlyMap<string, string> }
  | { readonly kind: 'other-fingerprint' }
  /** Deleted between listing and reading, by a concurrent run's compaction: not corruption. */
  | { readonly kind: 'gone' }
  | { readonly kind: 'corrupt'; readonly reason: string };

/** A whole segment's records as text: for files read whole (the index, tip states); see `scanSegment`. */
export function readSegment(file: string, fingerprint: string): SegmentRead {
  const scanned = scanSegment(file, fingerprint);
  if (scanned.kind !== 'ok') return scanned;
  const records = new Map<string, string>();
  for (const [key, range] of scanned.ranges) {
    let value: Buffer | null;
    try {
      value = readValue(file, range);
    } catch (error) {
      if (error instanceof SegmentCorruptError) return { kind: 'corrupt', reason: error.message };
      throw error;
    }
    // Removed between the scan and the read, by a concurrent run: as if it had gone before.
    if (value === null) return { kind: 'gone' };
    records.set(key, value.toString('utf8'));
  }
  return { kind: 'ok', records };
}

const NEWLINE = 0x0a;
const TAB = 0x09;

/** A segment to merge was removed or cut short meanwhile (a concurrent run merged it): the merge is given up, nothing is lost. */
export class SegmentGoneError extends Error {}

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
  return writeSegmentWithRanges(dir, prefix, fingerprint, records).body.file;
}

/** The byte range of one record's value in a segment file. */
export interface ValueRange {
  readonly start: number;
  readonly length: number;
  /** The value's hash from the footer (format 2), checked when the value is read; a format-1 file was checked whole when opened. */
  readonly hash?: string;
}

/** Where a segment's records sit in its file, for reading values one at a time and for merging files. */
export interface SegmentBody {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly records: number;
}

/** `writeSegment`, also telling where each value landed (a cache that reads values back from disk as needed). */
export function writeSegmentWithRanges(
  dir: string,
  prefix: string,
  fingerprint: string,
  records: Iterable<[string, string]>,
): { readonly body: SegmentBody; readonly ranges: Map<string, ValueRange> } {
  if (writeProblem !== null) throw new CacheWriteError(writeProblem);
  const header = `${MAGIC} ${FORMAT} ${fingerprint}\n`;
  const start = Buffer.byteLength(header);
  const ranges = new Map<string, ValueRange>();
  let body = '';
  let at = start;
  for (const [key, value] of records) {
    if (key.includes('\t') || key.includes('\n') || value.includes('\n')) throw new Error(`unencodable cache record ${key}`);
    body += `${key}\t${value}\n`;
    const valueStart = at + Buffer.byteLength(key) + 1;
    const length = Buffer.byteLength(value);
    ranges.set(key, { start: valueStart, length, hash: valueHash(value) });
    at = valueStart + length + 1;
  }
  const file = placeSegment(dir, prefix, (temp) => writeFileSync(temp, `${header}${body}${footerOf(ranges, at)}`));
  return { body: { file, start, end: at, records: ranges.size }, ranges };
}

/** Writes a segment through `write` (given the temp path) and renames it into place; a failed write is said once. */
function placeSegment(dir: string, prefix: string, write: (temp: string) => void): string {
  if (writeProblem !== null) throw new CacheWriteError(writeProblem);
  const unique = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const final = path.join(dir, `${prefix}-${unique}.seg`);
  const temp = `${final}.tmp`;
  try {
    write(temp);
    renameSync(temp, final);
  } catch (error) {
    // A half-written temp file would keep the disk full.
    discardSegment(temp);
    if (error instanceof SegmentGoneError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    writeProblem = `cannot write the cache in ${dir} (${code}); answered without saving to it (free some space, or point XDG_CACHE_HOME elsewhere)`;
    throw new CacheWriteError(writeProblem);
  }
  return final;
}

/** Bytes read from a segment file per step when scanning or merging: a large cache never sits in memory whole. */
const CHUNK_BYTES = 1 << 20;

export type SegmentScan =
  | Exclude<SegmentRead, { readonly kind: 'ok' }>
  /** `legacy`: format 1, read whole to be checked; merging it writes it in the current format. */
  | { readonly kind: 'ok'; readonly body: SegmentBody; readonly ranges: Map<string, ValueRange>; readonly legacy: boolean };

/**
 * Checks a segment (header, trailer, checksum, record count) and notes where each value sits, reading
 * the file a chunk at a time: a cache of hundreds of megabytes is verified without being held.
 */
export function scanSegment(file: string, fingerprint: string): SegmentScan {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    return { kind: 'corrupt', reason: (error as Error).message };
  }
  try {
    return scanOpenSegment(fd, file, fingerprint);
  } catch (error) {
    return { kind: 'corrupt', reason: (error as Error).message };
  } finally {
    closeSync(fd);
  }
}

function scanOpenSegment(fd: number, file: string, fingerprint: string): SegmentScan {
  const head = Buffer.allocUnsafe(512);
  const headRead = readSync(fd, head, 0, head.length, 0);
  const firstNewline = head.subarray(0, headRead).indexOf(NEWLINE);
  const header = head.toString('utf8', 0, firstNewline < 0 ? Math.min(headRead, 200) : firstNewline);
  const [magic, version, fileFingerprint] = header.split(' ');
  if (magic !== MAGIC || (version !== FORMAT && version !== '1') || firstNewline < 0) return { kind: 'corrupt', reason: 'bad header' };
  if (fileFingerprint !== fingerprint) return { kind: 'other-fingerprint' };
  return version === FORMAT ? scanFooter(fd, file, firstNewline) : scanWholeBody(fd, file, firstNewline);
}

/**
 * Format 2: the trailer (`end <count> <checksum>`) is the last line, `footer <offset>` the one before;
 * between the records' end (the offset) and that line, one `key TAB start TAB length TAB hash` line per value.
 */
function scanFooter(fd: number, file: string, firstNewline: number): SegmentScan {
  const start = firstNewline + 1;
  const size = fstatSize(fd);
  // From the header's newline at the earliest: the footer line of an empty segment follows it.
  const tailStart = Math.max(firstNewline, size - 256);
  const tail = Buffer.allocUnsafe(size - tailStart);
  readSync(fd, tail, 0, tail.length, tailStart);
  const trailerAt = tail.lastIndexOf('\nend ', tail.length - 2);
  const footerLineAt = trailerAt < 0 ? -1 : tail.lastIndexOf('\nfooter ', trailerAt - 1);
  if (footerLineAt < 0 || tail[tail.length - 1] !== NEWLINE) return { kind: 'corrupt', reason: 'no trailer (truncated?)' };
  const [, count, checksum] = tail.toString('utf8', trailerAt + 1).trim().split(' ');
  const end = Number(tail.toString('utf8', footerLineAt + 8, trailerAt));
  const footerEnd = tailStart + footerLineAt + 1;
  if (!Number.isInteger(end) || end < start || end > footerEnd) return { kind: 'corrupt', reason: 'bad footer' };
  const footer = Buffer.allocUnsafe(tailStart + trailerAt + 1 - end);
  if (readSync(fd, footer, 0, footer.length, end) !== footer.length) return { kind: 'corrupt', reason: 'no trailer (truncated?)' };
  if (checksum !== digest(footer)) return { kind: 'corrupt', reason: 'checksum mismatch' };
  const ranges = new Map<string, ValueRange>();
  const lines = footer.toString('utf8', 0, footerEnd - end).split('\n');
  lines.pop();
  for (const line of lines) {
    const [key, valueStart, length, hash] = line.split('\t');
    const range = { start: Number(valueStart), length: Number(length), hash: hash ?? '' };
    if (key === undefined || !Number.isInteger(range.start) || !Number.isInteger(range.length) || range.start < start || range.start + range.length >= end || range.hash.length !== 16) {
      return { kind: 'corrupt', reason: 'bad footer' };
    }
    ranges.set(key, range);
  }
  if (ranges.size !== Number(count)) return { kind: 'corrupt', reason: 'record count mismatch' };
  return { kind: 'ok', body: { file, start, end, records: ranges.size }, ranges, legacy: false };
}

/** Format 1: the trailer (`end <count> <checksum>`) is the last line; the checksum covers every record, so the whole file is read. */
function scanWholeBody(fd: number, file: string, firstNewline: number): SegmentScan {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const size = fstatSize(fd);
  const tailStart = Math.max(firstNewline, size - 256);
  const tail = Buffer.allocUnsafe(size - tailStart);
  readSync(fd, tail, 0, tail.length, tailStart);
  const trailerAt = tail.lastIndexOf('\nend ', tail.length - 2);
  if (trailerAt < 0 || tail[tail.length - 1] !== NEWLINE) return { kind: 'corrupt', reason: 'no trailer (truncated?)' };
  const [, count, checksum] = tail.toString('utf8', trailerAt + 1).trim().split(' ');
  const start = firstNewline + 1;
  const end = tailStart + trailerAt + 1;
  const hash = createHash('sha256');
  const ranges = new Map<string, ValueRange>();
  let records = 0;
  // A record's key may span two chunks; its value's start is known once the tab is seen.
  let keyParts: Buffer[] = [];
  let key = '';
  let valueStart = -1;
  for (let offset = start; offset < end; ) {
    const read = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, end - offset), offset);
    if (read <= 0) return { kind: 'corrupt', reason: 'no trailer (truncated?)' };
    const part = chunk.subarray(0, read);
    hash.update(part);
    let i = 0;
    while (i < read) {
      if (valueStart < 0) {
        const newline = part.indexOf(NEWLINE, i);
        const tab = part.indexOf(TAB, i);
        if (newline >= 0 && (tab < 0 || newline < tab)) {
          // An empty line is allowed (as the whole-file reader allows it); a key without a value is not.
          if (newline > i || keyParts.length > 0) return { kind: 'corrupt', reason: 'bad record' };
          i = newline + 1;
        } else if (tab < 0) {
          keyParts.push(Buffer.from(part.subarray(i)));
          i = read;
        } else {
          keyParts.push(part.subarray(i, tab));
          key = Buffer.concat(keyParts).toString('utf8');
          keyParts = [];
          valueStart = offset + tab + 1;
          i = tab + 1;
        }
      } else {
        const newline = part.indexOf(NEWLINE, i);
        if (newline < 0) break;
        ranges.set(key, { start: valueStart, length: offset + newline - valueStart });
        records++;
        valueStart = -1;
        i = newline + 1;
      }
    }
    offset += read;
  }
  if (valueStart >= 0 || keyParts.length > 0) return { kind: 'corrupt', reason: 'bad record' };
  if (checksum !== hash.digest('hex').slice(0, 32)) return { kind: 'corrupt', reason: 'checksum mismatch' };
  if (records !== Number(count)) return { kind: 'corrupt', reason: 'record count mismatch' };
  return { kind: 'ok', body: { file, start, end, records }, ranges, legacy: true };
}

/** `scanSegment`, with every value checked against its hash too: for a report that must find any damage (`cache info`). */
export function verifySegment(file: string, fingerprint: string): SegmentScan {
  const scanned = scanSegment(file, fingerprint);
  if (scanned.kind !== 'ok') return scanned;
  for (const range of scanned.ranges.values()) {
    try {
      if (readValue(file, range) === null) return { kind: 'gone' };
    } catch (error) {
      if (error instanceof SegmentCorruptError) return { kind: 'corrupt', reason: error.message };
      throw error;
    }
  }
  return scanned;
}

/** Removes a corrupt cache file; one that cannot be removed (a directory in its place) is only skipped. */
export function discardSegment(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Reported as corrupt again next time, never trusted.
  }
}

function fstatSize(fd: number): number {
  return fstatSync(fd).size;
}

/**
 * One value's bytes, or null when the file is gone (a concurrent run merged it away) or shorter than
 * expected; a SegmentCorruptError when they are not what the footer recorded.
 */
export function readValue(file: string, range: ValueRange): Buffer | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  let bytes: Buffer | null;
  try {
    bytes = Buffer.allocUnsafe(range.length);
    if (readSync(fd, bytes, 0, range.length, range.start) !== range.length) bytes = null;
  } catch {
    bytes = null;
  } finally {
    closeSync(fd);
  }
  if (bytes !== null && range.hash !== undefined && valueHash(bytes) !== range.hash) throw new SegmentCorruptError('checksum mismatch');
  return bytes;
}

/**
 * One segment holding the records of `parts` (segments of the same fingerprint, already verified),
 * copied a chunk at a time. Returns the new body and, per part, how far its values moved.
 */
export function mergeSegments(dir: string, prefix: string, fingerprint: string, parts: readonly SegmentBody[]): { readonly body: SegmentBody; readonly shifts: readonly number[] } {
  const header = `${MAGIC} ${FORMAT} ${fingerprint}\n`;
  const ranges = new Map<string, ValueRange>();
  const start = Buffer.byteLength(header);
  const shifts: number[] = [];
  let end = start;
  const file = placeSegment(dir, prefix, (temp) => {
    const out = openSync(temp, 'w');
    try {
      writeSync(out, header);
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      for (const part of parts) {
        const shift = end - part.start;
        shifts.push(shift);
        // The footer lists where each value lands, with its hash (read and computed here for a format-1 part).
        for (const [key, range] of partRanges(part, fingerprint)) ranges.set(key, { start: range.start + shift, length: range.length, hash: range.hash ?? hashOfStored(part.file, range) });
        let fd: number;
        try {
          fd = openSync(part.file, 'r');
        } catch {
          throw new SegmentGoneError(part.file);
        }
        try {
          for (let offset = part.start; offset < part.end; ) {
            const read = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, part.end - offset), offset);
            if (read <= 0) throw new SegmentGoneError(part.file);
            writeSync(out, chunk, 0, read);
            offset += read;
          }
        } finally {
          closeSync(fd);
        }
        end += part.end - part.start;
      }
      writeSync(out, footerOf(ranges, end));
    } finally {
      closeSync(out);
    }
  });
  return { body: { file, start, end, records: ranges.size }, shifts };
}

/** Where a part's values sit, read again from its file: a part removed or changed meanwhile gives up the merge. */
function partRanges(part: SegmentBody, fingerprint: string): ReadonlyMap<string, ValueRange> {
  const scanned = scanSegment(part.file, fingerprint);
  if (scanned.kind !== 'ok' || scanned.body.start !== part.start || scanned.body.end !== part.end) throw new SegmentGoneError(part.file);
  return scanned.ranges;
}

function hashOfStored(file: string, range: ValueRange): string {
  const bytes = readValue(file, range);
  if (bytes === null) throw new SegmentGoneError(file);
  return valueHash(bytes);
}

/** The footer, its line and the trailer, for records whose values end at `end`. */
function footerOf(ranges: ReadonlyMap<string, ValueRange>, end: number): string {
  let footer = '';
  for (const [key, range] of ranges) footer += `${key}\t${range.start}\t${range.length}\t${range.hash ?? ''}\n`;
  footer += `footer ${end}\n`;
  return `${footer}end ${ranges.size} ${digest(footer)}\n`;
}

/** 64 bits of a value's SHA-256: enough to tell a damaged value from the one written. */
function valueHash(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

function digest(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
