import { describe, expect, it } from 'vitest';
import type { CacheInventory } from '../../src/history/cache-inventory.js';
import { renderCacheInventory, renderClearedCaches } from '../../src/render/cache-text.js';

const inventory = (fields: Partial<CacheInventory> = {}): CacheInventory => ({
  directory: '/repo/.git/provenance',
  files: 0,
  bytes: 0,
  indexedCommits: null,
  kinds: [],
  temporary: 0,
  ...fields,
});

describe('renderCacheInventory', () => {
  it('the directory, its size, and a line per kind: the index by commits, tip states by tips, the rest by entries', () => {
    const text = renderCacheInventory(
      inventory({
        files: 5,
        bytes: 3 * 1024 * 1024 + 512 * 1024,
        indexedCommits: 1,
        kinds: [
          { kind: 'facts', files: 2, bytes: 0, entries: 1, stale: 1, corrupt: 0 },
          { kind: 'index', files: 1, bytes: 0, entries: 1, stale: 0, corrupt: 0 },
          { kind: 'index-tail', files: 1, bytes: 0, entries: 1, stale: 0, corrupt: 0 },
          { kind: 'states', files: 1, bytes: 0, entries: 3, stale: 0, corrupt: 1 },
          { kind: 'snapshots', files: 1, bytes: 0, entries: 0, stale: 2, corrupt: 3 },
        ],
        temporary: 1,
      }),
    );
    expect(text).toBe(
      [
        'cache: /repo/.git/provenance',
        'size: 3.5 MiB in 5 files',
        'facts: 1 entry (2 files, 1 stale)',
        'history index: 1 commit (1 file)',
        'history index tail: appended by later runs (1 file)',
        'ref tip states: 3 tips (1 file, 1 corrupt)',
        'snapshots: 0 entries (1 file, 2 stale, 3 corrupt)',
        'temporary: 1 file being written or left by an interrupted run',
        '',
      ].join('\n'),
    );
  });

  it('an empty cache: bytes and no kinds; an index without a readable count says 0 commits', () => {
    expect(renderCacheInventory(inventory())).toBe('cache: /repo/.git/provenance\nsize: 0 B in 0 files\n');
    expect(renderCacheInventory(inventory({ files: 1, bytes: 1023, kinds: [{ kind: 'index', files: 1, bytes: 1023, entries: 0, stale: 0, corrupt: 1 }] }))).toBe(
      'cache: /repo/.git/provenance\nsize: 1023 B in 1 file\nhistory index: 0 commits (1 file, 1 corrupt)\n',
    );
    expect(renderCacheInventory(inventory({ files: 2, bytes: 1536 })).split('\n')[1]).toBe('size: 1.5 KiB in 2 files');
  });
});

describe('renderClearedCaches', () => {
  it('a line per directory emptied, or one saying there was none', () => {
    expect(
      renderClearedCaches([
        { directory: '/repo/.git/provenance', files: 3, bytes: 2048 },
        { directory: '/home/u/.cache/provenance/0123456789abcdef', files: 1, bytes: 10 },
      ]),
    ).toBe('cleared /repo/.git/provenance: 3 files, 2.0 KiB\ncleared /home/u/.cache/provenance/0123456789abcdef: 1 file, 10 B\n');
    expect(renderClearedCaches([])).toBe('no cache to clear\n');
  });
});
