import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readNewestSegment, replaceSegment } from '../cache/newest-segment.js';
import { packText, unpackText } from '../cache/packed-text.js';
import { CacheWriteError, writeSegment } from '../cache/segment-file.js';
import { isDeferredCheck, type DeferredCheck } from './deferred-check.js';
import type { TreeState } from './tree-state.js';

const PREFIX = 'states';

/** `states-<commit>-on-<base>-<unique>.seg`: one file per ref tip (SHA-1 or SHA-256 ids), a difference from a base. */
const TIP_FILE = /^states-([0-9a-f]{40}|[0-9a-f]{64})-on-([0-9a-f]{16})-.*\.seg$/;
/** `states-base-<hash>-<unique>.seg`: a whole state that tips are stored against, named by its content. */
const BASE_FILE = /^states-base-([0-9a-f]{16})-.*\.seg$/;

/** `[path, blob]`, or `[path, blob, 1]` for a blob the walk left unparsed (no registration of its own). */
type StoredEntry = [string, string] | [string, string, 1];

/** A tip's state as the difference from its base: entries set, and paths the base has and the tip has not. */
interface StoredDelta {
  readonly set: StoredEntry[];
  readonly del: string[];
  /** How its deferred files were settled, when the walk resolved the tip's own state. */
  readonly checked?: DeferredCheck;
}

function isStoredEntry(e: unknown): e is StoredEntry {
  return Array.isArray(e) && (e.length === 2 || (e.length === 3 && e[2] === 1)) && typeof e[0] === 'string' && typeof e[1] === 'string';
}

function parseEntries(packed: string | undefined): StoredEntry[] | null {
  const raw = packed === undefined ? null : unpackText(packed);
  if (raw === null) return null;
  try {
    const entries = JSON.parse(raw) as unknown;
    return Array.isArray(entries) && entries.every(isStoredEntry) ? entries : null;
  } catch {
    return null;
  }
}

function parseDelta(packed: string | undefined): StoredDelta | null {
  const raw = packed === undefined ? null : unpackText(packed);
  if (raw === null) return null;
  try {
    const delta = JSON.parse(raw) as Partial<StoredDelta> | null;
    if (!delta || !Array.isArray(delta.set) || !delta.set.every(isStoredEntry) || !Array.isArray(delta.del) || !delta.del.every((p) => typeof p === 'string')) return null;
    if (delta.checked !== undefined && !isDeferredCheck(delta.checked)) return null;
    return delta.checked === undefined ? { set: delta.set, del: delta.del } : { set: delta.set, del: delta.del, checked: delta.checked };
  } catch {
    return null;
  }
}

/** Over this share of the state, a tip's difference from the base is no saving: the tip becomes a new base. */
const NEW_BASE_SHARE = 0.3;
/** Bases a tip is compared with: the ones written last in this run. */
const RECENT_BASES = 8;

/** A whole state that tips are stored against, by the hash that names its file. */
interface Base {
  readonly hash: string;
  readonly entries: ReadonlyMap<string, StoredEntry>;
}

function size(delta: StoredDelta): number {
  return delta.set.length + delta.del.length;
}

/**
 * The tree states of the ref tips at the end of the last indexing run, one file per tip. The next
 * run starts from them: a commit on top of a known tip needs its parent's state, and without it that
 * costs a `git ls-tree` of the whole tree and a read of every `.rs` blob in it. A real repository's
 * state lists every code file, and its hundreds of tips differ in a few: each tip is stored as its
 * difference from a shared base state, so the files stay a small part of the repository's size.
 */
