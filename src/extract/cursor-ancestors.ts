import type Parser from 'tree-sitter';
import { recordParent } from './node-cache.js';
import type { SyntaxNode } from './parser.js';

/**
 * The nodes above a tree cursor during a depth-first walk, fetched only when the walk takes a node:
 * fetching every node on the way down would cost a native call per node, most of them never used.
 * What it fetches is recorded as parents, so that climbing from a taken node needs no tree search.
 */
export class CursorAncestors {
  /** By depth below the cursor's root; undefined where not fetched since the cursor got there. */
  private readonly nodes: (SyntaxNode | undefined)[];

  constructor(
    private readonly cursor: Parser.TreeCursor,
    root: SyntaxNode,
  ) {
    this.nodes = [root];
  }

  /** The cursor moved to another node at `depth` (a first child or a next sibling). */
  entered(depth: number): void {
    this.nodes[depth] = undefined;
  }

  /** The node at the cursor, which is at `depth`. */
  current(depth: number): SyntaxNode {
    const node = this.cursor.currentNode;
    this.nodes[depth] = node;
    let known = depth;
    while (known > 0 && this.nodes[known - 1] === undefined) known--;
    if (known < depth) {
      const at = this.cursor.currentDescendantIndex;
      for (let d = depth - 1; d >= known; d--) {
        this.cursor.gotoParent();
        this.nodes[d] = this.cursor.currentNode;
      }
      this.cursor.gotoDescendant(at);
    }
    for (let d = Math.max(known, 1); d <= depth; d++) recordParent(this.nodes[d] as SyntaxNode, this.nodes[d - 1] as SyntaxNode);
    return node;
  }
}
