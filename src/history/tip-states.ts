import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readNewestSegment, replaceSegment } from '../cache/newest-segment.js';
import type { TreeState } from './tree-state.js';

const PREFIX = 'states';

/** `states-<commit>-<unique>.seg`: one file per ref tip (SHA-1 or SHA-256 ids). */
const FILE_NAME = /^states-([0-9a-f]{40}|[0-9a-f]{64})-.*\.seg$/;

/** `[path, blob]`, or `[path, blob, 1]` for a blob the walk left unparsed (no registration of its own). */
type StoredEntry = [string, string] | [string, string, 1];

function isStoredEntry(e: unknown): e is StoredEntry {
  return Array.isArray(e) && (e.length === 2 || (e.length === 3 && e[2] === 1)) && typeof e[0] === 'string' && typeof e[1] === 'string';
}

/** A tip's state with the blobs recorded as deferred. */
interface KnownState {
  readonly state: TreeState;
  readonly deferred: readonly string[];
}

function parseState(raw: string | undefined): KnownState | null {
  if (raw === undefined) return null;
  try {
    const entries = JSON.parse(raw) as unknown;
    if (!Array.isArray(entries) || !entries.every(isStoredEntry)) return null;
    return { state: new Map(entries.map((e) => [e[0], e[1]])), deferred: entries.filter((e) => e.length === 3).map((e) => e[1]) };
  } catch {
    return null;
  }
}

/**
 * The tree states of the ref tips at the end of the last indexing run, one file per tip. The next
 * run starts from them: a commit on top of a known tip needs its parent's state, and without it that
 * costs a `git ls-tree` of the whole tree and a read of every `.rs` blob in it. A real repository's
 * state lists every code file; one file per tip means a run reads only the states it needs and
 * writes only those of tips that moved.
 */
export class StoredTipStates {
  private readonly found: string[] = [];
  /** Commits with a state file, listed once per run. */
  private listed: ReadonlySet<string> | null = null;

  private constructor(
    private readonly dir: string,
    private readonly fingerprint: string,
  ) {}

  static open(dir: string, fingerprint: string): StoredTipStates {
    return new StoredTipStates(dir, fingerprint);
  }

  /** Damaged state files met so far (each discarded; the state is asked of git instead). */
  get warnings(): readonly string[] {
    return this.found;
  }

  /**
   * The stored state of a commit; undefined when there is none or it does not read as one. Blobs
   * recorded as deferred are reported to `deferred`, so that a run does not read a thousand blobs
   * again to learn that they hold no registration.
   */
  get(commit: string, deferred: (oid: string) => void = () => undefined): TreeState | undefined {
    if (!this.commitsWithFiles().has(commit)) return undefined;
    const loaded = readNewestSegment(this.dir, `${PREFIX}-${commit}`, this.fingerprint, { file: 'tip state', invalid: 'not a tip state' }, (records) =>
      parseState(records.get(commit)),
    );
    this.found.push(...loaded.warnings);
    if (loaded.value === null) return undefined;
    for (const oid of loaded.value.deferred) deferred(oid);
    return loaded.value.state;
  }

  /** Writes the states of the tips that moved in this run, and removes those of commits that are no tip any more. */
  save(tips: ReadonlySet<string>, fresh: ReadonlyMap<string, TreeState>, isDeferred: (oid: string) => boolean = () => false): void {
    for (const [tip, state] of fresh) {
      if (!tips.has(tip)) continue;
      const entries: StoredEntry[] = [...state].map(([p, o]) => (isDeferred(o) ? [p, o, 1] : [p, o]));
      replaceSegment(this.dir, `${PREFIX}-${tip}`, this.fingerprint, [[tip, JSON.stringify(entries)]]);
    }
    for (const name of this.names()) {
      const commit = FILE_NAME.exec(name)?.[1];
      // Also the one-file-for-all-tips layout of earlier versions (`states-<unique>.seg`).
      if (name.startsWith(`${PREFIX}-`) && name.endsWith('.seg') && (commit === undefined || !tips.has(commit))) {
        rmSync(path.join(this.dir, name), { force: true });
      }
    }
  }

  private commitsWithFiles(): ReadonlySet<string> {
    this.listed ??= new Set(this.names().map((name) => FILE_NAME.exec(name)?.[1]).filter((c): c is string => c !== undefined));
    return this.listed;
  }

  private names(): string[] {
    try {
      return readdirSync(this.dir);
    } catch {
      return [];
    }
  }
}
