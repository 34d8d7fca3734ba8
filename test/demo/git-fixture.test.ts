import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createScenario, DEFAULT_IDENTITY, type Scenario } from '../../src/demo/git-fixture.js';
import { buildScenario, type ScenarioStep } from '../../src/demo/git-fixture-steps.js';
import { clonePartial, cloneShallow } from '../../src/demo/git-fixture-clones.js';

const open: Scenario[] = [];
function track<T extends Scenario>(scenario: T): T {
  open.push(scenario);
  return scenario;
}
afterEach(() => {
  for (const scenario of open.splice(0)) scenario.cleanup();
});

const STEPS: readonly ScenarioStep[] = [
  { kind: 'commit', message: 'Add metrics', files: { 'src/metrics.rs': 'pub static X: u8 = 1;\n' } },
  { kind: 'tag', name: 'v1.0', message: 'v1.0' },
  { kind: 'branch', name: 'feature' },
  {
    kind: 'commit',
    message: 'Feature work\n\nWith a body.',
    files: { 'src/feature.rs': 'pub fn f() {}\n', 'src/metrics.rs': null },
    author: 'Tomás Ferreira <tomas@example.invalid>',
  },
  { kind: 'switch', ref: 'main' },
  { kind: 'commit', message: 'Main work', files: { 'README.md': '# demo\n' } },
  { kind: 'merge', ref: 'feature', message: 'Merge feature', noFastForward: true },
];

function log(repo: Scenario, format: string, ref = 'HEAD'): string[] {
  return repo.git(['log', `--format=${format}`, ref]).trim().split('\n');
}

describe('buildScenario', () => {
  it('gives the same SHAs for the same steps in two temp dirs', () => {
    const first = track(buildScenario(STEPS));
    const second = track(buildScenario(STEPS));
    expect(first.dir).not.toBe(second.dir);
    for (const ref of ['main', 'feature', 'v1.0', 'main^1', 'main^2']) expect(second.sha(ref)).toBe(first.sha(ref));
    expect(second.git(['rev-parse', 'v1.0'])).toBe(first.git(['rev-parse', 'v1.0']));
    // Pinned: a change to dates, identities or config that alters SHAs must be deliberate.
    expect(first.sha('main')).toBe('88ccb92161a4d040bdf4a513fe1896f66c615d60');
  });

  it('dates commits one minute apart from 2024-01-01T00:00:00Z with fixed identities', () => {
    const repo = track(buildScenario(STEPS));
    expect(log(repo, '%s|%an <%ae>|%cn <%ce>|%aI|%cI', '--date-order').reverse()).toEqual([
      `Add metrics|${DEFAULT_IDENTITY}|${DEFAULT_IDENTITY}|2024-01-01T00:00:00+00:00|2024-01-01T00:00:00+00:00`,
      'Feature work|Tomás Ferreira <tomas@example.invalid>|Tomás Ferreira <tomas@example.invalid>|2024-01-01T00:01:00+00:00|2024-01-01T00:01:00+00:00',
      `Main work|${DEFAULT_IDENTITY}|${DEFAULT_IDENTITY}|2024-01-01T00:02:00+00:00|2024-01-01T00:02:00+00:00`,
      `Merge feature|${DEFAULT_IDENTITY}|${DEFAULT_IDENTITY}|2024-01-01T00:03:00+00:00|2024-01-01T00:03:00+00:00`,
    ]);
    expect(repo.ticks).toBe(4);
    expect(repo.git(['log', '-1', '--format=%B', 'feature'])).toBe('Feature work\n\nWith a body.\n\n');
  });

  it('leaves HEAD where the steps end, on branch main, with a clean work tree', () => {
    const repo = track(buildScenario(STEPS));
    expect(repo.git(['symbolic-ref', '--short', 'HEAD']).trim()).toBe('main');
    expect(repo.git(['status', '--porcelain'])).toBe('');
    expect(repo.git(['config', 'gc.auto']).trim()).toBe('0');
    expect(repo.git(['config', 'maintenance.auto']).trim()).toBe('false');
    expect(repo.git(['config', 'commit.gpgsign']).trim()).toBe('false');
    expect(repo.git(['config', 'core.autocrlf']).trim()).toBe('false');
  });

  it('records deletions, merges with two parents and annotated tags', () => {
    const repo = track(buildScenario(STEPS));
    expect(repo.git(['ls-tree', '-r', '--name-only', 'feature']).trim().split('\n')).toEqual(['src/feature.rs']);
    expect(repo.git(['ls-tree', '-r', '--name-only', 'main']).trim().split('\n')).toEqual([
      'README.md',
      'src/feature.rs',
    ]);
    expect(repo.git(['rev-list', '--parents', '-n', '1', 'main']).trim().split(' ')).toHaveLength(3);
    expect(repo.git(['cat-file', '-t', 'v1.0']).trim()).toBe('tag');
    expect(repo.sha('v1.0')).toBe(repo.sha('main~1~1'));
    expect(repo.readFile('src/metrics.rs', 'v1.0')).toBe('pub static X: u8 = 1;\n');
  });

  it('removes the directory when a step fails', () => {
    const prefix = `provenance-failing-${process.pid}-`;
    const leftovers = (): string[] => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(prefix));
    expect(() => buildScenario([{ kind: 'switch', ref: 'no-such-branch' }], { prefix })).toThrow(/git switch .* failed/);
    expect(leftovers()).toEqual([]);
  });
});

