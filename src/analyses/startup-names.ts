/** Names that resolution treats as never the repository's own code. */

/** Roots of the standard library and primitive types (`u32::from_str`): never our code. */
export const STD_ROOTS = new Set(['std', 'core', 'alloc', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize', 'i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'f32', 'f64', 'bool', 'char', 'str']);
/** Prelude functions that are not capitalised constructors. */
export const PRELUDE = new Set(['drop', 'panic', 'unreachable', 'todo', 'unimplemented', 'size_of', 'size_of_val', 'align_of', 'align_of_val']);
/** Configuration predicates (`cfg!(not(..))`) read back from macro arguments as if they were calls. */
export const CFG_PREDICATES = new Set(['cfg', 'not', 'all', 'any']);

/** The part of a resolution scope an alias check needs: the crate's name and the module. */
export interface ScopeNames {
  readonly crate: { readonly name: string } | null;
  readonly module: readonly string[];
}

/**
 * `use my_crate::Config;` read in the module that defines `Config` (main.rs shares the crate root with
 * lib.rs here): the alias names the item itself, and following it would only come back.
 */
export function isSelfAlias(alias: readonly string[], scope: ScopeNames, name: string): boolean {
  const [head, ...rest] = alias;
  if (head !== 'crate' && head !== scope.crate?.name) return false;
  const target = [...scope.module, name];
  return rest.length === target.length && rest.every((segment, i) => segment === target[i]);
}
