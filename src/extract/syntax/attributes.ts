import { knownWithoutOuterAttributes, namedSiblingsOf, typeOf } from './node-cache.js';
import type { SyntaxNode } from './parser.js';

const COMMENTS = new Set(['line_comment', 'block_comment']);

/** Outer attributes written before an item or statement (`#[..]` siblings in tree-sitter-rust). */
export function outerAttributes(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  if (knownWithoutOuterAttributes(node)) return out;
  const { siblings, index } = namedSiblingsOf(node);
  for (let i = index - 1; i >= 0; i--) {
    const sibling = siblings[i] as SyntaxNode;
    const type = typeOf(sibling);
    if (type === 'attribute_item') out.push(sibling);
    else if (!COMMENTS.has(type)) break;
  }
  return out;
}

/** Inner attributes (`#![..]`) at the start of a file or an inline module body. */
export function innerAttributes(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const child of body.namedChildren) {
    if (child.type === 'inner_attribute_item') out.push(child);
    else if (!COMMENTS.has(child.type)) break;
  }
  return out;
}

function attributeOf(item: SyntaxNode): SyntaxNode | null {
  return item.namedChildren.find((c) => c.type === 'attribute') ?? null;
}

function attributePath(attribute: SyntaxNode): string[] {
  const path = attribute.namedChildren.find((c) => c.type === 'identifier' || c.type === 'scoped_identifier');
  return path === undefined ? [] : path.text.split('::').map((s) => s.trim());
}

/** `#[cfg(test)]` or `#[cfg(all(test, ..))]`; `not(test)` and `any(..)` do not make code test-only. */
export function isCfgTest(item: SyntaxNode): boolean {
  const attribute = attributeOf(item);
  if (attribute === null) return false;
  const path = attributePath(attribute);
  if (path.length !== 1 || path[0] !== 'cfg') return false;
  const args = attribute.childForFieldName('arguments');
  if (args === null) return false;
  const compact = args.text.replace(/\s+/g, '');
  if (compact === '(test)') return true;
  const all = /^\(all\((.*)\)\)$/.exec(compact);
  return all !== null && (all[1] ?? '').split(',').includes('test');
}

const TEST_ATTRIBUTES = new Set(['test', 'rstest', 'test_case', 'quickcheck']);

/** `#[test]`, `#[tokio::test]`, `#[tokio::test(flavor = ..)]`, `#[rstest]` and friends. */
export function isTestFunctionAttribute(item: SyntaxNode): boolean {
  const attribute = attributeOf(item);
  if (attribute === null) return false;
  const path = attributePath(attribute);
  const last = path[path.length - 1];
  return last !== undefined && TEST_ATTRIBUTES.has(last);
}

/** `#[path = "..."]` value as written (a string literal), or null. */
export function pathAttributeLiteral(item: SyntaxNode): SyntaxNode | null {
  const attribute = attributeOf(item);
  if (attribute === null) return null;
  const path = attributePath(attribute);
  if (path.length !== 1 || path[0] !== 'path') return null;
  const value = attribute.childForFieldName('value');
  return value !== null && value.type === 'string_literal' ? value : null;
}
