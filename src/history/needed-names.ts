import type { BlobFacts, StrExpr } from '../extract/facts.js';
import type { FileModule } from '../model/crate-layout.js';

/** Stands for a glob import (`use a::*;`), through which any name may arrive. */
export const GLOB = '*';

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
/** `use` with a `*` before its `;`: wider than a glob import, never narrower. */
const GLOB_USE = /(?<![A-Za-z0-9_])use(?![A-Za-z0-9_])[^;]*\*/;

/** The identifiers a blob's text mentions, plus `GLOB` when it may import a module's every name. */
export function mentionedNames(text: string): Set<string> {
  const names = new Set(text.match(IDENTIFIER) ?? []);
  if (GLOB_USE.test(text)) names.add(GLOB);
  return names;
}

/** Path keywords: they move between modules and are never the name of a constant or an alias. */
const KEYWORDS = new Set(['crate', 'self', 'super', 'Self']);

function addSegments(expr: StrExpr | null, names: Set<string>): void {
  if (expr === null) return;
  if (expr.kind === 'const') addPath(expr.path, names);
  else if (expr.kind === 'concat') for (const part of expr.parts) addSegments(part, names);
}

function addPath(path: readonly string[], names: Set<string>): void {
  for (const segment of path) if (!KEYWORDS.has(segment)) names.add(segment);
}

/**
 * The names an unparsed file must mention to take part in resolving constants: the segments of the
 * constant paths that the registrations of `dependent` files name, then, following the chains through
 * parsed files, the paths of the `use` declarations whose alias is such a name, or a glob, and the
 * values of the constants so named. `findConstant` looks up a path's segments as constant names,
 * `use` aliases, child modules or crates, so a file that mentions none of these names cannot change
 * where a path leads, unless it imports a glob into a module a lookup enters (`globReachable`).
 * Null when registries or registrations made elsewhere are involved: then every file may matter.
 */
export function namesForConstants(dependent: readonly BlobFacts[], parsed: readonly BlobFacts[]): Set<string> | null {
  const names = new Set<string>();
  for (const facts of dependent) {
    if (facts.registerCalls.length > 0 || facts.customRegistries.length > 0) return null;
    for (const r of facts.registrations) {
      if (r.registry.kind !== 'default') return null;
      for (const expr of [r.name, r.namespace, r.subsystem, r.help, ...r.labels, ...r.constLabels.flatMap((c) => [c.name, c.value])]) addSegments(expr, names);
    }
  }
  for (let size = -1; size !== names.size; ) {
    size = names.size;
    for (const facts of parsed) {
      // A glob import in a parsed file can route any name looked up there: its module is entered by name.
      for (const use of facts.uses) if (use.alias === '*' || names.has(use.alias)) addPath(use.path, names);
      for (const constant of facts.constants) if (names.has(constant.name)) addSegments(constant.value, names);
    }
  }
  return names;
}

/**
 * Whether names a glob brings into `module` can be looked up: the module is a crate root, or is
 * entered by name (its last segment is one of `names`), or is the module of a parsed file or one
 * above it (bare names and `super::` paths are looked up there). A test module's `use super::*;` in plain code is neither.
 */
export function globReachable(module: FileModule, names: ReadonlySet<string>, parsed: readonly FileModule[]): boolean {
  const last = module.modulePath[module.modulePath.length - 1];
  // A crate root is entered by `crate::` and by the crate's name from other crates of the workspace.
  if (last === undefined || names.has(last)) return true;
  return parsed.some(
    (p) =>
      (p.crate?.dir ?? null) === (module.crate?.dir ?? null) &&
      p.target === module.target &&
      module.modulePath.length <= p.modulePath.length &&
      module.modulePath.every((segment, i) => p.modulePath[i] === segment),
  );
}

/** Whether a file that mentions `mentioned` can matter to constants looked up by `names`. */
export function mentionsAny(mentioned: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  const [small, large] = mentioned.size < names.size ? [mentioned, names] : [names, mentioned];
  for (const name of small) if (large.has(name)) return true;
  return false;
}
