import { shortenExpression } from './expression-text.js';
import { warn, type Extraction } from './extraction.js';
import type { SyntaxNode } from './parser.js';
import { locate } from './view.js';

const MAX_SHOWN = 40;
/** A badly broken blob would otherwise fill the cache with thousands of warnings. */
const MAX_REPORTED = 50;

function describe(node: SyntaxNode): string {
  if (node.isMissing) return `syntax error: missing \`${node.type}\``;
  const text = shortenExpression(node.text);
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
  return shown === '' ? 'syntax error' : `syntax error near \`${shown}\``;
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
  for (const node of found.slice(0, MAX_REPORTED)) warn(ex, locate(node, ex.fileView), describe(node));
  const more = found.length - MAX_REPORTED;
  const last = found[MAX_REPORTED];
  if (more > 0 && last !== undefined) warn(ex, locate(last, ex.fileView), `${more} more syntax errors not listed`);
}
