import type { ConstDecl, RawRegistration, StrExpr } from '../extract/facts.js';
import type { SourceFile } from './module-index.js';

/**
 * Whether resolving this file's registrations can need another file: a name from a const declared
 * elsewhere, a registry defined elsewhere, a construction registered elsewhere. Files that cannot are
 * resolved once per blob and reused across every commit that contains them (and the history walk
 * need not parse the files that hold only names and call sites).
 */
export function dependsOnOtherFiles(file: SourceFile): boolean {
  if (file.facts.registerCalls.length > 0 || file.facts.customRegistries.length > 0) return true;
  return file.facts.registrations.some((r) => r.registry.kind !== 'default' || registrationExpressions(r).some((e) => e !== null && needsOtherFiles(e, file, r.scope, 0)));
}

/** The expressions a registration's name, help and labels are written with. */
export function registrationExpressions(r: RawRegistration): readonly (StrExpr | null)[] {
  return [r.name, r.namespace, r.subsystem, r.help, ...r.labels, ...r.constLabels.flatMap((c) => [c.name, c.value])];
}

/** Constants that refer to constants: followed this deep within the file before calling it dependent. */
const MAX_LOCAL_DEPTH = 8;

function needsOtherFiles(expr: StrExpr, file: SourceFile, scope: readonly string[], depth: number): boolean {
  if (expr.kind === 'concat') return expr.parts.some((part) => needsOtherFiles(part, file, scope, depth));
  if (expr.kind !== 'const') return false;
  const local = depth < MAX_LOCAL_DEPTH ? localConstant(file, scope, expr.path) : undefined;
  return local === undefined || needsOtherFiles(local.value, file, scope, depth + 1);
}

/**
 * The constant a bare name means when this file declares it in the same module: name resolution
 * tries a module's own constants first (`findInModule`), and no other file declares items in that
 * module. Not for a crate root, whose namespace `lib.rs` and `main.rs` share here.
 */
function localConstant(file: SourceFile, scope: readonly string[], path: readonly string[]): ConstDecl | undefined {
  if (path.length !== 1 || file.module.modulePath.length === 0) return undefined;
  return file.facts.constants.find((c) => c.name === path[0] && c.scope.length === scope.length && c.scope.every((part, i) => part === scope[i]));
}

/** Where a registration is written: the registration itself, or the call of a wrapper. */
