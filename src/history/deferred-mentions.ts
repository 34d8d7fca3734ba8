import { inlineModuleNames, testModuleFiles, type TestModuleFiles } from '../extract/registrations/test-module-declaration.js';

/** Stands for a glob import (`use a::*;`), through which any name may arrive. */
const GLOB_USE = /(?<![A-Za-z0-9_])use(?![A-Za-z0-9_])[^;]*\*/;

/** Which of the names asked about so far a deferred blob mentions, as whole tokens. */
export interface Mentions {
  /** How many of the asked names (in the order they were asked) the blob was checked against. */
  readonly checked: number;
  readonly names: readonly string[];
  /** Those of `names` a `use` declaration may bind (not where a path goes on through them) or a `mod` names. */
  readonly declared: readonly string[];
  /** A `use` with a `*`: it may import a module's every name (wider than a glob import, never narrower). */
  readonly glob: boolean;
  /** Names of the inline modules (`mod tests { .. }`) anywhere in the blob: a declaration may sit in one of them. */
  readonly inline: readonly string[];
  /** The modules in other files it may declare as test code (`#[cfg(test)] mod helpers;`), see `testModuleFiles`. */
  readonly testModules: TestModuleFiles;
}

/** One copy of each module name: a name matched in a blob's text would keep that text alive. */
const moduleNames = new Map<string, string>();

function oneCopy(written: string): string {
  let name = moduleNames.get(written);
  if (name === undefined) moduleNames.set((name = Buffer.from(written, 'latin1').toString('latin1')), name);
  return name;
}

function testModulesOf(text: string): TestModuleFiles {
  const declared = testModuleFiles(text);
  return typeof declared === 'string' || declared === false ? declared : declared.map(oneCopy);
}

