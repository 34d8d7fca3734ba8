import { shortenExpression } from '../syntax/expression-text.js';
import { warn, type Extraction } from './extraction.js';
import type { SyntaxNode } from '../syntax/parser.js';
import { registersItself } from './prefilter.js';
import { locate } from '../syntax/view.js';

const MAX_SHOWN = 40;
/** A badly broken blob would otherwise fill the cache with thousands of warnings. */
const MAX_REPORTED = 50;

function describe(node: SyntaxNode): string {
  if (node.isMissing) return `syntax error: missing \`${node.type}\``;
  const text = shortenExpression(node.text);
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
  return shown === '' ? 'syntax error' : `syntax error near \`${shown}\``;
}

/** Where a metric could be registered, forced or named (a string constant may be a name): its item says so in its words. */
const REGISTRATION_WORDS = /lazy_static!|\bLazy(Lock)?\b|\bOnce(Lock|Cell)?\b|macro_rules!|\bfn\s+main\b|\bregister|\b(const|static)\s+\w+\s*:\s*&(\s*'static)?\s*str\b/;

/**
 * Whether the top-level item around a syntax error could hold a registration, a lazy static, a wrapper
 * or a start-up path. Anywhere else the error cannot change an answer: tree-sitter-rust misreads some
 * valid Rust (`&raw[5..]`, `#[cfg]` on pattern fields), and such noise would hide real warnings.
 */
function mayHoldRegistration(node: SyntaxNode): boolean {
  let item = node;
  while (item.parent !== null && item.parent.parent !== null) item = item.parent;
  const text = item.text;
  return registersItself(text) || REGISTRATION_WORDS.test(text);
}

/** One warning per ERROR or MISSING node of the file (the first 50); extraction goes on around them. */
export function reportSyntaxErrors(ex: Extraction): void {
  const root = ex.fileView.tree.rootNode;
  if (!root.hasError) return;
  // An explicit stack: broken input can nest deeper than the JS call stack allows.
  const stack: SyntaxNode[] = [root];
  const found: SyntaxNode[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.isError || node.isMissing) {
      found.push(node);
      continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as SyntaxNode;
      if (child.hasError || child.isMissing) stack.push(child);
    }
  }
  for (const node of found.slice(0, MAX_REPORTED)) warn(ex, locate(node, ex.fileView), describe(node), !mayHoldRegistration(node));
  const more = found.length - MAX_REPORTED;
  const last = found[MAX_REPORTED];
  if (more > 0 && last !== undefined) warn(ex, locate(last, ex.fileView), `${more} more syntax errors not listed`);
}