describe('Scenario', () => {
  it('creates branches from a ref without switching, and fast-forwards without advancing the clock', () => {
    const repo = track(createScenario());
    const first = repo.commit('one', { 'a.txt': 'a\n' });
    repo.commit('two', { 'a.txt': 'b\n' });
    repo.branch('old', { from: first, switch: false });
    expect(repo.git(['symbolic-ref', '--short', 'HEAD']).trim()).toBe('main');
    expect(repo.sha('old')).toBe(first);

    repo.switch('old');
    const merged = repo.merge('main', 'unused message', { fastForwardOnly: true });
    expect(merged).toBe(repo.sha('main'));
    expect(repo.ticks).toBe(2);

    repo.switch(first);
    expect(repo.git(['rev-parse', '--abbrev-ref', 'HEAD']).trim()).toBe('HEAD');
  });

  it('makes an evil merge with noCommit, writeFiles and commitAll', () => {
    const repo = track(createScenario());
    repo.commit('base', { 'metrics.rs': 'base\n' });
    repo.branch('feature');
    repo.commit('feature', { 'feature.rs': 'feature\n' });
    repo.switch('main');
    repo.commit('main', { 'main.rs': 'main\n' });
    repo.merge('feature', 'Merge feature', { noCommit: true });
    repo.writeFiles({ 'metrics.rs': 'changed only in the merge\n' });
    const merge = repo.commitAll('Merge feature');
    expect(repo.git(['rev-list', '--parents', '-n', '1', merge]).trim().split(' ')).toHaveLength(3);
    expect(repo.readFile('metrics.rs')).toBe('changed only in the merge\n');
    expect(repo.git(['log', '-1', '--format=%cI']).trim()).toBe('2024-01-01T00:03:00+00:00');
  });

  it('throws on a conflict unless asked to leave it for resolution', () => {
    const repo = track(createScenario());
    repo.commit('base', { 'a.txt': 'base\n' });
    repo.branch('feature');
    repo.commit('feature', { 'a.txt': 'feature\n' });
    repo.switch('main');
    repo.commit('main', { 'a.txt': 'main\n' });
    expect(() => repo.merge('feature', 'Merge', { noFastForward: true })).toThrow(/CONFLICT/);
    repo.git(['merge', '--abort']);

    repo.merge('feature', 'Merge', { noCommit: true, allowConflicts: true });
    repo.writeFiles({ 'a.txt': 'resolved\n' });
    repo.commitAll('Merge feature, resolved');
    expect(repo.readFile('a.txt')).toBe('resolved\n');
    expect(repo.git(['rev-list', '--parents', '-n', '1', 'HEAD']).trim().split(' ')).toHaveLength(3);
  });

  it('commits only the files given, and odd file names literally', () => {
    const repo = track(createScenario());
    repo.writeFiles({ 'stray.txt': 'not committed\n' });
    repo.commit('odd names', { ':magic*.rs': 'x\n', 'with space.rs': 'y\n', 'dir/-dash.rs': 'z\n' });
    expect(repo.git(['ls-tree', '-r', '-z', '--name-only', 'HEAD']).split('\0').filter(Boolean)).toEqual([
      ':magic*.rs',
      'dir/-dash.rs',
      'with space.rs',
    ]);
    expect(repo.git(['status', '--porcelain']).trim()).toBe('?? stray.txt');
  });

  it('makes an empty commit when no files are given', () => {
    const repo = track(createScenario());
    repo.commit('first', { 'a.txt': 'a\n' });
    const empty = repo.commit('nothing changed');
    expect(repo.git(['diff-tree', '--no-commit-id', '-r', '--name-only', empty]).trim()).toBe('');
  });

  it('rejects paths outside the work tree or inside .git', () => {
    const repo = track(createScenario());
    expect(() => repo.writeFiles({ '../escape.txt': 'x' })).toThrow(/inside the work tree/);
    expect(() => repo.writeFiles({ '.git/config': 'x' })).toThrow(/outside \.git/);
  });

  it('creates lightweight tags and annotated tags with the latest commit date', () => {
    const repo = track(createScenario());
    repo.commit('one', { 'a.txt': 'a\n' });
    repo.commit('two', { 'a.txt': 'b\n' });
    repo.tag('light', { ref: 'HEAD~1' });
    repo.tag('v2', { annotated: true, tagger: 'Release Bot <bot@example.invalid>' });
    expect(repo.git(['cat-file', '-t', 'light']).trim()).toBe('commit');
    expect(repo.git(['for-each-ref', '--format=%(taggername) %(taggerdate:iso-strict) %(contents)', 'refs/tags/v2']))
      .toBe('Release Bot 2024-01-01T00:01:00+00:00 v2\n\n');
  });

  it('ignores GIT_* variables and git config of the surrounding environment', () => {
    const saved = { ...process.env };
    try {
      process.env['GIT_DIR'] = '/nonexistent/.git';
      process.env['GIT_AUTHOR_NAME'] = 'Someone Else';
      process.env['GIT_CONFIG_PARAMETERS'] = "'commit.gpgsign'='true'";
      const repo = track(createScenario());
      repo.commit('isolated', { 'a.txt': 'a\n' });
      expect(repo.git(['log', '-1', '--format=%an']).trim()).toBe('Provenance Test');
    } finally {
      process.env = saved;
    }
  });

  it('removes its directory on cleanup', () => {
    const repo = createScenario();
    expect(fs.existsSync(path.join(repo.dir, '.git'))).toBe(true);
    repo.cleanup();
    expect(fs.existsSync(repo.dir)).toBe(false);
  });
});

