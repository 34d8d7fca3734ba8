import { pathOf, staticPathOf } from './rust-paths.js';
import type { PlainNode } from './plain-tree.js';

/**
 * What start-up analysis needs to know about control flow in a body: which patterns and branches
 * handle errors, and which loops run whenever they are reached.
 */

/** Adapters a `for` loop over a fixed list goes through: `for x in LABELS.iter()`. */
const ITERATION = new Set(['iter', 'into_iter', 'copied', 'cloned', 'enumerate']);

/** A pattern that matches an error: `Err(e)`, `Err(_)`, `Some(Err(e))`, `Err(e) | Ok(Bad)`. */
export function isErrorPattern(pattern: PlainNode | null): boolean {
  if (pattern === null) return false;
  const variants = pattern.type === 'or_pattern' ? pattern.namedChildren : [pattern];
  return variants.some((variant) => {
    if (variant.type !== 'tuple_struct_pattern') return false;
    const type = pathOf(variant.childForFieldName('type') ?? variant);
    if (type?.[type.length - 1] === 'Err') return true;
    return variant.namedChildren.some((child) => child !== variant.childForFieldName('type') && isErrorPattern(child));
  });
}

/** `Ok(..)` or `Some(..)`: the other branch of such a match handles the failure. */
export function isSuccessPattern(pattern: PlainNode | null): boolean {
  if (pattern?.type !== 'tuple_struct_pattern') return false;
  const type = pathOf(pattern.childForFieldName('type') ?? pattern);
  const last = type?.[type.length - 1];
  return last === 'Ok' || last === 'Some';
}

/** Macros that return an error from the enclosing function. */
const ERROR_RETURNS = new Set(['bail', 'ensure']);

/**
 * A branch that ends by handing back an error: `return Err(..)`, `bail!(..)`, a tail `Err(..)` or
 * `Err(..)?`. Such a branch is error handling whatever its condition (`if !ok { X.inc(); bail!(..) }`).
 */
export function endsWithError(branch: PlainNode | null): boolean {
  if (branch === null) return false;
  if (branch.type === 'else_clause') return endsWithError(branch.namedChildren[branch.namedChildren.length - 1] ?? null);
  if (branch.type !== 'block') return false;
  const statements = branch.namedChildren.filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
  let last = statements[statements.length - 1] ?? null;
  if (last?.type === 'expression_statement') last = last.namedChild(0);
  return isErrorValue(last);
}

function isErrorValue(node: PlainNode | null): boolean {
  if (node === null) return false;
  switch (node.type) {
    case 'return_expression':
    case 'try_expression':
      return isErrorValue(node.namedChild(0));
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const path = fn === null ? null : pathOf(fn);
      return path?.[path.length - 1] === 'Err';
    }
    case 'macro_invocation': {
      const macro = node.childForFieldName('macro');
      const path = macro === null ? null : pathOf(macro);
      return ERROR_RETURNS.has(path?.[path.length - 1] ?? '');
    }
    default:
      return false;
  }
}

/** The `let` pattern of an `if let` condition (the first one of a `let` chain). */
export function letPatternOf(condition: PlainNode | null): PlainNode | null {
  if (condition === null) return null;
  if (condition.type === 'let_condition') return condition.childForFieldName('pattern');
  if (condition.type === 'let_chain') return letPatternOf(condition.namedChildren.find((c) => c.type === 'let_condition') ?? null);
  return null;
}

/**
 * The iterated value of a `for` that loops over a fixed list (`[..]`, `&[..]`, a CONST, `0..4`, and
 * those through `.iter()`): its body runs whenever the loop is reached.
 */
export function isFixedIteration(value: PlainNode | null): boolean {
  let node = value;
  for (let depth = 0; node !== null && depth < 8; depth++) {
    switch (node.type) {
      case 'array_expression':
        return true;
      case 'range_expression':
        return node.namedChildren.every((c) => c.type === 'integer_literal');
      case 'reference_expression':
        node = node.childForFieldName('value');
        continue;
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'field_expression' || !ITERATION.has(fn.childForFieldName('field')?.text ?? '')) return false;
        node = fn.childForFieldName('value');
        continue;
      }
      default:
        return staticPathOf(node) !== null;
    }
  }
  return false;
}

