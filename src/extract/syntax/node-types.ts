import type Parser from 'tree-sitter';

// Type ids are stable for one language; caching their names saves a native string per visited node.
const typeNames: string[] = [];

/** The node type at a tree cursor, cheaply. */
export function cursorType(cursor: Parser.TreeCursor): string {
  return (typeNames[cursor.nodeTypeId] ??= cursor.nodeType);
}

const namedByTypeId: boolean[] = [];

/** Whether the node at a tree cursor is a named node; fixed by its type id, so asked once per type. */
export function cursorIsNamed(cursor: Parser.TreeCursor): boolean {
  return (namedByTypeId[cursor.nodeTypeId] ??= cursor.nodeIsNamed);
}