describe('clones', () => {
  it('cloneShallow keeps only `depth` commits and continues the source clock', () => {
    const source = track(buildScenario(STEPS));
    const clone = track(cloneShallow(source, 1));
    expect(clone.git(['rev-parse', '--is-shallow-repository']).trim()).toBe('true');
    expect(clone.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');
    expect(clone.sha('HEAD')).toBe(source.sha('main'));
    expect(clone.git(['config', 'gc.auto']).trim()).toBe('0');

    clone.commit('after clone', { 'b.txt': 'b\n' });
    expect(clone.git(['log', '-1', '--format=%cI']).trim()).toBe('2024-01-01T00:04:00+00:00');
  });

  it('cloneShallow can fetch every branch', () => {
    const source = track(buildScenario(STEPS));
    const single = track(cloneShallow(source, 2));
    const all = track(cloneShallow(source, 2, { allBranches: true, branch: 'feature' }));
    expect(single.git(['branch', '-r', '--format=%(refname:short)']).trim().split('\n')).toEqual(['origin/HEAD', 'origin/main']);
    expect(all.git(['branch', '-r', '--format=%(refname:short)']).trim().split('\n')).toEqual([
      'origin/HEAD',
      'origin/feature',
      'origin/main',
    ]);
    expect(all.git(['symbolic-ref', '--short', 'HEAD']).trim()).toBe('feature');
  });

  it('clonePartial leaves old blobs behind and fetches them on demand', () => {
    const source = track(buildScenario(STEPS));
    const clone = track(clonePartial(source));
    expect(clone.git(['config', 'remote.origin.promisor']).trim()).toBe('true');
    const missing = clone
      .git(['rev-list', '--objects', '--all', '--missing=print'])
      .split('\n')
      .filter((line) => line.startsWith('?'));
    expect(missing.length).toBeGreaterThan(0);
    expect(clone.readFile('src/metrics.rs', 'v1.0')).toBe('pub static X: u8 = 1;\n');
  });

  it('clonePartial without checkout fetches no blob at all', () => {
    const source = track(buildScenario(STEPS));
    const clone = track(clonePartial(source.dir, { noCheckout: true }));
    const objects = clone.git(['rev-list', '--objects', '--all', '--missing=print']).split('\n');
    const blobs = source.git(['rev-list', '--objects', '--all', '--filter=object:type=blob', '--filter-provided-objects']);
    expect(objects.filter((line) => line.startsWith('?'))).toHaveLength(blobs.trim().split('\n').length);
  });
});
