import type Parser from 'tree-sitter';
import { recordParent, recordWithoutOuterAttributes } from './node-cache.js';
import { cursorType, typeIsNamed, typeNameOf } from './node-types.js';
import type { SyntaxNode } from './parser.js';

const COMMENTS = new Set(['line_comment', 'block_comment']);

/**
 * The nodes above a tree cursor during a depth-first walk, fetched only when the walk takes a node:
 * fetching every node on the way down would cost a native call per node, most of them never used.
 * What it fetches is recorded as parents, so that climbing from a taken node needs no tree search,
 * and so is the absence of outer attributes, which the walk sees in passing.
 */
export class CursorAncestors {
  /** By depth below the cursor's root; undefined where not fetched since the cursor got there. */
  private readonly nodes: (SyntaxNode | undefined)[];
  /** By depth: whether an attribute is among the attributes and comments right before the node. */
  private readonly attributed: boolean[] = [true];
  /** By depth: whether an attribute is among the attributes and comments seen last at that depth. */
  private readonly run: boolean[] = [];

  /** The type of the node the cursor entered last (read once per node: each read is a native call). */
  type: string;

  constructor(
    private readonly cursor: Parser.TreeCursor,
    root: SyntaxNode,
  ) {
    this.nodes = [root];
    this.type = cursorType(cursor);
  }

  /** The cursor moved to the first child of the node it was at, now at `depth`. */
  enteredFirstChild(depth: number): void {
    this.run[depth] = false;
    this.entered(depth);
  }

  /** The cursor moved to the next sibling, at `depth`. */
  enteredNextSibling(depth: number): void {
    this.entered(depth);
  }

  private entered(depth: number): void {
    this.nodes[depth] = undefined;
    const before = this.run[depth] ?? true;
    this.attributed[depth] = before;
    const id = this.cursor.nodeTypeId;
    const type = typeNameOf(this.cursor, id);
    this.type = type;
    if (type === 'attribute_item') this.run[depth] = true;
    else if (typeIsNamed(this.cursor, id) && !COMMENTS.has(type)) this.run[depth] = false;
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
    for (let d = Math.max(known, 1); d <= depth; d++) {
      const fetched = this.nodes[d] as SyntaxNode;
      recordParent(fetched, this.nodes[d - 1] as SyntaxNode);
      if (this.attributed[d] === false) recordWithoutOuterAttributes(fetched);
    }
    return node;
  }
}
