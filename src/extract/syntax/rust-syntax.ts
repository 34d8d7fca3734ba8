import { blobScopedMap } from './blob-scoped.js';
import { fieldNode, typeOf } from './node-cache.js';
import type { SyntaxNode } from './parser.js';
import { codeChildren, field, type Located } from './view.js';

const PATH_LEAVES = new Set([
  'identifier',
  'type_identifier',
  'field_identifier',
  'self',
  'super',
  'crate',
  'metavariable',
  'primitive_type',
]);

/** Path segments without generic arguments: `Family::<L, Counter>::default` → `['Family', 'default']`. */
export function pathSegments(node: SyntaxNode): string[] {
  if (PATH_LEAVES.has(typeOf(node))) return [node.text];
  switch (typeOf(node)) {
    case 'scoped_identifier':
    case 'scoped_type_identifier': {
      const path = fieldNode(node, 'path');
      const name = fieldNode(node, 'name');
      return [...(path === null ? [] : pathSegments(path)), ...(name === null ? [] : [name.text])];
    }
    case 'generic_type': {
      const type = fieldNode(node, 'type');
      return type === null ? [] : pathSegments(type);
    }
    case 'generic_function': {
      const fn = fieldNode(node, 'function');
      return fn === null ? [] : pathSegments(fn);
    }
    default:
      return [];
  }
}

/** Generic arguments written anywhere in a path: `Family::<L, Counter>::default` → `[L, Counter]`. */
export function pathTypeArguments(node: SyntaxNode): SyntaxNode[] {
  switch (typeOf(node)) {
    case 'scoped_identifier':
    case 'scoped_type_identifier': {
      const path = fieldNode(node, 'path');
      return path === null ? [] : pathTypeArguments(path);
    }
    case 'generic_type':
    case 'generic_function': {
      const args = fieldNode(node, 'type_arguments');
      return args === null ? [] : args.namedChildren.filter((c) => c.type !== 'lifetime');
    }
    default:
      return [];
  }
}

export type Callee =
  | { readonly kind: 'path'; readonly path: Located; readonly segments: readonly string[] }
  | { readonly kind: 'method'; readonly name: string; readonly receiver: Located }
  | { readonly kind: 'other' };

// A node is always reached through the same view, so its callee can be remembered per node.
const callees = blobScopedMap<SyntaxNode, Callee>();

export function calleeOf(call: Located): Callee {
  let callee = callees.get(call.node);
  if (callee === undefined) {
    callee = readCallee(call);
    callees.set(call.node, callee);
  }
  return callee;
}

function readCallee(call: Located): Callee {
  const fn = field(call, 'function');
  if (fn === null) return { kind: 'other' };
  let target = fn;
  if (typeOf(target.node) === 'generic_function') {
    const inner = field(target, 'function');
    if (inner === null) return { kind: 'other' };
    if (typeOf(inner.node) !== 'field_expression') return { kind: 'path', path: fn, segments: pathSegments(fn.node) };
    target = inner;
  }
  if (typeOf(target.node) === 'field_expression') {
    const name = fieldNode(target.node, 'field')?.text;
    const receiver = field(target, 'value');
    if (name === undefined || receiver === null) return { kind: 'other' };
    return { kind: 'method', name, receiver };
  }
  const segments = pathSegments(target.node);
  return segments.length === 0 ? { kind: 'other' } : { kind: 'path', path: target, segments };
}

export function callArguments(call: Located): Located[] {
  const args = field(call, 'arguments');
  return args === null ? [] : codeChildren(args);
}

/** The single code child of wrappers such as `(x)`, `&x`, `x?`, `*x`. */
function innerOfWrapper(loc: Located): Located | null {
  switch (typeOf(loc.node)) {
    case 'parenthesized_expression':
    case 'try_expression':
    case 'await_expression': {
      const [inner] = codeChildren(loc);
      return inner ?? null;
    }
    case 'reference_expression':
      return field(loc, 'value');
    case 'unary_expression': {
      if (loc.node.firstChild?.type !== '*') return null;
      const [inner] = codeChildren(loc);
      return inner ?? null;
    }
    default:
      return null;
  }
}

/** Methods that return (a handle to) the value they are called on, as far as naming goes. */
export const RESULT_METHODS = new Set([
  'unwrap',
  'expect',
  'unwrap_or_else',
  'unwrap_or_default',
  'unwrap_unchecked',
  'context',
  'with_context',
  'map_err',
  'ok',
  'clone',
  'into',
  'to_owned',
]);

const WRAPPING_CONSTRUCTORS = new Set(['Arc', 'Box', 'Rc', 'Mutex', 'RwLock', 'RefCell', 'Cell']);

/** Whether `call` only wraps its single argument: `Arc::new(x)`, `Box::new(x)`, `Some(x)`, `Ok(x)`. */
export function isWrappingCall(call: Located): boolean {
  const callee = calleeOf(call);
  if (callee.kind !== 'path') return false;
  const segments = callee.segments;
  const last = segments[segments.length - 1];
  if (segments.length === 1) return last === 'Some' || last === 'Ok';
  const type = segments[segments.length - 2];
  return last === 'new' && type !== undefined && WRAPPING_CONSTRUCTORS.has(type);
}

/**
 * Strips wrappers that do not change which value an expression denotes: parentheses, `&`, `*`,
 * `?`, `.await`, the given methods (`.unwrap()`, `.clone()`, ...) and `Box::new(..)`-like calls.
 */
export function unwrapValue(loc: Located, methods: ReadonlySet<string> = RESULT_METHODS): Located {
  let current = loc;
  for (;;) {
    const inner = innerOfWrapper(current);
    if (inner !== null) {
      current = inner;
      continue;
    }
    if (typeOf(current.node) === 'call_expression') {
      const callee = calleeOf(current);
      if (callee.kind === 'method' && methods.has(callee.name)) {
        current = callee.receiver;
        continue;
      }
      const args = callArguments(current);
      const [only] = args;
      if (args.length === 1 && only !== undefined && isWrappingCall(current)) {
        current = only;
        continue;
      }
    }
    return current;
  }
}

/** `x`, `self.x`, `a::b::X`, `m.reqs` as path segments; null for anything else. */
export function valuePath(loc: Located): string[] | null {
  const node = loc.node;
  switch (typeOf(node)) {
    case 'identifier':
    case 'self':
      return [node.text];
    case 'scoped_identifier': {
      const segments = pathSegments(node);
      return segments.length > 0 ? segments : null;
    }
    case 'field_expression': {
      const value = field(loc, 'value');
      const name = fieldNode(node, 'field')?.text;
      if (value === null || name === undefined) return null;
      const base = valuePath(value);
      return base === null ? null : [...base, name];
    }
    default:
      return null;
  }
}

export function identifierName(node: SyntaxNode | null): string | null {
  return node !== null && typeOf(node) === 'identifier' ? node.text : null;
}

