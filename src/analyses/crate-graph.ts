import type { CrateInfo } from '../model/crate-layout.js';

export function crateKeyOf(crate: CrateInfo | null): string {
  return crate === null ? '?' : crate.dir;
}

/** The crates of a tree by Rust name and package name, and which depend on which through path and workspace dependencies. */
export class CrateGraph {
  private readonly byName = new Map<string, CrateInfo>();
  private readonly packages = new Map<string, CrateInfo>();
  private readonly closures = new Map<string, Set<string>>();

  add(crate: CrateInfo): void {
    if (!this.byName.has(crate.name)) this.byName.set(crate.name, crate);
    if (!this.packages.has(crate.packageName)) this.packages.set(crate.packageName, crate);
  }

  named(name: string): CrateInfo | undefined {
    return this.byName.get(name);
  }

  ofPackage(packageName: string): CrateInfo | undefined {
    return this.packages.get(packageName);
  }

  all(): IterableIterator<CrateInfo> {
    return this.byName.values();
  }

  /** Whether crate `from` is crate `to` or depends on it, directly or through other crates of the tree (keys as crateKeyOf). */
  reaches(from: string, to: string): boolean {
    if (from === to) return true;
    let closure = this.closures.get(from);
    if (closure === undefined) {
      closure = new Set();
      const byKey = new Map([...this.byName.values()].map((c) => [crateKeyOf(c), c]));
      const stack = [from];
      while (stack.length > 0) {
        for (const dependency of byKey.get(stack.pop() as string)?.dependencies.values() ?? []) {
          const target = dependency.local ? this.packages.get(dependency.packageName) : undefined;
          if (target === undefined || closure.has(crateKeyOf(target))) continue;
          closure.add(crateKeyOf(target));
          stack.push(crateKeyOf(target));
        }
      }
      this.closures.set(from, closure);
    }
    return closure.has(to);
  }
}
