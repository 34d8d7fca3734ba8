import { readNewestSegment, replaceSegment } from '../cache/newest-segment.js';
import type { TreeState } from './tree-state.js';

const PREFIX = 'states';

/**
 * The tree states of the ref tips at the end of the last indexing run. The next run starts from them:
 * a commit on top of a known tip needs its parent's state, and without this file that costs a
 * `git ls-tree` of the whole tree and a read of every `.rs` blob in it.
 */
export class StoredTipStates {
  private constructor(private readonly records: ReadonlyMap<string, string>) {}

  static load(dir: string, fingerprint: string): { readonly states: StoredTipStates; readonly warnings: readonly string[] } {
    const loaded = readNewestSegment(dir, PREFIX, fingerprint, { file: 'tip state', invalid: 'not tip states' }, (records) => records);
    return { states: new StoredTipStates(loaded.value ?? new Map()), warnings: loaded.warnings };
  }

  /** The stored state of a commit; undefined when there is none or it does not read as one. */
  get(commit: string): TreeState | undefined {
    const raw = this.records.get(commit);
    if (raw === undefined) return undefined;
    try {
      const entries = JSON.parse(raw) as unknown;
      if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string')) return undefined;
      return new Map(entries as [string, string][]);
    } catch {
      return undefined;
    }
  }

  /** Replaces the file with the states of `tips`: fresh ones from this run, else the stored ones. */
  save(dir: string, fingerprint: string, tips: ReadonlySet<string>, fresh: ReadonlyMap<string, TreeState>): void {
    const records: [string, string][] = [];
    for (const tip of tips) {
      const state = fresh.get(tip);
      const raw = state ? JSON.stringify([...state]) : this.records.get(tip);
      if (raw !== undefined) records.push([tip, raw]);
    }
    replaceSegment(dir, PREFIX, fingerprint, records);
  }
}
