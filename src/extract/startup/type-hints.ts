import { pathOf, staticPathOf, typeNameOf } from './rust-paths.js';
import type { PlainNode } from './plain-tree.js';

/**
 * The type a value or a declared type names, as far as a body shows it without inference, so that
 * `x.start()` can be followed to `Server::start`; and the static a chain of calls starts from.
 */

/** Smart pointers whose methods are their content's. */
const WRAPPERS = new Set(['Arc', 'Rc', 'Box']);
/** Methods that hand back (a view of) their receiver, as far as the receiver's type goes. */
const PASS_THROUGH = new Set(['unwrap', 'expect', 'clone', 'await']);

/** The type named by a declared type: `&mut Server`, `Arc<Server>`, `crate::x::Server` → `Server`. */
export function typeHintOf(node: PlainNode | null): string | null {
  if (node === null) return null;
  if (node.type === 'reference_type' || node.type === 'pointer_type') return typeHintOf(node.childForFieldName('type'));
  if (node.type === 'generic_type') {
    const outer = typeNameOf(node.childForFieldName('type'));
    if (outer !== null && WRAPPERS.has(outer)) return typeHintOf(node.childForFieldName('type_arguments')?.namedChild(0) ?? null);
    return outer;
  }
  if (node.type === 'type_identifier' || node.type === 'scoped_type_identifier') return typeNameOf(node);
  return null;
}

/** The type a value is built as: `Server::new(..)?`, `Server { .. }`, `Arc::new(Server::new())`, another typed local. */
export function valueHintOf(node: PlainNode | null, bindings: ReadonlyMap<string, string>): string | null {
  if (node === null) return null;
  switch (node.type) {
    case 'try_expression':
    case 'reference_expression':
    case 'parenthesized_expression':
      return valueHintOf(node.namedChildren.find((c) => c.type !== 'mutable_specifier') ?? null, bindings);
    case 'await_expression':
      return valueHintOf(node.namedChild(0), bindings);
    case 'identifier':
      return bindings.get(node.text) ?? null;
    case 'struct_expression':
      return typeHintOf(node.childForFieldName('name'));
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      if (fn === null) return null;
      if (fn.type === 'field_expression') {
        const method = fn.childForFieldName('field')?.text ?? '';
        return PASS_THROUGH.has(method) ? valueHintOf(fn.childForFieldName('value'), bindings) : null;
      }
      const path = pathOf(fn);
      const type = path?.[path.length - 2];
      if (type === undefined || !/^[A-Z]/.test(type) || type === 'Self') return null;
      if (WRAPPERS.has(type)) return valueHintOf(node.childForFieldName('arguments')?.namedChild(0) ?? null, bindings);
      return type;
    }
    default:
      return null;
  }
}

/** The static a chain of field accesses, method calls, `?` and `.await` starts from, if any. */
export function chainRoot(node: PlainNode | null): string[] | null {
  let current = node;
  for (let depth = 0; current !== null && depth < 32; depth++) {
    const path = staticPathOf(current);
    if (path !== null) return path;
    if (current.type === 'field_expression') current = current.childForFieldName('value');
    else if (current.type === 'call_expression') {
      const fn = current.childForFieldName('function');
      current = fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
    } else if (current.type === 'try_expression' || current.type === 'await_expression') current = current.namedChild(0);
    else return null;
  }
  return null;
}