export class StoredTipStates {
  private readonly found: string[] = [];
  /** Tip files and base files, listed once per run. */
  private listing: { readonly tips: ReadonlyMap<string, string>; readonly bases: ReadonlySet<string> } | null = null;
  private readonly bases = new Map<string, ReadonlyMap<string, StoredEntry> | null>();
  private readonly checks = new Map<string, DeferredCheck>();

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
    const baseHash = this.listed().tips.get(commit);
    if (baseHash === undefined) return undefined;
    const base = this.base(baseHash);
    if (base === null) return undefined;
    const loaded = readNewestSegment(this.dir, `${PREFIX}-${commit}-on-${baseHash}`, this.fingerprint, { file: 'tip state', invalid: 'not a tip state' }, (records) =>
      parseDelta(records.get(commit)),
    );
    this.found.push(...loaded.warnings);
    if (loaded.value === null) return undefined;
    if (loaded.value.checked !== undefined) this.checks.set(commit, loaded.value.checked);
    const entries = new Map(base);
    for (const path of loaded.value.del) entries.delete(path);
    for (const entry of loaded.value.set) entries.set(entry[0], entry);
    const state = new Map<string, string>();
    for (const [path, entry] of entries) {
      state.set(path, entry[1]);
      if (entry.length === 3) deferred(entry[1]);
    }
    return state;
  }

  /** How the deferred files of a commit's state were settled, stored with the state `get` gave back. */
  checkOf(commit: string): DeferredCheck | undefined {
    return this.checks.get(commit);
  }

  /** Bases a tip is compared with, the most recently written first; null until the first tip of a run is saved. */
  private recent: Base[] | null = null;
  /** The cache could not be written (see CacheWriteError): the next run computes these states again. */
  private unwritable = false;

  /**
   * Writes the state of a tip that moved in this run as soon as the walk has it, so that a walk over
   * hundreds of tips never holds their states (each lists every code file) until the end. Tips are
   * met in walk order, not by likeness: each is stored against the closest of the recent bases, so
   * that a release branch between two main-line tips does not start a new base.
   */
  saveTip(tip: string, state: TreeState, isDeferred: (oid: string) => boolean = () => false, checked?: DeferredCheck): void {
    if (this.unwritable) return;
    try {
      const recent = (this.recent ??= this.startingBases());
      const entries = storedEntries(state, isDeferred);
      let best: { base: Base; delta: StoredDelta } | null = null;
      for (const base of recent) {
        const delta = difference(base.entries, entries, best === null ? Infinity : size(best.delta));
        if (delta !== null && (best === null || size(delta) < size(best.delta))) best = { base, delta };
      }
      if (best === null || size(best.delta) > NEW_BASE_SHARE * entries.length) {
        const base = this.writeBase(entries);
        recent.unshift(base);
        if (recent.length > RECENT_BASES) recent.pop();
        best = { base, delta: { set: [], del: [] } };
      }
      const delta: StoredDelta = checked === undefined ? best.delta : { ...best.delta, checked };
      // Not replaceSegment, which lists the directory each time: with thousands of tips that listing
      // dominated the save. The tip's older files go with finishSaving, which keeps the newest.
      writeSegment(this.dir, `${PREFIX}-${tip}-on-${best.base.hash}`, this.fingerprint, [[tip, packText(JSON.stringify(delta))]]);
    } catch (error) {
      if (!(error instanceof CacheWriteError)) throw error;
      this.unwritable = true;
    }
  }

  /** After the last `saveTip` of a run: removes the files of commits that are no tip any more, and bases no tip uses. */
  finishSaving(tips: ReadonlySet<string>): void {
    this.recent = null;
    this.listing = null;
    if (!this.unwritable) this.removeUnused(tips);
  }

  /**
   * The bases to compare the first tip with: those this run read its tips' states from (an incremental
   * run's tip usually differs from its parent's in a few files), else the first one on disk that reads.
   */
  private startingBases(): Base[] {
    const read = [...this.bases].flatMap(([hash, entries]) => (entries === null ? [] : [{ hash, entries }]));
    if (read.length > 0) return read.slice(0, RECENT_BASES);
    for (const hash of this.listed().bases) {
      const entries = this.base(hash);
      if (entries !== null) return [{ hash, entries }];
    }
    return [];
  }

  private writeBase(entries: StoredEntry[]): Base {
    const text = JSON.stringify(entries);
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const byPath = new Map(entries.map((e) => [e[0], e]));
    if (!this.listed().bases.has(hash)) replaceSegment(this.dir, `${PREFIX}-base-${hash}`, this.fingerprint, [[hash, packText(text)]]);
    // Not kept in `bases`: a long walk writes dozens, and only the recent ones are compared with.
    this.listing = null;
    return { hash, entries: byPath };
  }

  private base(hash: string): ReadonlyMap<string, StoredEntry> | null {
    if (!this.bases.has(hash)) {
      const loaded = readNewestSegment(this.dir, `${PREFIX}-base-${hash}`, this.fingerprint, { file: 'tip state', invalid: 'not a tip state' }, (records) =>
        parseEntries(records.get(hash)),
      );
      this.found.push(...loaded.warnings);
      this.bases.set(hash, loaded.value === null ? null : new Map(loaded.value.map((e) => [e[0], e])));
    }
    return this.bases.get(hash) ?? null;
  }

  /** Tip files of commits that are no tip, older files of a tip, files of earlier layouts, and bases no tip uses. */
  private removeUnused(tips: ReadonlySet<string>): void {
    const files = this.names().filter((n) => n.startsWith(`${PREFIX}-`) && n.endsWith('.seg'));
    // The newest file of each tip (names end in a time-ordered unique part after the base).
    const newest = new Map<string, { name: string; written: string }>();
    for (const name of files) {
      const tip = TIP_FILE.exec(name);
      if (tip === null || !tips.has(tip[1] as string)) continue;
      const written = name.slice(tip[0].indexOf(`-on-${tip[2] as string}-`) + 21);
      const known = newest.get(tip[1] as string);
      if (known === undefined || known.written < written) newest.set(tip[1] as string, { name, written });
    }
    const kept = new Set([...newest.values()].map((n) => n.name));
    const used = new Set([...kept].map((name) => TIP_FILE.exec(name)?.[2]));
    for (const name of files) {
      const base = BASE_FILE.exec(name)?.[1];
      if (kept.has(name) || (base !== undefined && used.has(base))) continue;
      rmSync(path.join(this.dir, name), { force: true });
    }
    this.listing = null;
  }

  private listed(): { readonly tips: ReadonlyMap<string, string>; readonly bases: ReadonlySet<string> } {
    if (this.listing === null) {
      const tips = new Map<string, string>();
      const bases = new Set<string>();
      for (const name of this.names().sort()) {
        const tip = TIP_FILE.exec(name);
        if (tip !== null) tips.set(tip[1] as string, tip[2] as string);
        const base = BASE_FILE.exec(name);
        if (base !== null) bases.add(base[1] as string);
      }
      this.listing = { tips, bases };
    }
    return this.listing;
  }

  private names(): string[] {
    try {
      return readdirSync(this.dir);
    } catch {
      return [];
    }
  }
}

function storedEntries(state: TreeState, isDeferred: (oid: string) => boolean): StoredEntry[] {
  return [...state].map(([p, o]) => (isDeferred(o) ? [p, o, 1] : [p, o]));
}

/** The tip's entries against a base; null as soon as the difference is larger than `limit` (a closer base is known). */
function difference(base: ReadonlyMap<string, StoredEntry>, entries: readonly StoredEntry[], limit: number): StoredDelta | null {
  const set: StoredEntry[] = [];
  let present = 0;
  for (const entry of entries) {
    const known = base.get(entry[0]);
    if (known === undefined || known[1] !== entry[1] || known.length !== entry.length) {
      if (set.push(entry) > limit) return null;
    }
    if (known !== undefined) present++;
  }
  // Every base path the tip lacks is a deletion; looked for only when there are any.
  const del: string[] = [];
  if (present < base.size) {
    const paths = new Set(entries.map((e) => e[0]));
    for (const path of base.keys()) if (!paths.has(path)) del.push(path);
  }
  return set.length + del.length > limit ? null : { set, del };
}
