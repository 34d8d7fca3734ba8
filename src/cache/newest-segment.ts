import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { discardSegment, readSegment, writeSegment } from './segment-file.js';

export interface NewestSegment<T> {
  readonly value: T | null;
  /** The file the value was read from. */
  readonly file: string | null;
  readonly warnings: readonly string[];
}

/**
 * For data kept as one whole file that each run replaces (the history index, the tree states of ref
 * tips): the newest intact file of `prefix`, read through `accept`; corrupt ones are reported and removed.
 */
export function readNewestSegment<T>(
  dir: string,
  prefix: string,
  fingerprint: string,
  /** How warnings name the file (`index`) and a file that parses but is not one (`not an index`). */
  what: { readonly file: string; readonly invalid: string },
  accept: (records: ReadonlyMap<string, string>) => T | null,
): NewestSegment<T> {
  const warnings: string[] = [];
  const files = segmentFiles(dir, prefix)
    .map((file) => ({ file, mtime: modifiedAt(file) }))
    .filter((f) => f.mtime !== null)
    .sort((a, b) => (b.mtime ?? 0) - (a.mtime ?? 0));
  for (const { file } of files) {
    const segment = readSegment(file, fingerprint);
    if (segment.kind === 'other-fingerprint' || segment.kind === 'gone') continue;
    const value = segment.kind === 'ok' ? accept(segment.records) : null;
    if (value === null) {
      const reason = segment.kind === 'corrupt' ? segment.reason : what.invalid;
      warnings.push(`${what.file} file ${path.basename(file)} is corrupt (${reason}); discarded and rebuilt`);
      discardSegment(file);
      continue;
    }
    return { value, file, warnings };
  }
  return { value: null, file: null, warnings };
}

/** Writes a new file atomically, then removes older ones (a concurrent writer's newer file survives); returns the file written. */
export function replaceSegment(dir: string, prefix: string, fingerprint: string, records: Iterable<[string, string]>): string {
  const written = writeSegment(dir, prefix, fingerprint, records);
  const mine = modifiedAt(written);
  // Already replaced: a concurrent run saved a newer file and removed this one.
  if (mine === null) return written;
  for (const file of segmentFiles(dir, prefix)) {
    if (file === written) continue;
    const theirs = modifiedAt(file);
    // Two runs finishing in the same millisecond must not delete each other's file: the name breaks the tie.
    if (theirs !== null && (theirs < mine || (theirs === mine && file < written))) discardSegment(file);
  }
  return written;
}

/** What `writeSegment` appends to a prefix: time, pid, random hex. */
const UNIQUE_SUFFIX = /^[0-9a-z]+-\d+-[0-9a-f]+\.seg$/;

/** The files of exactly this prefix: `index-…` does not take in `index-tail-…`. */
export function segmentFiles(dir: string, prefix: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.startsWith(`${prefix}-`) && UNIQUE_SUFFIX.test(n.slice(prefix.length + 1)))
    .map((n) => path.join(dir, n));
}

/** A file's mtime, or null when a concurrent run has just removed it. */
function modifiedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
