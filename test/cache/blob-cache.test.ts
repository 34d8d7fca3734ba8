import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskBlobCache } from '../../src/cache/blob-cache.js';
import { readValue, scanSegment, writeSegmentWithRanges } from '../../src/cache/segment-file.js';
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
  });
});
