/**
 * One instance of each distinct value among the definitions an index keeps. A long history holds
 * thousands of versions of the same metric that differ in a line number, and each version read from
 * a blob's facts brings its own copies of the name, help, labels, series and registry: 12 MB of
 * neon's heap at the end of a cold index. Values are treated as immutable, as definitions are.
 */
export class SharedValues {
  private readonly strings = new Map<string, string>();
  /** Arrays and objects by their JSON (small: label lists, series names, registries). */
  private readonly composites = new Map<string, unknown>();

  /** `value`, or an equal value met before; arrays and objects are copied with their parts shared. */
  share<T>(value: T): T {
    if (typeof value === 'string') {
      const known = this.strings.get(value);
      if (known !== undefined) return known as T;
      this.strings.set(value, value);
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    const key = JSON.stringify(value);
    const known = this.composites.get(key);
    if (known !== undefined) return known as T;
    const copy = Array.isArray(value) ? value.map((item: unknown) => this.share(item)) : this.fields(value as Record<string, unknown>);
    this.composites.set(key, copy);
    return copy as T;
  }

  /**
   * A copy of a record whose fields are shared, the record itself new: the same keys in the same
   * order, so that it reads and serialises exactly as the original.
   */
  fields<T extends object>(record: T): T {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(record)) copy[key] = this.share(field);
    return copy as T;
  }
}
