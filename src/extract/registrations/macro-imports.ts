import type { UseDecl } from '../facts.js';
import type { Located } from '../syntax/view.js';
import { outerAttributes } from '../syntax/attributes.js';

/** Which crates a bare macro name may come from, judged by the file's `use`s and `#[macro_use] extern crate`s. */
export type MacroImports = (macro: string) => ReadonlySet<string>;

const RELATIVE_ROOTS = new Set(['crate', 'self', 'super']);

export function macroImports(uses: readonly UseDecl[], externCrates: readonly Located[]): MacroImports {
  const wildcard = new Set<string>();
  const named = new Map<string, Set<string>>();
  for (const use of uses) {
    const root = use.path[0];
    if (root === undefined || RELATIVE_ROOTS.has(root)) continue;
    if (use.alias === '*') {
      if (use.path.length === 1) wildcard.add(root);
      continue;
    }
    const crates = named.get(use.alias) ?? new Set<string>();
    crates.add(root);
    named.set(use.alias, crates);
  }
  for (const crate of externCrates) {
    const macroUse = outerAttributes(crate.node).some((a) => /^#\[\s*macro_use\b/.test(a.text));
    const name = crate.node.childForFieldName('name')?.text;
    if (macroUse && name !== undefined) wildcard.add(name);
  }
  return (macro) => new Set([...wildcard, ...(named.get(macro) ?? [])]);
}
