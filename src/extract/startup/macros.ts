import { parsePlain, type PlainNode } from './plain-tree.js';
import { walkBody, type PendingMacro } from './function-bodies.js';

/** Text placed around macro arguments so that they parse as the arguments of a call, as token-tree.ts does. */
const PREFIX = 'fn __f(){__m(';
// The newline keeps a trailing `//` comment inside the arguments from swallowing the wrapper's end.
const SUFFIX = '\n);}\n';
const MAX_NESTING = 6;
const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const COMMENTS = new Set(['line_comment', 'block_comment']);

interface Wrapper {
  readonly macro: PendingMacro;
  readonly start: number;
  readonly end: number;
  /** Batch row of `start`, and the row of the same text in the macro's own text. */
  readonly row: number;
  readonly sourceRow: number;
  /** `=> handler` parts (`select!`, `match`-like macros): they run only when their arm is chosen. */
  readonly handlers: readonly (readonly [number, number])[];
}

interface Edited {
  readonly text: string;
  readonly handlers: readonly (readonly [number, number])[];
}

/**
 * The inner text of a token tree, edited (length-preserving) to parse as call arguments: `=>` and `;`
 * become commas, a leading `name:` label and tracing's `%`/`?` sigils become spaces.
 */
function editedInner(tree: PlainNode, text: string): Edited | null {
  const tokens = tree.children;
  const open = tokens[0];
  const close = tokens[tokens.length - 1];
  if (open === undefined || close === undefined || tokens.length < 2 || CLOSERS[open.type] !== close.type) return null;
  const start = open.endIndex;
  const chars = text.slice(start, close.startIndex).split('');
  const handlers: [number, number][] = [];
  let segmentStart = true;
  let handlerFrom: number | null = null;
  const blank = (from: number, to: number): void => {
    for (let i = from - start; i < to - start; i++) chars[i] = ' ';
  };
  for (let i = 1; i < tokens.length - 1; i++) {
    const token = tokens[i] as PlainNode;
    if (COMMENTS.has(token.type)) continue;
    const next = tokens[i + 1];
    // `#[cfg(..)]` on a macro argument is an attribute, not a call of `cfg`.
    if (token.type === '#' && next !== undefined && next.type === 'token_tree' && next.children[0]?.type === '[') {
      blank(token.startIndex, next.endIndex);
      i++;
      continue;
    }
    switch (token.type) {
      case ',':
      case ';':
        chars[token.startIndex - start] = ',';
        if (handlerFrom !== null) handlers.push([handlerFrom - start, token.startIndex - start]);
        handlerFrom = null;
        segmentStart = true;
        continue;
      case '=>':
        chars[token.startIndex - start] = ',';
        chars[token.startIndex - start + 1] = ' ';
        handlerFrom = token.endIndex;
        segmentStart = true;
        continue;
      case '%':
      case '?':
        if (segmentStart) {
          blank(token.startIndex, token.endIndex);
          continue;
        }
        break;
      case '=':
        segmentStart = true;
        continue;
      case 'identifier':
        if (segmentStart && next !== undefined && next.type === ':') {
          blank(token.startIndex, next.endIndex);
          i++;
          continue;
        }
        break;
    }
    segmentStart = false;
  }
  if (handlerFrom !== null) handlers.push([handlerFrom - start, close.startIndex - start]);
  return { text: chars.join(''), handlers };
}

function rowsIn(text: string): number {
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return rows;
}

/** The named nodes lying wholly inside [start, end), outermost first, found without scanning every root child. */
function nodesWithin(rootChildren: readonly PlainNode[], start: number, end: number): PlainNode[] {
  const out: PlainNode[] = [];
  const visit = (nodes: readonly PlainNode[], from: number): void => {
    for (let i = from; i < nodes.length; i++) {
      const node = nodes[i] as PlainNode;
      if (node.startIndex >= end) break;
      if (node.endIndex <= start) continue;
      if (node.startIndex >= start && node.endIndex <= end) {
        if (node.isNamed) out.push(node);
      } else visit(node.children, 0);
    }
  };
  let low = 0;
  let high = rootChildren.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((rootChildren[mid] as PlainNode).endIndex <= start) low = mid + 1;
    else high = mid;
  }
  visit(rootChildren, low);
  return out;
}

/**
 * Re-parses the token trees of macro invocations inside function bodies (`info!(..)`, `select! {..}`,
 * `vec![..]`) as call arguments, all of one nesting level in a single tree-sitter run, and records
 * the calls and static touches found there in their function's sink.
 */
export function expandMacros(pending: readonly PendingMacro[], level = 0): void {
  if (pending.length === 0 || level > MAX_NESTING) return;
  const wrappers: Wrapper[] = [];
  let text = '';
  let row = 0;
  for (const macro of pending) {
    const edited = editedInner(macro.tokenTree, macro.text);
    if (edited === null || edited.text.trim() === '') continue;
    text += PREFIX;
    const start = text.length;
    text += edited.text;
    wrappers.push({
      macro,
      start,
      end: text.length,
      row,
      sourceRow: macro.tokenTree.row,
      handlers: edited.handlers.map(([from, to]) => [from + start, to + start] as const),
    });
    text += SUFFIX;
    row += rowsIn(edited.text) + rowsIn(SUFFIX);
  }
  if (wrappers.length === 0) return;
  const rootChildren = parsePlain(text).children;
  const nested: PendingMacro[] = [];
  for (const wrapper of wrappers) {
    const { macro } = wrapper;
    const lineAt = (r: number): number => macro.lineAt(wrapper.sourceRow + r - wrapper.row);
    const walk = { text, lineAt, sink: macro.sink, macros: nested, items: [] };
    for (const node of nodesWithin(rootChildren, wrapper.start, wrapper.end)) {
      const inHandler = wrapper.handlers.some(([from, to]) => node.startIndex >= from && node.startIndex < to);
      walkBody(node, { conditional: macro.conditional || inHandler, errorPath: macro.errorPath }, walk);
    }
  }
  expandMacros(nested, level + 1);
}
