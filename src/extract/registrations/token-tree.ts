import { blobScopedMap } from '../syntax/blob-scoped.js';
import type { Extraction } from './extraction.js';
import { singleTokenArguments } from '../syntax/single-token-arguments.js';
import { fieldNode, typeOf } from '../syntax/node-cache.js';
import { cursorType } from '../syntax/node-types.js';
import { parseRust, type SyntaxNode } from '../syntax/parser.js';
import type { MacroArgument, MacroArguments } from '../syntax/macro-arguments.js';
import { NESTED_VALUE_MACROS } from '../macro-vocabulary.js';
import { codeChildren, locate, startOf, type Located, type View } from '../syntax/view.js';

/** Text placed around macro arguments so that they parse as the arguments of a call. */
const CALL_PREFIX = 'fn __f(){__m(';
// The newline keeps a trailing `//` comment inside the arguments from swallowing the wrapper's end.
const CALL_SUFFIX = '\n);}\n';

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const COMMENTS = new Set(['line_comment', 'block_comment']);

const MAX_NESTING = 6;

export function isNestedValueMacro(name: string): boolean {
  return NESTED_VALUE_MACROS.has(name);
}

interface Edit {
  readonly at: number;
  readonly text: string;
}

interface Segment {
  start: number;
  end: number;
  arrow: boolean;
  label: string | null;
}

// Sites ask for a macro's name, path and token tree many times; each is a few native calls.
const paths = blobScopedMap<SyntaxNode, readonly string[]>();
const names = blobScopedMap<SyntaxNode, string>();
const tokenTrees = blobScopedMap<SyntaxNode, SyntaxNode | null>();

/** The macro path as written: `['prometheus', 'register_int_counter']` for `prometheus::register_int_counter!`. */
export function macroPath(macro: SyntaxNode): string[] {
  let path = paths.get(macro);
  if (path === undefined) {
    const written = fieldNode(macro, 'macro');
    path =
      written === null
        ? []
        : written.text
            .split('::')
            .map((part) => part.trim())
            .filter((part, i) => part !== '' || i > 0);
    paths.set(macro, path);
  }
  return [...path];
}

export function macroName(macro: SyntaxNode): string {
  let name = names.get(macro);
  if (name === undefined) {
    const path = fieldNode(macro, 'macro');
    if (path === null) name = '';
    else if (typeOf(path) === 'scoped_identifier') name = fieldNode(path, 'name')?.text ?? '';
    else name = path.text;
    names.set(macro, name);
  }
  return name;
}

export function tokenTreeOf(macro: SyntaxNode): SyntaxNode | null {
  let tree = tokenTrees.get(macro);
  if (tree === undefined) {
    const last = macro.lastChild;
    tree = last !== null && typeOf(last) === 'token_tree' ? last : null;
    tokenTrees.set(macro, tree);
  }
  return tree;
}

interface Token {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly text: string | null;
}

/** The top-level tokens of a token tree (identifier texts included), read with one cursor. */
function tokensOf(tree: SyntaxNode): Token[] {
  const tokens: Token[] = [];
  const cursor = tree.walk();
  if (!cursor.gotoFirstChild()) return tokens;
  do {
    const type = cursorType(cursor);
    tokens.push({ type, start: cursor.startIndex, end: cursor.endIndex, text: type === 'identifier' ? cursor.nodeText : null });
  } while (cursor.gotoNextSibling());
  return tokens;
}

/** The tokens between the delimiters, and the view offsets of the text they span. */
function innerOf(tree: SyntaxNode): { tokens: Token[]; start: number; end: number } {
  const tokens = tokensOf(tree);
  const open = tokens[0];
  const close = tokens[tokens.length - 1];
  const closed = open !== undefined && close !== undefined && tokens.length > 1 && close.type === CLOSERS[open.type];
  return {
    tokens: tokens.slice(1, closed ? -1 : undefined),
    start: tree.startIndex + 1,
    end: closed && close !== undefined ? close.start : tree.endIndex,
  };
}

function editedText(view: View, range: { start: number; end: number }, edits: readonly Edit[]): string {
  let out = '';
  let at = range.start;
  for (const edit of edits) {
    out += view.text.slice(at, edit.at) + edit.text;
    at = edit.at + edit.text.length;
  }
  return out + view.text.slice(at, range.end);
}

