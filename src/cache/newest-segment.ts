import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { discardSegment, readSegment, writeSegment } from './segment-file.js';

export interface NewestSegment<T> {
  readonly value: T | null;
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
    return { value, warnings };
  }
  return { value: null, warnings };
}

/** Writes a new file atomically, then removes older ones (a concurrent writer's newer file survives). */
export function replaceSegment(dir: string, prefix: string, fingerprint: string, records: Iterable<[string, string]>): void {
  const written = writeSegment(dir, prefix, fingerprint, records);
  const mine = modifiedAt(written);
  // Already replaced: a concurrent run saved a newer file and removed this one.
  if (mine === null) return;
  for (const file of segmentFiles(dir, prefix)) {
    if (file === written) continue;
    const theirs = modifiedAt(file);
    // Two runs finishing in the same millisecond must not delete each other's file: the name breaks the tie.
    if (theirs !== null && (theirs < mine || (theirs === mine && file < written))) discardSegment(file);
  }
}

function segmentFiles(dir: string, prefix: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.startsWith(`${prefix}-`) && n.endsWith('.seg'))
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
