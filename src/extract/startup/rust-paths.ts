import type { PlainNode } from './plain-tree.js';

const SIMPLE = new Set(['identifier', 'type_identifier', 'self', 'super', 'crate', 'metavariable']);

/**
 * The segments of a path expression as written: `crate::m::X` → `['crate','m','X']`, `Vec::<u8>::new` →
 * `['Vec','new']`, `f::<T>` → `['f']`; null for what is not a plain path (`<T as Tr>::f`, `(f)`).
 */
export function pathOf(node: PlainNode): string[] | null {
  if (SIMPLE.has(node.type)) return [node.text];
  if (node.type === 'scoped_identifier' || node.type === 'scoped_type_identifier') {
    const name = node.childForFieldName('name');
    if (name === null) return null;
    const path = node.childForFieldName('path');
    // `::std::x` has no path: the leading `::` only says "extern crate".
    const head = path === null ? [] : pathOf(path);
    return head === null ? null : [...head, name.text];
  }
  if (node.type === 'generic_type') {
    const type = node.childForFieldName('type');
    return type === null ? null : pathOf(type);
  }
  if (node.type === 'generic_function') {
    const fn = node.childForFieldName('function');
    return fn === null ? null : pathOf(fn);
  }
  return null;
}

/** UPPER_CASE, as statics and consts are named; `Self` and CamelCase types are not. */
export function isStaticName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}

/** A path whose last segment names a static. */
export function staticPathOf(node: PlainNode): string[] | null {
  let target = node;
  while (target.type === 'parenthesized_expression' && target.namedChildren.length === 1) target = target.namedChild(0) as PlainNode;
  if (target.type !== 'identifier' && target.type !== 'scoped_identifier') return null;
  const path = pathOf(target);
  const last = path?.[path.length - 1];
  return path !== null && last !== undefined && isStaticName(last) ? path : null;
}

/** The type an `impl` is for: `impl<T> Foo<T>` → `Foo`, `impl a::Foo` → `Foo`, `impl Tr for &Foo` → `Foo`. */
export function typeNameOf(node: PlainNode | null): string | null {
  if (node === null) return null;
  switch (node.type) {
    case 'type_identifier':
    case 'identifier':
      return node.text;
    case 'scoped_type_identifier':
      return node.childForFieldName('name')?.text ?? null;
    case 'generic_type':
      return typeNameOf(node.childForFieldName('type'));
    case 'reference_type':
    case 'pointer_type':
      return typeNameOf(node.childForFieldName('type'));
    default:
      return null;
  }
}

/** `#[tokio::main(flavor = "current_thread")]` → `tokio::main`. */
export function attributePathOf(attributeItem: PlainNode): string | null {
  const attribute = attributeItem.namedChildren.find((c) => c.type === 'attribute');
  const path = attribute?.namedChildren.find((c) => c.type === 'identifier' || c.type === 'scoped_identifier');
  if (path === undefined) return null;
  return pathOf(path)?.join('::') ?? null;
}
