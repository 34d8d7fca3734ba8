import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { UnknownRefError, UsageError } from '../../src/errors.js';
import { openRepository } from '../../src/git/repo.js';
import { rangeSplits, resolveRevisionRange } from '../../src/git/revision-range.js';

describe('rangeSplits', () => {
  it.each([
    ['main..feature', [['main', 'feature', 'two-dot']]],
    ['main...feature', [['main', 'feature', 'three-dot']]],
    ['v1.2.3..v1.3.0', [['v1.2.3', 'v1.3.0', 'two-dot']]],
    ['v1.2...v1.3', [['v1.2', 'v1.3', 'three-dot']]],
    ['main..', [['main', 'HEAD', 'two-dot']]],
    ['..feature', [['HEAD', 'feature', 'two-dot']]],
    ['main^{/fix..}..HEAD', [['main^{/fix', '}..HEAD', 'two-dot'], ['main^{/fix..}', 'HEAD', 'two-dot']]],
    ['main', []],
    ['v1.2.3', []],
  ])('%s', (spec, expected) => {
    expect(rangeSplits(spec).map((s) => [s.base, s.head, s.operator])).toEqual(expected);
  });
});

describe('resolveRevisionRange', () => {
  let repo: Scenario;
  let first: string;
  let fork: string;
  let onMain: string;
  let onFeature: string;
  beforeAll(() => {
    repo = createScenario();
    first = repo.commit('First', { 'a.txt': 'a\n' });
    fork = repo.commit('Fix.. the parser', { 'b.txt': 'b\n' });
    repo.tag('v1.2.3', { message: 'release' });
    repo.branch('feature');
    onFeature = repo.commit('Feature', { 'c.txt': 'c\n' });
    repo.tag('v1.3.0');
    repo.switch('main');
    onMain = repo.commit('Main', { 'd.txt': 'd\n' });
  });
  afterAll(() => repo.cleanup());

  it('reads A..B, A...B and A B as git does', async () => {
    const r = await openRepository(repo.dir);
    const twoDot = await resolveRevisionRange(r, ['main..feature']);
    expect(twoDot).toMatchObject({ operator: 'two-dot', base: { ref: 'main', commit: onMain }, head: { ref: 'feature', commit: onFeature }, compareFrom: onMain, mergeBase: null, text: 'main..feature' });
    const threeDot = await resolveRevisionRange(r, ['main...feature']);
    expect(threeDot).toMatchObject({ operator: 'three-dot', base: { commit: onMain }, head: { commit: onFeature }, compareFrom: fork, mergeBase: fork, text: 'main...feature' });
    const pair = await resolveRevisionRange(r, ['main', 'feature']);
    expect(pair).toMatchObject({ operator: 'pair', base: { commit: onMain }, head: { commit: onFeature }, compareFrom: onMain, text: 'main feature' });
  });

  it('takes dotted tag names, annotated tags, omitted sides and revision expressions containing ..', async () => {
    const r = await openRepository(repo.dir);
    expect(await resolveRevisionRange(r, ['v1.2.3..v1.3.0'])).toMatchObject({ base: { commit: fork }, head: { commit: onFeature } });
    expect(await resolveRevisionRange(r, ['v1.2.3..'])).toMatchObject({ base: { ref: 'v1.2.3' }, head: { ref: 'HEAD', commit: onMain } });
    expect(await resolveRevisionRange(r, ['main^{/^Fix..}..main'])).toMatchObject({ base: { commit: fork }, head: { commit: onMain } });
    expect(await resolveRevisionRange(r, [`${first.slice(0, 12)}...feature`])).toMatchObject({ compareFrom: first });
  });

  it('rejects one revision, too many arguments and unknown refs with suggestions', async () => {
    const r = await openRepository(repo.dir);
    await expect(resolveRevisionRange(r, ['main'])).rejects.toThrow(UsageError);
    await expect(resolveRevisionRange(r, ['main'])).rejects.toThrow(/'main' is one revision/);
    await expect(resolveRevisionRange(r, ['a', 'b', 'c'])).rejects.toThrow(UsageError);
    const unknown = resolveRevisionRange(r, ['main..featur']);
    await expect(unknown).rejects.toThrow(UnknownRefError);
    await expect(unknown).rejects.toThrow(/unknown ref 'featur'.*closest branches: feature/);
    await expect(resolveRevisionRange(r, ['mian', 'feature'])).rejects.toThrow(/unknown ref 'mian'/);
  });
});
