import { fieldNode, typeOf } from '../syntax/node-cache.js';
import type { ConstArray, Extraction } from './extraction.js';
import { lookupLocal } from '../syntax/locals.js';
import { metavariableIndex } from '../syntax/parameters.js';
import { pathSegments } from '../syntax/rust-syntax.js';
import { contextOf } from './scopes.js';
import { expressionArguments, macroName } from './token-tree.js';
import { codeChildren, field, type Located } from '../syntax/view.js';

export type ArrayElements =
  | { readonly kind: 'elements'; readonly elements: readonly Located[] }
  /** A parameter of the enclosing `fn` or `macro_rules!` arm (`index` null for a closure's). */
  | { readonly kind: 'parameter'; readonly index: number | null }
  | { readonly kind: 'elsewhere' }
  | { readonly kind: 'unknown' };

const SLICE_METHODS = new Set(['to_vec', 'as_slice', 'as_ref', 'clone', 'into', 'iter', 'unwrap', 'expect']);

/** Elements of an array literal (not the `[x; n]` repeat form). */
export function arrayLiteralElements(loc: Located): Located[] | null {
  if (typeOf(loc.node) !== 'array_expression' || fieldNode(loc.node, 'length') !== null) return null;
  return codeChildren(loc);
}

export function recordConstArray(ex: Extraction, item: Located, scope: readonly string[]): void {
  const name = fieldNode(item.node, 'name')?.text;
  let value = field(item, 'value');
  if (value !== null && typeOf(value.node) === 'reference_expression') value = field(value, 'value');
  const elements = value === null ? null : arrayLiteralElements(value);
  if (name === undefined || elements === null) return;
  const list = ex.arrays.get(name) ?? [];
  list.push({ scope, elements });
  ex.arrays.set(name, list);
}

function constArray(ex: Extraction, site: Located, name: string): ConstArray | null {
  const candidates = ex.arrays.get(name);
  if (candidates === undefined) return null;
  const scope = contextOf(site).scope.join('::');
  return candidates.find((c) => c.scope.join('::') === scope) ?? candidates[0] ?? null;
}

/**
 * The elements of an expression that denotes a list: `&["a", "b"]`, `vec![..]`, a local bound to
 * one, or a `const`/`static` array declared in this file (found by name, same module first).
 */
export function listElements(ex: Extraction, loc: Located, depth = 0): ArrayElements {
  let current = loc;
  for (;;) {
    const type = typeOf(current.node);
    if (type === 'reference_expression') {
      const inner = field(current, 'value');
      if (inner === null) return { kind: 'unknown' };
      current = inner;
    } else if (type === 'parenthesized_expression') {
      const [inner] = codeChildren(current);
      if (inner === undefined) return { kind: 'unknown' };
      current = inner;
    } else if (type === 'call_expression') {
      const fn = field(current, 'function');
      const method = fn !== null && typeOf(fn.node) === 'field_expression' ? fieldNode(fn.node, 'field')?.text : undefined;
      const receiver = fn === null ? null : field(fn, 'value');
      if (method === undefined || !SLICE_METHODS.has(method) || receiver === null) return { kind: 'unknown' };
      current = receiver;
    } else {
      break;
    }
  }
  const literal = arrayLiteralElements(current);
  if (literal !== null) return { kind: 'elements', elements: literal };
  const type = typeOf(current.node);
  if (type === 'macro_invocation' && macroName(current.node) === 'vec') {
    const args = expressionArguments(ex, current);
    return args === null ? { kind: 'unknown' } : { kind: 'elements', elements: args };
  }
  if (type === 'identifier' && depth < 8) {
    const local = lookupLocal(current, current.node.text);
    if (local?.kind === 'parameter') return { kind: 'parameter', index: local.index };
    if (local?.kind === 'let') return local.value === null ? { kind: 'unknown' } : listElements(ex, local.value, depth + 1);
  }
  if (type === 'metavariable') return { kind: 'parameter', index: metavariableIndex(current, current.node.text.slice(1)) };
  if (type === 'identifier' || type === 'scoped_identifier') {
    const path = pathSegments(current.node);
    const name = path[path.length - 1];
    const local = path.length === 1 || (path.length === 2 && (path[0] === 'self' || path[0] === 'Self'));
    const found = local && name !== undefined ? constArray(ex, current, name) : null;
    return found === null ? { kind: 'elsewhere' } : { kind: 'elements', elements: found.elements };
  }
  return { kind: 'unknown' };
}
