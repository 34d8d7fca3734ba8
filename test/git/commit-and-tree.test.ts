import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { commitAndTreeOf, openRepository, type Repository } from '../../src/git/repo.js';

function treeOf(dir: string, commit: string): string {
  return execFileSync('git', ['-C', dir, 'rev-parse', `${commit}^{tree}`], { encoding: 'utf8' }).trim();
}

describe('commitAndTreeOf', () => {
  let repo: Scenario;
  let r: Repository;
  let first: string;
  let second: string;
  beforeAll(async () => {
    repo = createScenario();
    first = repo.commit('First', { 'a.txt': 'a\n' });
    repo.tag('v1', { message: 'annotated' });
    second = repo.commit('Second', { 'b.txt': 'b\n' });
    r = await openRepository(repo.dir);
  });
  afterAll(() => repo.cleanup());

  it('gives the commit a ref names and its tree: branches, annotated tags, HEAD~n and SHAs', async () => {
    expect(await commitAndTreeOf(r, 'main')).toEqual({ commit: second, tree: treeOf(repo.dir, second) });
    expect(await commitAndTreeOf(r, 'v1')).toEqual({ commit: first, tree: treeOf(repo.dir, first) });
    expect(await commitAndTreeOf(r, 'HEAD~1')).toEqual({ commit: first, tree: treeOf(repo.dir, first) });
    expect(await commitAndTreeOf(r, second.slice(0, 12))).toEqual({ commit: second, tree: treeOf(repo.dir, second) });
  });

  it('says nothing for what is not one commit, so that the caller reports it: unknown refs, ranges, option-like names', async () => {
    for (const ref of ['nope', 'main..v1', 'v1...main', '--all', '-h', '']) expect(await commitAndTreeOf(r, ref)).toBeNull();
  });

  it('answers in a bare repository, opened with one rev-parse', async () => {
    const bare = path.join(repo.dir, '..', `${path.basename(repo.dir)}-bare.git`);
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    try {
      const opened = await openRepository(bare);
      expect(opened.isBare).toBe(true);
      expect(opened.dir).toBe(opened.gitDir);
      expect(await commitAndTreeOf(opened, 'v1')).toEqual({ commit: first, tree: treeOf(repo.dir, first) });
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