/**
 * Splits a token tree at its top-level commas. `=>` becomes `, ` and a leading `name:` is blanked,
 * both length-preserving, so that every argument parses as an expression.
 */
function splitArguments(tokens: readonly Token[]): { segments: Segment[]; edits: Edit[] } {
  const segments: Segment[] = [];
  const edits: Edit[] = [];
  let current: Segment | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (COMMENTS.has(token.type)) continue;
    if (token.type === ',') {
      if (current !== null) segments.push(current);
      current = null;
      continue;
    }
    if (current === null) {
      current = { start: token.start, end: token.end, arrow: false, label: null };
      const next = tokens[i + 1];
      if (token.text !== null && next !== undefined && next.type === ':') {
        current.label = token.text;
        edits.push({ at: token.start, text: ' '.repeat(next.end - token.start) });
        current.end = next.end;
        i++;
        continue;
      }
    }
    if (token.type === '=>') {
      current.arrow = true;
      edits.push({ at: token.start, text: ', ' });
    }
    current.end = token.end;
  }
  if (current !== null) segments.push(current);
  return { segments, edits };
}

/** The `arguments` node of the wrapper call whose `(` is at `open` in the batch text. */
function wrapperArguments(root: SyntaxNode, open: number): SyntaxNode | null {
  const paren = root.descendantForIndex(open, open + 1);
  const args = paren.type === '(' ? paren.parent : null;
  return args !== null && args.type === 'arguments' && args.startIndex === open ? args : null;
}

function assignArguments(ex: Extraction, macro: Located, view: View, segments: readonly Segment[]): MacroArgument[] {
  const nodes = codeChildren(locate(view.container, view));
  const outerDelta = macro.view.delta;
  const result: MacroArgument[] = [];
  let next = 0;
  for (const segment of segments) {
    const segmentStart = segment.start + outerDelta;
    const segmentEnd = segment.end + outerDelta;
    const inSegment: Located[] = [];
    while (next < nodes.length) {
      const node = nodes[next] as Located;
      const start = startOf(node);
      if (start >= segmentEnd) break;
      if (start >= segmentStart) inSegment.push(node);
      next++;
    }
    const [first, second] = inSegment;
    if (segment.label !== null && inSegment.length === 1 && first !== undefined) {
      result.push({ kind: 'named', name: segment.label, value: first });
    } else if (segment.arrow && inSegment.length === 2 && first !== undefined && second !== undefined) {
      result.push({ kind: 'pair', key: first, value: second });
    } else if (!segment.arrow && inSegment.length === 1 && first !== undefined) {
      result.push({ kind: 'expression', value: first });
    } else {
      result.push({ kind: 'unparsed', text: ex.text.slice(segmentStart, segmentEnd) });
    }
  }
  return result;
}

interface Pending {
  readonly macro: Located;
  readonly segments: Segment[];
  /** Offset of the macro's inner text in the batch text. */
  readonly innerAt: number;
  readonly innerStart: number;
}

function keyOf(macro: Located): number {
  return startOf(macro);
}

/**
 * Re-parses the arguments of many macros in one tree-sitter run (a parse has a fixed cost that
 * dominates for short texts), each wrapped as `fn __f(){__m(ARGS);}`. Macros read as values inside
 * those arguments (`opts!`, `vec!`, `labels!`, ...) are fetched the same way, level by level.
 * Arguments that are each a single literal or name need no re-parse: they are read from the token tree.
 */
