import type { MetricDefinition } from '../model/metric.js';
import type { IndexData } from './index-model.js';
import { SharedValues } from './shared-values.js';
import { setRecent } from '../util/recent-map.js';
import { stringHashes } from '../util/string-hashes.js';
import { pushTo } from '../util/push-to.js';

/** A part of a set as definition numbers, with the sum of their hashes. */
interface InternedPart {
  readonly ids: readonly number[];
  readonly a: number;
  readonly b: number;
}

/**
 * Two 26-bit hashes of a definition number (integer mixing, as in MurmurHash3's finaliser). A set's
 * key sums them over its members, so it is computed from parts in any order, without sorting, and two
 * different sets share a key with probability about 2^-52.
 */
function idHash(id: number): [number, number] {
  let x = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  let y = Math.imul((id + 0x7f4a7c15) ^ 0x27d4eb2f, 0x165667b1);
  y = Math.imul(y ^ (y >>> 15), 0x94d049bb);
  y ^= y >>> 13;
  return [x >>> 6, y >>> 6];
}

/** A text's two hashes, 26 bits of each, as one exact integer below 2^52. */
function textHash(text: string): number {
  const [x, y] = stringHashes(text);
  return (x >>> 6) * 0x4000000 + (y >>> 6);
}

function partOf(ids: readonly number[]): InternedPart {
  let a = 0;
  let b = 0;
  for (const id of ids) {
    const [x, y] = idHash(id);
    a += x;
    b += y;
  }
  return { ids, a, b };
}

/** Definitions whose JSON is kept with their number (the most recently interned). */
const RECENT_DEFINITIONS = 1024;

/**
 * Stores each distinct definition and each distinct metric set of the index once, and gives their
 * numbers. The lookup tables over what the index already holds are built on first need: a run that
 * adds one commit with no new definitions never builds them.
 */
export class SetInterner {
  /**
   * Definition numbers by a hash of their JSON, per metric name: the JSON itself as key held a second
   * copy of every definition as text (12 MB on neon's history). A hit is confirmed against the stored
   * definition. Built for a name when a definition of that name is first looked up: hashing every
   * definition of the index cost a run that resolves one commit more than the resolution.
   */
  private readonly defIdsByName = new Map<string, Map<number, number>>();
  /** Definition numbers by name, for the first `namesIndexed` definitions. */
  private readonly idsByName = new Map<string, number[]>();
  private namesIndexed = 0;
  /** Definitions whose hash another definition had first, by their JSON (rare). */
  private readonly collided = new Map<string, number>();
  /** The definitions the index keeps are copies whose values are shared with the other definitions'. */
  private readonly shared = new SharedValues();
  /** By identity, weakly: a resolution hands over fresh arrays and definitions, which must not live as long as the walk. */
  private readonly defIdentity = new WeakMap<MetricDefinition, number>();
  /** The numbers of the definitions interned last, by their JSON (a few hundred kilobytes at most). */
  private readonly recent = new Map<string, number>();
  /** Set numbers by key, for the sizes in `sizesIndexed`: only a set of the same size can be the same set. */
  private readonly setIds = new Map<string, number>();
  private readonly sizesIndexed = new Set<number>();
  /** Set numbers by size, for the first `setsIndexed` sets. */
  private readonly idsBySize = new Map<number, number[]>();
  private setsIndexed = 0;
  private readonly parts = new WeakMap<readonly MetricDefinition[], InternedPart>();

  /** `hashOf`: the hash of a definition's JSON (a test gives a poor one, to exercise collisions). */
  constructor(
    private readonly data: IndexData,
    private readonly hashOf: (text: string) => number = textHash,
  ) {}

  /** The set number of the union of `parts`; a part seen before (the same array) costs nothing. */
  internSet(parts: readonly (readonly MetricDefinition[])[]): number {
    const interned = parts.map((p) => this.internPart(p));
    let a = 0;
    let b = 0;
    let size = 0;
    for (const part of interned) {
      a += part.a;
      b += part.b;
      size += part.ids.length;
    }
    const key = `${size}:${a}:${b}`;
    const setIds = this.knownSets(size);
    let id = setIds.get(key);
    if (id === undefined) {
      // A typed array sorts numbers natively, several times faster than a comparator over a plain array.
      const members = new Int32Array(size);
      let at = 0;
      for (const part of interned) for (const member of part.ids) members[at++] = member;
      id = this.data.sets.push(Array.from(members.sort())) - 1;
      setIds.set(key, id);
    }
    return id;
  }

  private internPart(defs: readonly MetricDefinition[]): InternedPart {
    let part = this.parts.get(defs);
    if (!part) {
      part = partOf(defs.map((d) => this.internDef(d)));
      this.parts.set(defs, part);
    }
    return part;
  }

  private internDef(def: MetricDefinition): number {
    const known = this.defIdentity.get(def);
    if (known !== undefined) return known;
    const key = JSON.stringify(def);
    // A re-resolved file hands over fresh copies of the definitions interned just before.
    const recent = this.recent.get(key);
    if (recent !== undefined) {
      this.defIdentity.set(def, recent);
      return recent;
    }
    const id = this.internDefText(def, key);
    setRecent(this.recent, key, id, RECENT_DEFINITIONS);
    this.defIdentity.set(def, id);
    return id;
  }

  private internDefText(def: MetricDefinition, key: string): number {
    const hash = this.hashOf(key);
    const defIds = this.knownDefs(def.name);
    let id = defIds.get(hash);
    if (id === undefined) {
      id = this.data.defs.push(this.shared.fields(def)) - 1;
      defIds.set(hash, id);
    } else if (JSON.stringify(this.data.defs[id]) !== key) {
      id = this.collided.get(key);
      if (id === undefined) {
        id = this.data.defs.push(this.shared.fields(def)) - 1;
        this.collided.set(key, id);
      }
    }
    return id;
  }

  /** Every definition number of a metric name, ascending, over the index's definitions as they are now (they are only ever appended). */
  definitionsNamed(name: string): readonly number[] {
    for (let id = this.namesIndexed; id < this.data.defs.length; id++) pushTo(this.idsByName, (this.data.defs[id] as MetricDefinition).name, id);
    this.namesIndexed = this.data.defs.length;
    return this.idsByName.get(name) ?? [];
  }

  private knownDefs(name: string): Map<number, number> {
    let defIds = this.defIdsByName.get(name);
    if (defIds === undefined) {
      const found = new Map<number, number>();
      for (const i of this.definitionsNamed(name)) {
        const key = JSON.stringify(this.data.defs[i]);
        const hash = this.hashOf(key);
        const taken = found.get(hash);
        // The same definition twice (an older index): the later number is the one used, as it always was.
        if (taken === undefined || JSON.stringify(this.data.defs[taken]) === key) found.set(hash, i);
        else this.collided.set(key, i);
      }
      this.defIdsByName.set(name, (defIds = found));
    }
    return defIds;
  }

  private knownSets(size: number): Map<string, number> {
    if (!this.sizesIndexed.has(size)) {
      for (let id = this.setsIndexed; id < this.data.sets.length; id++) pushTo(this.idsBySize, (this.data.sets[id] as number[]).length, id);
      this.setsIndexed = this.data.sets.length;
      for (const i of this.idsBySize.get(size) ?? []) {
        const ids = this.data.sets[i] as number[];
        const { a, b } = partOf(ids);
        const key = `${ids.length}:${a}:${b}`;
        // An older index may hold the same set twice; the first number stays the canonical one.
        if (!this.setIds.has(key)) this.setIds.set(key, i);
      }
      this.sizesIndexed.add(size);
    }
    return this.setIds;
  }
}
