import { describe, expect, it } from 'vitest';
import { compactRefList } from '../../src/render/ref-list.js';

describe('compactRefList', () => {
  it('lists a few refs in full, in natural order', () => {
    expect(compactRefList(['feature/b10', 'feature/b2', 'main'])).toBe('main, feature/b2, feature/b10');
  });

  it('shortens a long namespace to its first two and last names with a count, and leads with the total; release tags newest first', () => {
    const refs = ['v2.0', 'main', ...Array.from({ length: 12 }, (_, i) => `feature/b${i + 1}`), 'v10.0', 'v1.0', 'origin/main'];
    expect(compactRefList(refs, ['main'])).toBe(
      '17 refs: main, v10.0, v2.0, v1.0, feature/b1, feature/b2, …, feature/b12 (12), origin/main',
    );
  });

  it('puts pinned refs first, only when they are in the list, and names each ref once', () => {
    expect(compactRefList(['a', 'b', 'b', 'c'], ['c', 'deployed', 'c'])).toBe('c, a, b');
  });
});

describe('compactRefList: release tags', () => {
  it('lists release tags after the default branch, newest first, shortened like a namespace when there are many', () => {
    const tags = ['v1.0.0', 'v1.10.0', 'v1.2.0', 'v1.2.0-rc.1', 'v2.0.0', '0.9'];
    expect(compactRefList([...tags, 'develop', 'main', 'fuzz/x'], ['main'])).toBe(
      '9 refs: main, v2.0.0, v1.10.0, …, 0.9 (6), develop, fuzz/x',
    );
  });
});
