import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeferredCheck } from '../../src/history/deferred-check.js';
import { StoredTipStates } from '../../src/history/tip-states.js';
import type { TreeState } from '../../src/history/tree-state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-states-'));
  dirs.push(dir);
  return dir;
}

const commit = (n: number) => n.toString(16).padStart(40, '0');

/** What a walk does: each moved tip saved as it is met, then the files of commits that are no tip any more removed. */
function saveAll(
  stored: StoredTipStates,
  tips: ReadonlySet<string>,
  moved: ReadonlyMap<string, TreeState>,
  isDeferred: (oid: string) => boolean = () => false,
  checks: ReadonlyMap<string, DeferredCheck> = new Map(),
): void {
  for (const [tip, state] of moved) stored.saveTip(tip, state, isDeferred, checks.get(tip));
  stored.finishSaving(tips);
}

describe('StoredTipStates', () => {
  it('keeps one file per tip: gives back its state and deferred blobs, rewrites tips that moved, drops commits that are no tip', () => {
    const dir = cacheDir();
    // The single file of earlier versions: removed by the first save.
    writeFileSync(path.join(dir, 'states-mx0-1-abcd.seg'), 'old layout');
    const main = new Map([['src/a.rs', 'a1'], ['src/b.rs', 'b1']]);
    const feature = new Map([['src/a.rs', 'a2']]);
    saveAll(StoredTipStates.open(dir, 'fp'), new Set([commit(1), commit(2)]), new Map([[commit(1), main], [commit(2), feature]]), (oid) => oid === 'b1');
    const tipFiles = () => readdirSync(dir).filter((n) => n.startsWith('states-') && !n.startsWith('states-base-'));
    expect(tipFiles().length).toBe(2);

    const loaded = StoredTipStates.open(dir, 'fp');
    const reported: string[] = [];
    expect(loaded.get(commit(1), (oid) => reported.push(oid))).toEqual(main);
    expect(reported).toEqual(['b1']);
    expect(loaded.get(commit(2))).toEqual(feature);
    expect(loaded.get(commit(3))).toBeUndefined();

    // main moved to commit 3; feature is unchanged and stays; commit 1 is no tip any more.
    const moved = new Map([['src/a.rs', 'a3']]);
    saveAll(loaded, new Set([commit(3), commit(2)]), new Map([[commit(3), moved]]));
    const again = StoredTipStates.open(dir, 'fp');
    expect(again.get(commit(1))).toBeUndefined();
    expect(again.get(commit(2))).toEqual(feature);
    expect(again.get(commit(3))).toEqual(moved);
    expect(tipFiles().length).toBe(2);
    expect(again.warnings).toEqual([]);
  });

  it('stores hundreds of tips that differ in a few files as differences from one base', () => {
    const dir = cacheDir();
    const shared = new Map(Array.from({ length: 500 }, (_, i) => [`src/m${i}.rs`, `blob${i}`]));
    const tips = new Map(Array.from({ length: 40 }, (_, t) => [commit(100 + t), new Map([...shared, [`src/only${t}.rs`, `own${t}`]])]));
    saveAll(StoredTipStates.open(dir, 'fp'), new Set(tips.keys()), tips, (oid) => oid === 'blob7');
    const names = readdirSync(dir);
    expect(names.filter((n) => n.startsWith('states-base-')).length).toBe(1);
    const loaded = StoredTipStates.open(dir, 'fp');
    for (const [tip, state] of tips) {
      const deferred: string[] = [];
      expect(loaded.get(tip, (oid) => deferred.push(oid))).toEqual(state);
      expect(deferred).toEqual(['blob7']);
    }
    // One tip moves, in an incremental run: its difference is written against the base on disk.
    const next = new Map([...shared, ['src/new.rs', 'n1']]);
    saveAll(loaded, new Set([...tips.keys()].slice(1).concat(commit(999))), new Map([[commit(999), next]]));
    const after = StoredTipStates.open(dir, 'fp');
    expect(after.get(commit(999))).toEqual(next);
    expect(after.get(commit(100))).toBeUndefined();
    expect(readdirSync(dir).filter((n) => n.startsWith('states-base-')).length).toBe(1);
    expect(after.warnings).toEqual([]);
  });

  it('keeps with a tip how its deferred files were settled, and discards a tip whose record does not read as one', () => {
    const dir = cacheDir();
    const state = new Map([['src/a.rs', 'a1'], ['src/b.rs', 'b1'], ['src/c.rs', 'c1']]);
    const check = { names: 'f'.repeat(32), joined: ['src/b.rs'] };
    saveAll(StoredTipStates.open(dir, 'fp'), new Set([commit(1), commit(2)]), new Map([[commit(1), state], [commit(2), state]]), (oid) => oid !== 'a1', new Map([[commit(1), check]]));
    const loaded = StoredTipStates.open(dir, 'fp');
    expect(loaded.checkOf(commit(1))).toBeUndefined();
    expect(loaded.get(commit(1))).toEqual(state);
    expect(loaded.checkOf(commit(1))).toEqual(check);
    expect(loaded.get(commit(2))).toEqual(state);
    expect(loaded.checkOf(commit(2))).toBeUndefined();

    // A record with the wrong shape: the tip's file is damaged, so neither its state nor the record is used.
    const tipFile = readdirSync(dir).find((n) => n.startsWith(`states-${commit(3)}`));
    expect(tipFile).toBeUndefined();
    const bad = { names: 7, joined: ['src/b.rs'] } as unknown as typeof check;
    saveAll(StoredTipStates.open(dir, 'fp'), new Set([commit(1), commit(3)]), new Map([[commit(3), state]]), () => false, new Map([[commit(3), bad]]));
    const again = StoredTipStates.open(dir, 'fp');
    expect(again.get(commit(3))).toBeUndefined();
    expect(again.checkOf(commit(3))).toBeUndefined();
    expect(again.warnings.length).toBe(1);
  });
});
