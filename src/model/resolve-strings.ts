import type { StrExpr } from '../extract/facts.js';
import { moduleKey, type ModuleIndex, type ModuleScope } from './module-index.js';

export type Resolved =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'unresolved'; readonly reason: string };

const MAX_DEPTH = 16;

/** Computes a string the way rustc would at compile time, or says why it cannot. */
export function resolveString(expr: StrExpr, scope: ModuleScope, index: ModuleIndex, depth = 0): Resolved {
  if (depth > MAX_DEPTH) return { kind: 'unresolved', reason: 'constant definitions nest too deeply (a cycle?)' };
  switch (expr.kind) {
    case 'literal':
      return { kind: 'value', value: expr.value };
    case 'dynamic':
      return { kind: 'unresolved', reason: expr.reason };
    case 'env':
      return resolveEnv(expr.variable, scope);
    case 'concat': {
      let value = '';
      for (const part of expr.parts) {
        const resolved = resolveString(part, scope, index, depth + 1);
        if (resolved.kind === 'unresolved') return resolved;
        value += resolved.value;
      }
      return { kind: 'value', value };
    }
    case 'const': {
      const found = findConstant(expr.path, scope, index, depth, new Set());
      if (!found) return { kind: 'unresolved', reason: `constant ${expr.path.join('::')} not found at this ref` };
      return resolveString(found.expr, found.scope, index, depth + 1);
    }
  }
}

function resolveEnv(variable: string, scope: ModuleScope): Resolved {
  const crate = scope.crate;
  if (!crate) return { kind: 'unresolved', reason: `env!("${variable}") outside a Cargo package` };
  if (variable === 'CARGO_PKG_NAME') return { kind: 'value', value: crate.packageName };
  if (variable === 'CARGO_CRATE_NAME') return { kind: 'value', value: crate.name };
  if (variable === 'CARGO_PKG_VERSION' && crate.version) return { kind: 'value', value: crate.version };
  return { kind: 'unresolved', reason: `env!("${variable}") is set by the build environment` };
}

interface FoundConstant {
  readonly expr: StrExpr;
  readonly scope: ModuleScope;
}

/**
 * Follows a path as rustc's 2018+ name resolution would, through modules, `use` aliases and re-exports.
 * `seen` holds the (module, path) pairs already tried: glob imports that import each other would
 * otherwise make the search exponential.
 */
function findConstant(
  segments: readonly string[],
  scope: ModuleScope,
  index: ModuleIndex,
  depth: number,
  seen: Set<string>,
): FoundConstant | null {
  if (depth > MAX_DEPTH || segments.length === 0) return null;
  const key = `${moduleKey(scope)}|${segments.join('::')}`;
  if (seen.has(key)) return null;
  seen.add(key);
  const [first, ...rest] = segments as [string, ...string[]];
  if (rest.length === 0) return findInModule(first, scope, index, depth, seen);
  if (first === 'crate') return findConstant(rest, { ...scope, path: [] }, index, depth + 1, seen);
  if (first === 'self') return findConstant(rest, scope, index, depth + 1, seen);
  if (first === 'super') return findConstant(rest, { ...scope, path: scope.path.slice(0, -1) }, index, depth + 1, seen);
  // A leading segment is a use alias, a child module, or another crate of the workspace.
  for (const use of index.usesIn(scope)) {
    if (use.alias === first) return findConstant([...use.path, ...rest], scope, index, depth + 1, seen);
  }
  const child = findConstant(rest, { ...scope, path: [...scope.path, first] }, index, depth + 1, seen);
  if (child) return child;
  const other = index.crateNamed(first);
  if (other && other !== scope.crate) return findConstant(rest, { crate: other, target: 'lib', path: [] }, index, depth + 1, seen);
  return null;
}

function findInModule(name: string, scope: ModuleScope, index: ModuleIndex, depth: number, seen: Set<string>): FoundConstant | null {
  const local = index.constantIn(scope, name);
  if (local) return { expr: local.decl.value, scope: local.scope };
  const uses = index.usesIn(scope);
  for (const use of uses) {
    if (use.alias === name && use.path[use.path.length - 1] !== undefined) {
      const found = findConstant(use.path, scope, index, depth + 1, seen);
      if (found) return found;
    }
  }
  for (const use of uses) {
    if (use.alias === '*') {
      const found = findConstant([...use.path, name], scope, index, depth + 1, seen);
      if (found) return found;
    }
  }
  return null;
}
