/**
 * A tree state written as its parent plus the few entries a commit set or deleted. A real
 * repository's states hold every code file (most of them deferred, unparsed), and copying a thousand
 * entries per commit made the copying, and the garbage it left, the largest cost of a history walk.
 *
 * Reads go down the layers; a state more than `MAX_DEPTH` layers deep is flattened into one map, so
 * a read costs a bounded number of lookups. Iteration order is that of a copied `Map` with the same
 * sets and deletes: the parent's order, changed entries in place, new ones at the end.
 */
const MAX_DEPTH = 24;

type Layer = ReadonlyMap<string, string>;

export class LayeredState implements ReadonlyMap<string, string> {
  readonly size: number;
  private readonly depth: number;

  private constructor(
    private readonly base: Layer,
    /** Entries set by this layer (new paths, or new blobs for the base's paths). */
    private readonly written: ReadonlyMap<string, string>,
    /** Base paths this layer deleted. */
    private readonly deleted: ReadonlySet<string>,
    size: number,
  ) {
    this.size = size;
    this.depth = base instanceof LayeredState ? base.depth + 1 : 1;
  }

  /** `parent` with `changes` applied: a path → blob id sets the entry, a path → null deletes it. */
  static over(parent: Layer, changes: ReadonlyMap<string, string | null>): Layer {
    const written = new Map<string, string>();
    const deleted = new Set<string>();
    let size = parent.size;
    for (const [path, oid] of changes) {
      const had = parent.has(path);
      if (oid === null) {
        if (had) {
          deleted.add(path);
          size--;
        }
      } else {
        written.set(path, oid);
        if (!had) size++;
      }
    }
    const layered = new LayeredState(parent, written, deleted, size);
    return layered.depth > MAX_DEPTH ? layered.flatten() : layered;
  }

  get(path: string): string | undefined {
    const own = this.written.get(path);
    if (own !== undefined) return own;
    return this.deleted.has(path) ? undefined : this.base.get(path);
  }

  has(path: string): boolean {
    return this.written.has(path) || (!this.deleted.has(path) && this.base.has(path));
  }

  entries(): MapIterator<[string, string]> {
    return this.flatten().entries();
  }

  /**
   * What `ancestor` (one of this state's lower layers, by identity) would need to become this state;
   * null when it is not one of them. A walk resolves a child right after its parent, so the
   * difference comes from the few layers between them instead of comparing every entry.
   */
  changesSince(ancestor: Layer): { readonly changed: [string, string][]; readonly removed: string[] } | null {
    const layers = this.layers();
    const at = layers.findIndex((layer) => layer.base === ancestor);
    if (at === -1) return null;
    layers.length = at + 1;
    const last = new Map<string, string | null>();
    for (let i = layers.length - 1; i >= 0; i--) {
      const { written, deleted } = layers[i] as LayeredState;
      for (const path of deleted) last.set(path, null);
      for (const [path, oid] of written) last.set(path, oid);
    }
    const changed: [string, string][] = [];
    const removed: string[] = [];
    for (const [path, oid] of last) {
      if (oid === null) {
        if (ancestor.has(path)) removed.push(path);
      } else if (ancestor.get(path) !== oid) changed.push([path, oid]);
    }
    return { changed, removed };
  }

  /** This layer and those below it, down to (not including) the plain map at the bottom; newest first. */
  private layers(): LayeredState[] {
    const layers: LayeredState[] = [this];
    for (let base = this.base; base instanceof LayeredState; base = base.base) layers.push(base);
    return layers;
  }

  /** One plain map of every entry: the lowest plain map copied, then each layer's deletes and sets in order. */
  private flatten(): Map<string, string> {
    const layers = this.layers();
    const flat = new Map((layers[layers.length - 1] as LayeredState).base);
    for (let i = layers.length - 1; i >= 0; i--) {
      const { written, deleted } = layers[i] as LayeredState;
      for (const path of deleted) flat.delete(path);
      for (const [path, oid] of written) flat.set(path, oid);
    }
    return flat;
  }

  *keys(): MapIterator<string> {
    for (const [path] of this.entries()) yield path;
  }

  *values(): MapIterator<string> {
    for (const [, oid] of this.entries()) yield oid;
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (oid: string, path: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (const [path, oid] of this.entries()) callback.call(thisArg, oid, path, this);
  }
}
