import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskBlobCache } from '../../src/cache/blob-cache.js';
import { readValue, scanSegment, SegmentCorruptError, verifySegment, writeSegmentWithRanges } from '../../src/cache/segment-file.js';
import { EMPTY_FACTS } from '../../src/extract/empty-facts.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-cache-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const facts = { ...EMPTY_FACTS, diagnostics: [{ severity: 'warning' as const, line: 1, column: 1, message: 'x' }] };

/** A segment as format 1 wrote it (earlier versions): no footer, one checksum over every record. */
function writeFormat1(file: string, fingerprint: string, records: readonly [string, string][]): void {
  const body = records.map(([key, value]) => `${key}\t${value}\n`).join('');
  writeFileSync(file, `provenance-segment 1 ${fingerprint}\n${body}end ${records.length} ${createHash('sha256').update(body).digest('hex').slice(0, 32)}\n`);
}

const oidOf = (i: number) => i.toString(16).padStart(40, '0');

describe('DiskBlobCache', () => {
  it('persists entries across instances with the same fingerprint only', () => {
    const dir = tempDir();
    const first = new DiskBlobCache<typeof facts>(dir, 'fp1');
    first.set('a'.repeat(40), facts);
    first.flush();
    expect(new DiskBlobCache<typeof facts>(dir, 'fp1').get('a'.repeat(40))).toEqual(facts);
    expect(new DiskBlobCache<typeof facts>(dir, 'fp2').get('a'.repeat(40))).toBeUndefined();
  });

  it('detects a truncated segment, warns, and never returns its entries', () => {
    const dir = tempDir();
    const cache = new DiskBlobCache<typeof facts>(dir, 'fp');
    cache.set('b'.repeat(40), facts);
    cache.flush();
    const [segment] = readdirSync(dir);
    const file = path.join(dir, segment as string);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 20));
    const reopened = new DiskBlobCache<typeof facts>(dir, 'fp');
    expect(reopened.get('b'.repeat(40))).toBeUndefined();
    expect(reopened.warnings).toEqual([expect.stringMatching(/corrupt \(no trailer|corrupt \(checksum/)]);
  });

  it('detects a garbled record through the checksum', () => {
    const dir = tempDir();
    const cache = new DiskBlobCache<typeof facts>(dir, 'fp');
    cache.set('c'.repeat(40), facts);
    cache.flush();
    const file = path.join(dir, readdirSync(dir)[0] as string);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"x"', '"y"'));
    const reopened = new DiskBlobCache<typeof facts>(dir, 'fp');
    expect(reopened.get('c'.repeat(40))).toBeUndefined();
    expect(reopened.warnings[0]).toMatch(/checksum mismatch/);
  });

  it('compacts many segments into one without losing entries', () => {
    const dir = tempDir();
    for (let i = 0; i < 15; i++) {
      const cache = new DiskBlobCache<typeof facts>(dir, 'fp');
      cache.set(i.toString(16).padStart(40, '0'), facts);
      cache.flush();
    }
    const merged = new DiskBlobCache<typeof facts>(dir, 'fp');
    expect(merged.size).toBe(15);
    expect(readdirSync(dir).length).toBeLessThanOrEqual(13);
  });

  it('reads every entry back from disk after flushes and merges, in this run and the next', () => {
    const dir = tempDir();
    const cache = new DiskBlobCache<{ n: number; pad: string }>(dir, 'fp');
    const oid = (i: number) => i.toString(16).padStart(40, '0');
    // Values large enough that flushes happen by size and merges by count; more entries than are kept parsed.
    for (let i = 0; i < 1200; i++) cache.set(oid(i), { n: i, pad: 'é'.repeat(60_000 + i) });
    cache.flush();
    expect(readdirSync(dir).filter((f) => f.endsWith('.seg')).length).toBeLessThanOrEqual(13);
    for (const i of [0, 1, 599, 1199]) expect(cache.get(oid(i))?.n).toBe(i);
    const reopened = new DiskBlobCache<{ n: number; pad: string }>(dir, 'fp');
    expect(reopened.size).toBe(1200);
    for (let i = 0; i < 1200; i += 7) expect(reopened.get(oid(i))).toEqual({ n: i, pad: 'é'.repeat(60_000 + i) });
    expect(reopened.warnings).toEqual([]);
  });

  it('finds a damaged value when it reads it, not when it opens the segment: warns, discards the segment, computes its entries again', () => {
    const dir = tempDir();
    const cache = new DiskBlobCache<{ n: number }>(dir, 'fp');
    for (let i = 0; i < 3; i++) cache.set(oidOf(i), { n: i });
    cache.flush();
    const file = path.join(dir, readdirSync(dir)[0] as string);
    writeFileSync(file, readFileSync(file, 'utf8').replace('{"n":1}', '{"n":7}'));
    // Opening reads the footer only, and the footer is intact.
    expect(scanSegment(file, 'fp').kind).toBe('ok');
    expect(verifySegment(file, 'fp')).toEqual({ kind: 'corrupt', reason: 'checksum mismatch' });
    const reopened = new DiskBlobCache<{ n: number }>(dir, 'fp');
    expect(reopened.get(oidOf(0))).toEqual({ n: 0 });
    expect(reopened.warnings).toEqual([]);
    expect(reopened.get(oidOf(1))).toBeUndefined();
    expect(reopened.warnings).toEqual([`cache segment ${path.basename(file)} is corrupt (checksum mismatch); discarded, its entries will be rebuilt`]);
    expect(readdirSync(dir)).toEqual([]);
    // The segment's other entries are computed again too, and nothing more is said.
    expect(reopened.get(oidOf(2))).toBeUndefined();
    expect(reopened.warnings).toHaveLength(1);
  });

  it('reads a format-1 segment an earlier version wrote, and rewrites it with a footer the first time it opens it', () => {
    const dir = tempDir();
    writeFormat1(path.join(dir, 'facts-old-1-00000000.seg'), 'fp', [[oidOf(100), JSON.stringify(EMPTY_FACTS)], [oidOf(101), JSON.stringify(facts)]]);
    const old = new DiskBlobCache<typeof facts>(dir, 'fp');
    expect(old.get(oidOf(100))).toEqual(EMPTY_FACTS);
    expect(old.get(oidOf(101))).toEqual(facts);
    const [upgraded, ...others] = readdirSync(dir);
    expect(others).toEqual([]);
    expect(upgraded).not.toBe('facts-old-1-00000000.seg');
    expect(readFileSync(path.join(dir, upgraded as string), 'utf8').startsWith('provenance-segment 2 fp\n')).toBe(true);
    expect(old.warnings).toEqual([]);
    for (let i = 0; i < 14; i++) {
      const cache = new DiskBlobCache<typeof facts>(dir, 'fp');
      cache.set(oidOf(i), facts);
      cache.flush();
    }
    const files = readdirSync(dir);
    expect(files.length).toBeLessThanOrEqual(13);
    expect(files).not.toContain('facts-old-1-00000000.seg');
    const reopened = new DiskBlobCache<typeof facts>(dir, 'fp');
    expect(reopened.size).toBe(16);
    expect(reopened.get(oidOf(100))).toEqual(EMPTY_FACTS);
    expect(reopened.get(oidOf(101))).toEqual(facts);
    for (const i of [0, 13]) expect(reopened.get(oidOf(i))).toEqual(facts);
    for (const name of files) {
      const file = path.join(dir, name);
      expect(readFileSync(file, 'utf8').startsWith('provenance-segment 2 fp\n')).toBe(true);
      const verified = verifySegment(file, 'fp');
      expect(verified.kind).toBe('ok');
      if (verified.kind === 'ok') for (const range of verified.ranges.values()) expect(range.hash).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(reopened.warnings).toEqual([]);
  });
});

describe('scanSegment', () => {
  it('finds every value where it was written, also when a key or value spans the chunks it reads', () => {
    const dir = tempDir();
    const records: [string, string][] = [];
    // Values near the 1 MiB read size put keys and tabs across chunk borders.
    for (let i = 0; i < 9; i++) records.push([`key-${i}-${'k'.repeat(i * 3)}`, JSON.stringify('ü'.repeat((1 << 19) - 7 * i))]);
    const written = writeSegmentWithRanges(dir, 'facts', 'fp', records);
    const scanned = scanSegment(written.body.file, 'fp');
    expect(scanned.kind).toBe('ok');
    if (scanned.kind !== 'ok') return;
    expect([...scanned.ranges]).toEqual([...written.ranges]);
    expect(scanned.body).toEqual(written.body);
    for (const [key, value] of records) expect(readValue(written.body.file, scanned.ranges.get(key) as { start: number; length: number })?.toString('utf8')).toBe(value);
    expect(scanSegment(written.body.file, 'other').kind).toBe('other-fingerprint');

    // Format 1 (read through the whole body) finds the same values, across the same borders.
    const old = path.join(dir, 'facts-old-1-00000000.seg');
    writeFormat1(old, 'fp', records);
    const legacy = scanSegment(old, 'fp');
    expect(legacy.kind).toBe('ok');
    if (legacy.kind !== 'ok') return;
    for (const [key, value] of records) expect(readValue(old, legacy.ranges.get(key) as { start: number; length: number })?.toString('utf8')).toBe(value);
  });

  it('checks a value against its footer hash when it reads it', () => {
    const dir = tempDir();
    const written = writeSegmentWithRanges(dir, 'facts', 'fp', [['a', '"value"']]);
    const range = written.ranges.get('a') as { start: number; length: number; hash: string };
    copyFileSync(written.body.file, `${written.body.file}.copy`);
    const bytes = readFileSync(written.body.file);
    bytes[range.start + 1] = 0x56; // "value" -> "Value"
    writeFileSync(written.body.file, bytes);
    expect(() => readValue(written.body.file, range)).toThrow(SegmentCorruptError);
    expect(readValue(`${written.body.file}.copy`, range)?.toString('utf8')).toBe('"value"');
  });
});
