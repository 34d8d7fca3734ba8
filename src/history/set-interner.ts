import type { MetricDefinition } from '../model/metric.js';
import type { IndexData } from './index-model.js';

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

/**
 * Stores each distinct definition and each distinct metric set of the index once, and gives their
 * numbers. The lookup tables over what the index already holds are built on first need: a run that
 * adds one commit with no new definitions never builds them.
 */
export class SetInterner {
  private defIds: Map<string, number> | null = null;
  /** By identity, weakly: a resolution hands over fresh arrays and definitions, which must not live as long as the walk. */
  private readonly defIdentity = new WeakMap<MetricDefinition, number>();
  private setIds: Map<string, number> | null = null;
  private readonly parts = new WeakMap<readonly MetricDefinition[], InternedPart>();

  constructor(private readonly data: IndexData) {}

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
    const setIds = this.knownSets();
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
    const defIds = this.knownDefs();
    let id = defIds.get(key);
    if (id === undefined) {
      id = this.data.defs.push(def) - 1;
      defIds.set(key, id);
    }
    this.defIdentity.set(def, id);
    return id;
  }

  private knownDefs(): Map<string, number> {
    if (!this.defIds) {
      this.defIds = new Map();
      this.data.defs.forEach((def, i) => this.defIds?.set(JSON.stringify(def), i));
    }
    return this.defIds;
  }

  private knownSets(): Map<string, number> {
    if (!this.setIds) {
      this.setIds = new Map();
      this.data.sets.forEach((ids, i) => {
        const { a, b } = partOf(ids);
        const key = `${ids.length}:${a}:${b}`;
        // An older index may hold the same set twice; the first number stays the canonical one.
        if (!this.setIds?.has(key)) this.setIds?.set(key, i);
      });
    }
    return this.setIds;
  }
}
