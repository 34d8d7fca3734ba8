import type Parser from 'tree-sitter';
import { cursorType } from './node-types.js';
import type { SyntaxNode } from './parser.js';
import type { MacroArgument, MacroArguments } from './macro-arguments.js';
import type { Located, View } from './view.js';

/** Tokens that tree-sitter-rust gives the same node in a token tree as in an expression. */
const EXPRESSION_TOKENS = new Set([
  'identifier',
  'string_literal',
  'raw_string_literal',
  'char_literal',
  'integer_literal',
  'float_literal',
  'boolean_literal',
]);
/** Words a token tree calls identifiers but an expression does not (`yield`) or cannot parse (`try`, `move`). */
const KEYWORDS_IN_EXPRESSIONS = new Set(['yield', 'try', 'move']);
const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

function isExpressionToken(cursor: Parser.TreeCursor, type: string): boolean {
  return EXPRESSION_TOKENS.has(type) && !(type === 'identifier' && KEYWORDS_IN_EXPRESSIONS.has(cursor.nodeText));
}

/**
 * The arguments of a macro whose arguments are each one literal or name (`register_int_counter!("x", HELP)`),
 * read from its own token tree, where they already are expression nodes; null for any other macro,
 * whose arguments must be re-parsed as a call. The view's container is the token tree, so that
 * `parentOf` an argument is the macro, as after a re-parse.
 */
export function singleTokenArguments(macro: Located, tokenTree: SyntaxNode): MacroArguments | null {
  if (tokenTree.hasError) return null;
  const cursor = tokenTree.walk();
  if (!cursor.gotoFirstChild()) return null;
  const closer = CLOSERS[cursorType(cursor)];
  if (closer === undefined) return null;
  const view: View = {
    tree: macro.view.tree,
    text: macro.view.text,
    kind: 'arguments',
    delta: macro.view.delta,
    container: tokenTree,
    host: macro,
    macroName: null,
  };
  const values: MacroArgument[] = [];
  let expectValue = true;
  while (cursor.gotoNextSibling()) {
    const type = cursorType(cursor);
    if (type === closer) return cursor.gotoNextSibling() ? null : { view, arguments: values, hasErrors: false };
    if (expectValue && isExpressionToken(cursor, type)) values.push({ kind: 'expression', value: { node: cursor.currentNode, view } });
    else if (expectValue || type !== ',') return null;
    expectValue = type === ',';
  }
  return null;
}
