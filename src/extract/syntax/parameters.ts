import { blobScopedMap } from './blob-scoped.js';
import { lookupLocal } from './locals.js';
import type { Located, View } from './view.js';

// The metavariables of a re-parsed `macro_rules!` arm body, by the view of that body.
const metavariables = blobScopedMap<View, ReadonlyMap<string, number>>();

/** Declares the `$name`s a re-parsed macro body binds, numbered in matcher order. */
export function bindMetavariables(view: View, names: readonly string[]): void {
  metavariables.set(view, new Map(names.map((name, i) => [name, i])));
}

/** The number of `$name` (given without `$`) in the `macro_rules!` arm around `loc`, or null. */
export function metavariableIndex(loc: Located, name: string): number | null {
  for (let view: View | undefined = loc.view; view !== undefined; view = view.host?.view) {
    const bound = metavariables.get(view);
    if (bound !== undefined) return bound.get(name) ?? null;
  }
  return null;
}

/** The number of the enclosing `fn`'s parameter called `name` as seen from `loc` (not a closure's, not shadowed), or null. */
export function parameterIndex(loc: Located, name: string): number | null {
  const local = lookupLocal(loc, name);
  return local?.kind === 'parameter' ? local.index : null;
}
