import { fieldNode, namedChildrenOf, parentNode, typeOf } from '../syntax/node-cache.js';
import { outerAttributes, pathAttributeLiteral } from '../syntax/attributes.js';
import { recordConstNumber } from './buckets.js';
import { recordConstArray } from './const-arrays.js';
import { positionOf, type Extraction } from './extraction.js';
import type { ConstDecl, ModDecl, UseDecl } from '../facts.js';
import type { SyntaxNode } from '../syntax/parser.js';
import { decodeRustString } from '../syntax/rust-string.js';
import { pathSegments } from '../syntax/rust-syntax.js';
import { contextOf } from './scopes.js';
import { evalStr } from './str-expr.js';
import { field, type Located } from '../syntax/view.js';

function isStrReference(type: SyntaxNode | null): boolean {
  if (type === null || typeOf(type) !== 'reference_type') return false;
  const inner = fieldNode(type, 'type');
  return inner !== null && typeOf(inner) === 'primitive_type' && inner.text === 'str';
}

/**
 * Records a `const`/`static` item: `&str` ones as constants (the metric name vocabulary), arrays
 * for label-name and bucket lookups. Items inside `impl`/`trait` blocks are reached as `Self::X`.
 */
export function constDeclAt(ex: Extraction, item: Located): ConstDecl | null {
  const parent = parentNode(item.node);
  if (parent !== null && typeOf(parent) === 'declaration_list') {
    const grandparent = parentNode(parent);
    if (grandparent === null || typeOf(grandparent) !== 'mod_item') return null;
  }
  const value = field(item, 'value');
  if (value === null) return null;
  const isStr = isStrReference(fieldNode(item.node, 'type'));
  const valueType = typeOf(value.node);
  recordConstNumber(ex, item, contextOf(item).scope);
  if (!isStr && valueType !== 'array_expression' && valueType !== 'reference_expression') return null;
  const scope = contextOf(item).scope;
  if (!isStr) {
    recordConstArray(ex, item, scope);
    return null;
  }
  const name = fieldNode(item.node, 'name')?.text;
  if (name === undefined) return null;
  return { name, scope, value: evalStr(ex, value), line: positionOf(ex, item).line };
}

function segmentsOf(node: SyntaxNode): string[] {
  return pathSegments(node);
}

function flattenUse(node: SyntaxNode, prefix: readonly string[], scope: readonly string[], out: UseDecl[]): void {
  switch (typeOf(node)) {
    case 'identifier':
    case 'crate':
    case 'super':
    case 'self':
    case 'metavariable':
    case 'scoped_identifier': {
      const segments = [...prefix, ...segmentsOf(node)];
      // `use a::{self}` and `use a::b::self` import `a` / `a::b` itself.
      if (segments[segments.length - 1] === 'self' && segments.length > 1) segments.pop();
      const alias = segments[segments.length - 1];
      if (alias !== undefined) out.push({ scope, path: segments, alias });
      return;
    }
    case 'use_as_clause': {
      const path = fieldNode(node, 'path');
      const alias = fieldNode(node, 'alias')?.text;
      if (path === null || alias === undefined) return;
      const segments = [...prefix, ...segmentsOf(path)];
      if (segments[segments.length - 1] === 'self' && segments.length > 1) segments.pop();
      out.push({ scope, path: segments, alias });
      return;
    }
    case 'use_wildcard': {
      const path = namedChildrenOf(node).find((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
      out.push({ scope, path: [...prefix, ...(path === undefined ? [] : segmentsOf(path))], alias: '*' });
      return;
    }
    case 'scoped_use_list': {
      const path = fieldNode(node, 'path');
      const list = fieldNode(node, 'list');
      if (list !== null) flattenUse(list, [...prefix, ...(path === null ? [] : segmentsOf(path))], scope, out);
      return;
    }
    case 'use_list':
      for (const child of namedChildrenOf(node)) flattenUse(child, prefix, scope, out);
      return;
    default:
      return;
  }
}

/** `use a::{b::C, d as e, f::*};` → one entry per imported name. */
export function useDeclsAt(declaration: Located): UseDecl[] {
  const argument = fieldNode(declaration.node, 'argument');
  if (argument === null) return [];
  const out: UseDecl[] = [];
  flattenUse(argument, [], contextOf(declaration).scope, out);
  return out;
}

export function modDeclAt(item: Located): ModDecl | null {
  const name = fieldNode(item.node, 'name')?.text;
  if (name === undefined) return null;
  const context = contextOf(item);
  let pathAttribute: string | null = null;
  for (const attribute of outerAttributes(item.node)) {
    const literal = pathAttributeLiteral(attribute);
    const decoded = literal === null ? null : decodeRustString(literal.text);
    if (decoded?.ok === true) pathAttribute = decoded.value;
  }
  return {
    scope: context.scope.slice(0, -1),
    name,
    inline: fieldNode(item.node, 'body') !== null,
    pathAttribute,
    test: context.test,
  };
}
