import { describe, expect, it } from 'vitest';
import { adviceOrder, displayOrder, isReleaseTag } from '../../src/analyses/ref-order.js';

describe('isReleaseTag', () => {
  it.each([
    ['v1.0.0', true],
    ['1.2', true],
    ['v2.0.0-rc.1', true],
    ['v1.2.3+build.7', true],
    ['v1', false],
    ['release/1.2', false],
    ['main', false],
    ['stablize-fuzz-test', false],
  ])('%s → %s', (ref, expected) => {
    expect(isReleaseTag(ref)).toBe(expected);
  });
});

describe('displayOrder', () => {
  it('default branch, release tags newest first (a release after its candidates), other names, then namespaces, in natural order', () => {
    expect(displayOrder(['feature/b10', 'v1.0.0', 'main', 'v1.10.0', 'origin/main', 'feature/b2', 'v1.2.0', 'v1.2.0-rc.1', 'zeta', 'develop'], 'main')).toEqual([
      'main',
      'v1.10.0',
      'v1.2.0',
      'v1.2.0-rc.1',
      'v1.0.0',
      'develop',
      'zeta',
      'feature/b2',
      'feature/b10',
      'origin/main',
    ]);
  });

  it('without a default branch, main is just another name', () => {
    expect(displayOrder(['main', 'v1.0', 'a'], null)).toEqual(['v1.0', 'a', 'main']);
  });
});

describe('adviceOrder', () => {
  const refs = [
    { ref: 'stablize-fuzz-test', ahead: 1, behind: 0 },
    { ref: 'v0.9.0', ahead: 2, behind: 5 },
    { ref: 'main', ahead: 9, behind: 0 },
    { ref: 'v1.1.0', ahead: 4, behind: 0 },
    { ref: 'v1.2.0', ahead: 6, behind: 0 },
    { ref: 'feature/x', ahead: 3, behind: 2 },
  ];

  it('default branch, newer release tags (newest first), other branches (fewest ahead first), then older tags', () => {
    expect(adviceOrder(refs, { deployed: 'v1.0.0', defaultBranch: 'main' }).map((r) => r.ref)).toEqual([
      'main',
      'v1.2.0',
      'v1.1.0',
      'stablize-fuzz-test',
      'feature/x',
      'v0.9.0',
    ]);
  });

  it('when the deployed ref is no version, a tag is newer when it contains the deployed commit', () => {
    expect(adviceOrder(refs, { deployed: 'abc1234', defaultBranch: null }).map((r) => r.ref)).toEqual([
      'v1.2.0',
      'v1.1.0',
      'stablize-fuzz-test',
      'feature/x',
      'main',
      'v0.9.0',
    ]);
  });
});
