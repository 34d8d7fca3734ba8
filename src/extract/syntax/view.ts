import { fieldNode, namedChildrenOf, parentNode, startIndexOf, typeOf } from './node-cache.js';
import type { SyntaxNode, SyntaxTree } from './parser.js';

/**
 * A parse of some text of the file: the file itself, or the body of a macro token tree re-parsed
 * as Rust. Re-parsed text keeps the length of the original token tree text (edits only replace
 * tokens by same-length text), so one offset maps a view's positions back to the file.
 */
export interface View {
  readonly tree: SyntaxTree;
  /** The parsed text (the file, or a macro body with its wrapper). */
  readonly text: string;
  /** `body`: a `macro_rules!` arm's body, re-parsed as the body of a function. */
  readonly kind: 'file' | 'items' | 'arguments' | 'body';
  /** File offset = node.startIndex + delta. */
  readonly delta: number;
  /** The node whose children are the real content; anything above it is wrapper text. */
  readonly container: SyntaxNode;
  /** The macro invocation, in the enclosing view, that this view was parsed from. */
  readonly host: Located | null;
  /** The last segment of the host macro's path, e.g. `lazy_static`. */
  readonly macroName: string | null;
}

export interface Located {
  readonly node: SyntaxNode;
  readonly view: View;
}

export function locate(node: SyntaxNode, view: View): Located {
  return { node, view };
}

export function startOf(loc: Located): number {
  return startIndexOf(loc.node) + loc.view.delta;
}

export function endOf(loc: Located): number {
  return loc.node.endIndex + loc.view.delta;
}

/** The syntactic parent, continuing from a re-parsed view into the macro invocation it came from. */
export function parentOf(loc: Located): Located | null {
  const parent = parentNode(loc.node);
  if (parent === null || parent === loc.view.container) return loc.view.host;
  return { node: parent, view: loc.view };
}

export function field(loc: Located, name: string): Located | null {
  const child = fieldNode(loc.node, name);
  return child === null ? null : { node: child, view: loc.view };
}

const TRIVIA = new Set(['line_comment', 'block_comment', 'attribute_item', 'inner_attribute_item']);

/** Named children that are code, not comments or attributes. */
export function codeChildren(loc: Located): Located[] {
  const out: Located[] = [];
  for (const child of namedChildrenOf(loc.node)) {
    if (!TRIVIA.has(typeOf(child))) out.push({ node: child, view: loc.view });
  }
  return out;
}

export function sameNode(a: Located, b: Located): boolean {
  return a.view === b.view && (a.node === b.node || a.node.id === b.node.id);
}