function inlineModules(text: string): readonly string[] {
  let found: string[] | null = null;
  for (const written of inlineModuleNames(text)) {
    const name = oneCopy(written);
    found ??= [];
    if (!found.includes(name)) found.push(name);
  }
  return found ?? NONE;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `use ...;` (wider than the declaration when a string holds a `;`, never narrower) and `mod name`. */
const DECLARATION = /(?<![A-Za-z0-9_])(?:use(?![A-Za-z0-9_])[^;]*|mod\s+(?:r#)?[A-Za-z_][A-Za-z0-9_]*)/g;

/** Compiled patterns kept, one per range of asked names (names are identifiers: nothing to escape). */
const PATTERNS_KEPT = 64;

const NONE: readonly string[] = [];

/** Shared plain records kept for this many answers (the names asked grow during a walk; old counts are not met again). */
const PLAIN_RECORDS_KEPT = 64;

/**
 * Which needed names each deferred blob mentions. A blob is checked when it is read, against every
 * name any tree has needed so far; a tree that needs a new name re-reads only the blobs it defers and
 * checks them against the names added since. So no blob's identifiers are kept, and a walk whose
 * trees keep needing the same few names reads each blob once.
 */
export class DeferredMentions {
  private readonly asked: string[] = [];
  /** Each asked name by itself: a match is a slice of the blob's text, and would keep the text alive. */
  private readonly known = new Map<string, string>();
  private readonly byBlob = new Map<string, Mentions>();
  private readonly patterns = new Map<string, RegExp>();
  /**
   * Blobs kept by `record` (one tree's worth, see the constructor), so that asking new names reads
   * nothing again. Kept as bytes, outside the JavaScript heap: a tree's worth of kept strings would be
   * copied by every young-generation collection until promoted.
   */
  private readonly texts: Map<string, Buffer> | null;

  /**
   * `keepTexts`: for a run over one tree, whose deferred blobs are checked again each time a tree
   * needs more names, keep their texts instead of reading them from git each time. A history walk
   * meets every blob version of the history and keeps none.
   */
  constructor(keepTexts = false) {
    this.texts = keepTexts ? new Map() : null;
  }

  /** Adds names to ask about from now on (identifiers; `r#type` is asked as `type`, which it is in the text too). */
  ask(names: Iterable<string>): void {
    for (const written of names) {
      const name = written.startsWith('r#') ? written.slice(2) : written;
      if (!IDENTIFIER.test(name)) continue;
      if (this.known.has(name)) continue;
      this.known.set(name, name);
      this.asked.push(name);
    }
  }

  /** Checks a blob's text (`bytes` read as latin1) now, while it is at hand (the history walk calls this for every deferred blob it reads). */
  record(oid: string, text: string, bytes: Buffer): void {
    this.byBlob.set(oid, this.check(text, null));
    this.texts?.set(oid, bytes);
  }

  /** What a blob mentions of every name asked so far; reads the blob again only when names were added since. */
  async of(oid: string, read: () => Promise<string | null>): Promise<Mentions | 'missing'> {
    const known = this.byBlob.get(oid);
    if (known !== undefined && known.checked === this.asked.length) return known;
    const text = this.texts?.get(oid)?.toString('latin1') ?? (await read());
    if (text === null) return 'missing';
    const mentions = this.check(text, known ?? null);
    this.byBlob.set(oid, mentions);
    return mentions;
  }

  /**
   * The modules in other files a blob may declare as test code: from its check whatever names it was
   * checked against (this does not depend on them), else read and checked now.
   */
  async testModuleFiles(oid: string, read: () => Promise<string | null>): Promise<TestModuleFiles | 'missing'> {
    const known = this.byBlob.get(oid);
    if (known !== undefined) return known.testModules;
    const mentions = await this.of(oid, read);
    return mentions === 'missing' ? 'missing' : mentions.testModules;
  }

  private check(text: string, earlier: Mentions | null): Mentions {
    const from = earlier?.checked ?? 0;
    const found = new Set(earlier?.names ?? []);
    const declared = new Set(earlier?.declared ?? []);
    const pattern = this.patternFor(from);
    if (pattern !== null) {
      let spans: readonly number[] | null = null;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const name = this.known.get(match[0]) ?? match[0];
        found.add(name);
        if (declared.has(name)) continue;
        spans ??= declarationSpans(text);
        if (within(spans, match.index) && mayBind(text, match.index + match[0].length)) declared.add(name);
      }
    }
    const glob = earlier?.glob ?? GLOB_USE.test(text);
    const inline = earlier?.inline ?? inlineModules(text);
    const testModules = earlier?.testModules ?? testModulesOf(text);
    if (found.size === 0 && inline === NONE) return this.plain(glob, testModules);
    return { checked: this.asked.length, names: found.size === 0 ? NONE : [...found], declared: declared.size === 0 ? NONE : [...declared], glob, inline, testModules };
  }

  /**
   * Most deferred blobs of a history mention none of the names and hold no inline module: they share
   * one record per answer (tens of thousands of blobs, about 70 bytes each otherwise).
   */
  private readonly plainRecords = new Map<string, Mentions>();

  private plain(glob: boolean, testModules: TestModuleFiles): Mentions {
    const key = `${this.asked.length}${glob ? 'g' : ''}${testModules === false ? '' : testModules === 'any' ? 't*' : `t${testModules.join(',')}`}`;
    let record = this.plainRecords.get(key);
    if (record === undefined) {
      if (this.plainRecords.size >= PLAIN_RECORDS_KEPT) this.plainRecords.clear();
      record = { checked: this.asked.length, names: NONE, declared: NONE, glob, inline: NONE, testModules };
      this.plainRecords.set(key, record);
    }
    return record;
  }

  /** One pattern for the names asked from position `from` on; compiled once per range. */
  private patternFor(from: number): RegExp | null {
    if (from >= this.asked.length) return null;
    const key = `${from}:${this.asked.length}`;
    let pattern = this.patterns.get(key);
    if (pattern === undefined) {
      if (this.patterns.size >= PATTERNS_KEPT) this.patterns.clear();
      // Names are identifiers, so `\b` on both sides means "a whole token" (and is faster than look-arounds).
      pattern = new RegExp(`\\b(?:${this.asked.slice(from).join('|')})\\b`, 'g');
      this.patterns.set(key, pattern);
    }
    return pattern;
  }
}

/** Start and end offsets of the declarations, in order, flattened. */
function declarationSpans(text: string): number[] {
  const spans: number[] = [];
  DECLARATION.lastIndex = 0;
  for (let match = DECLARATION.exec(text); match !== null; match = DECLARATION.exec(text)) spans.push(match.index, match.index + match[0].length);
  return spans;
}

function within(spans: readonly number[], at: number): boolean {
  let low = 0;
  let high = spans.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const start = spans[2 * middle] as number;
    const end = spans[2 * middle + 1] as number;
    if (at < start) high = middle - 1;
    else if (at >= end) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * Whether a name inside a declaration, ending at `end`, may be what it binds: not when a path goes on
 * through it (`use util::config::X;` binds `X`, not `util`), unless into a group that may hold
 * `self` (`use util::{self, config};`). A comment where the path would go on counts as may.
 */
function mayBind(text: string, end: number): boolean {
  let at = skipSpaces(text, end);
  if (text.charCodeAt(at) !== 0x3a || text.charCodeAt(at + 1) !== 0x3a) return true;
  at = skipSpaces(text, at + 2);
  if (text.charCodeAt(at) === 0x2f) return true;
  return text.charCodeAt(at) === 0x7b && groupMayHoldSelf(text, at + 1);
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at] as string)) at++;
  return at;
}

/** Whether the `use` group opening before `from` has `self` among its own items (any comment counts as yes). */
function groupMayHoldSelf(text: string, from: number): boolean {
  let depth = 0;
  for (let at = from; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x2f) return true;
    if (c === 0x7b) depth++;
    else if (c === 0x7d) {
      if (depth === 0) return false;
      depth--;
    } else if (c === 0x3b) return true;
    else if (depth === 0 && text.startsWith('self', at) && !isWordCode(text.charCodeAt(at - 1)) && !isWordCode(text.charCodeAt(at + 4))) return true;
  }
  return true;
}

function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}
