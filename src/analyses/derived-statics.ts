/**
 * Statics built from other statics (`SQL_ELAPSED = QUERY_ELAPSED.with_label_values(..)`): forcing or
 * using one runs its initialiser, which forces what it reads, transitively. Keys are `crateKey|NAME`.
 */
export class DerivedStatics {
  private readonly direct = new Map<string, string[]>();
  private closed: Map<string, string[]> | null = null;

  /** `own` reads `parent` in its initialiser. */
  add(own: string, parent: string): void {
    if (parent === own) return;
    const list = this.direct.get(own) ?? [];
    if (!list.includes(parent)) list.push(parent);
    this.direct.set(own, list);
    this.closed = null;
  }

  /** Every static `key` forces when it is forced, itself left out. */
  parentsOf(key: string): readonly string[] {
    if (this.closed === null) {
      this.closed = new Map();
      for (const own of this.direct.keys()) {
        const all: string[] = [];
        const stack = [...(this.direct.get(own) ?? [])];
        while (stack.length > 0) {
          const next = stack.pop() as string;
          if (next === own || all.includes(next)) continue;
          all.push(next);
          stack.push(...(this.direct.get(next) ?? []));
        }
        this.closed.set(own, all);
      }
    }
    return this.closed.get(key) ?? [];
  }
}