export function prefetchMacroArguments(ex: Extraction, macros: readonly Located[], level = 0): void {
  const pending: Pending[] = [];
  let text = '';
  for (const macro of macros) {
    if (ex.macroArguments.has(keyOf(macro))) continue;
    const tree = tokenTreeOf(macro.node);
    if (tree === null) {
      ex.macroArguments.set(keyOf(macro), null);
      continue;
    }
    const fromTokens = singleTokenArguments(macro, tree);
    if (fromTokens !== null) {
      ex.macroArguments.set(keyOf(macro), fromTokens);
      continue;
    }
    const inner = innerOf(tree);
    const { segments, edits } = splitArguments(inner.tokens);
    text += CALL_PREFIX;
    pending.push({ macro, segments, innerAt: text.length, innerStart: inner.start });
    text += editedText(macro.view, inner, edits) + CALL_SUFFIX;
  }
  if (pending.length === 0) return;
  const parsed = parseRust(text);
  const root = parsed.rootNode;
  const views: View[] = [];
  for (const item of pending) {
    const container = wrapperArguments(root, item.innerAt - 1);
    if (container === null) {
      // The batch's error recovery blurred this wrapper; a parse of its own settles it.
      if (pending.length > 1) prefetchMacroArguments(ex, [item.macro], level);
      else ex.macroArguments.set(keyOf(item.macro), null);
      continue;
    }
    const view: View = {
      tree: parsed,
      text,
      kind: 'arguments',
      delta: item.macro.view.delta + item.innerStart - item.innerAt,
      container,
      host: item.macro,
      macroName: null,
    };
    views.push(view);
    ex.macroArguments.set(keyOf(item.macro), {
      view,
      arguments: assignArguments(ex, item.macro, view, item.segments),
      hasErrors: container.hasError,
    });
  }
  if (level >= MAX_NESTING || views.length === 0) return;
  const nested: Located[] = [];
  let region = 0;
  for (const node of parsed.rootNode.descendantsOfType('macro_invocation')) {
    const at = node.startIndex;
    while (region + 1 < views.length && (views[region + 1] as View).container.startIndex <= at) region++;
    const view = views[region] as View;
    if (at < view.container.startIndex || at >= view.container.endIndex) continue;
    if (NESTED_VALUE_MACROS.has(macroName(node))) nested.push(locate(node, view));
  }
  if (nested.length > 0) prefetchMacroArguments(ex, nested, level + 1);
}

/**
 * The arguments of a macro invocation, re-parsed as the arguments of a call so that each one is a
 * real expression node (with `=>` pairs and `name:` labels recognised at the token level).
 */
export function macroArguments(ex: Extraction, macro: Located): MacroArguments | null {
  const key = keyOf(macro);
  if (!ex.macroArguments.has(key)) prefetchMacroArguments(ex, [macro]);
  return ex.macroArguments.get(key) ?? null;
}

/** Plain expression arguments; null when any argument is a pair, a label or did not parse. */
export function expressionArguments(ex: Extraction, macro: Located): Located[] | null {
  const parsed = macroArguments(ex, macro);
  if (parsed === null) return null;
  const out: Located[] = [];
  for (const argument of parsed.arguments) {
    if (argument.kind !== 'expression') return null;
    out.push(argument.value);
  }
  return out;
}

/**
 * The body of an item-defining macro (`lazy_static! { static ref X: T = e; }`) re-parsed as items.
 * `ref` after `static` is blanked so that the body is ordinary Rust.
 */
export function macroItems(macro: Located): View | null {
  const tree = tokenTreeOf(macro.node);
  if (tree === null) return null;
  const open = tree.firstChild;
  const close = tree.lastChild;
  const closed = open !== null && close !== null && tree.childCount > 1 && close.type === CLOSERS[open.type];
  const range = { start: tree.startIndex + 1, end: closed && close !== null ? close.startIndex : tree.endIndex };
  // Bodies can be long: look at token types only, and at the text of a token only after `static`.
  const edits: Edit[] = [];
  const cursor = tree.walk();
  let afterStatic = false;
  if (cursor.gotoFirstChild()) {
    do {
      const type = cursorType(cursor);
      if (COMMENTS.has(type)) continue;
      if (afterStatic && type === 'identifier' && cursor.nodeText === 'ref') {
        edits.push({ at: cursor.startIndex, text: '   ' });
      }
      afterStatic = type === 'static';
    } while (cursor.gotoNextSibling());
  }
  const text = editedText(macro.view, range, edits);
  const parsed = parseRust(text);
  return {
    tree: parsed,
    text,
    kind: 'items',
    delta: macro.view.delta + range.start,
    container: parsed.rootNode,
    host: macro,
    macroName: macroName(macro.node),
  };
}
