import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskBlobCache } from '../../src/cache/blob-cache.js';
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
});
