import { fieldNode, typeOf } from './node-cache.js';
import { calleeOf, callArguments, isWrappingCall, RESULT_METHODS, valuePath } from './rust-syntax.js';
import { endOf, field, parentOf, sameNode, startOf, type Located } from './view.js';

/** The name a value is stored under where it is created: a `let`, a static, a struct field. */
export interface Binding {
  readonly kind: 'let' | 'static' | 'field';
  readonly name: string;
  /** File offsets of the code that can see the binding (the enclosing block for a `let`). */
  readonly visibleFrom: number;
  readonly visibleTo: number;
}

const LAZY_CONSTRUCTORS = new Set(['Lazy', 'LazyLock', 'LazyCell']);
const ONCE_METHODS = new Set(['get_or_init', 'get_or_try_init']);
const PASS_THROUGH = new Set(['try_expression', 'parenthesized_expression', 'reference_expression', 'await_expression']);

function isOnly(child: Located, args: Located[]): boolean {
  const [only] = args;
  return args.length === 1 && only !== undefined && sameNode(only, child);
}

function lastSegment(path: string[] | null): string | null {
  return path === null ? null : (path[path.length - 1] ?? null);
}

/** One step up from `child` to `parent` if `parent` still denotes the same value; else the binding or null. */
function step(child: Located, parent: Located): Located | Binding | null {
  const type = typeOf(parent.node);
  if (PASS_THROUGH.has(type)) return parent;
  switch (type) {
    case 'field_expression': {
      const value = field(parent, 'value');
      const call = parentOf(parent);
      if (value === null || !sameNode(value, child) || call === null || typeOf(call.node) !== 'call_expression') return null;
      const callee = calleeOf(call);
      return callee.kind === 'method' && RESULT_METHODS.has(callee.name) ? call : null;
    }
    case 'arguments': {
      const call = parentOf(parent);
      if (call === null || typeOf(call.node) !== 'call_expression') return null;
      const args = callArguments(call);
      if (!isOnly(child, args)) return null;
      const callee = calleeOf(call);
      if (isWrappingCall(call)) return call;
      if (typeOf(child.node) !== 'closure_expression') return null;
      if (callee.kind === 'path' && LAZY_CONSTRUCTORS.has(callee.segments[callee.segments.length - 2] ?? '')) {
        return call;
      }
      if (callee.kind === 'method' && ONCE_METHODS.has(callee.name)) {
        const name = lastSegment(valuePath(callee.receiver));
        return name === null ? null : { kind: 'static', name, visibleFrom: 0, visibleTo: Number.MAX_SAFE_INTEGER };
      }
      return null;
    }
    case 'closure_expression': {
      const body = field(parent, 'body');
      return body !== null && sameNode(body, child) ? parent : null;
    }
    case 'block': {
      // Only the block's tail expression (no `;` after it) is the block's value.
      const last = parent.node.lastNamedChild;
      return last !== null && last.id === child.node.id ? parent : null;
    }
    case 'let_declaration': {
      const value = field(parent, 'value');
      const pattern = fieldNode(parent.node, 'pattern');
      if (value === null || !sameNode(value, child) || pattern === null || pattern.type !== 'identifier') return null;
      const block = parentOf(parent);
      return {
        kind: 'let',
        name: pattern.text,
        visibleFrom: startOf(parent),
        visibleTo: block === null ? endOf(parent) : endOf(block),
      };
    }
    case 'static_item':
    case 'const_item': {
      const value = field(parent, 'value');
      const name = fieldNode(parent.node, 'name')?.text;
      if (value === null || !sameNode(value, child) || name === undefined) return null;
      return { kind: 'static', name, visibleFrom: 0, visibleTo: Number.MAX_SAFE_INTEGER };
    }
    case 'field_initializer': {
      const value = field(parent, 'value');
      const name = fieldNode(parent.node, 'field')?.text;
      if (value === null || !sameNode(value, child) || name === undefined) return null;
      return { kind: 'field', name, visibleFrom: 0, visibleTo: Number.MAX_SAFE_INTEGER };
    }
    case 'assignment_expression': {
      const right = field(parent, 'right');
      const left = field(parent, 'left');
      if (right === null || !sameNode(right, child) || left === null) return null;
      const path = valuePath(left);
      const name = lastSegment(path);
      if (path === null || name === null) return null;
      return { kind: path.length > 1 ? 'field' : 'static', name, visibleFrom: 0, visibleTo: Number.MAX_SAFE_INTEGER };
    }
    default:
      return null;
  }
}

/**
 * Where the value created at `site` is stored, looking through `?`, `.unwrap()`, `Arc::new(..)`,
 * closures passed to `Lazy::new` / `get_or_init`, and block tails.
 */
export function bindingOf(site: Located): Binding | null {
  let current = site;
  for (let depth = 0; depth < 64; depth++) {
    const parent = parentOf(current);
    // A macro argument (other than our own re-parse wrappers) is not a binding.
    if (parent === null || parent.view !== current.view) return null;
    const next = step(current, parent);
    if (next === null) return null;
    if ('kind' in next) return next;
    current = next;
  }
  return null;
}
