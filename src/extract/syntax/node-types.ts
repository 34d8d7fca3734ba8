import type Parser from 'tree-sitter';

// Type ids are stable for one language; caching their names saves a native string per visited node.
const typeNames: string[] = [];

/** The node type at a tree cursor, cheaply. */
export function cursorType(cursor: Parser.TreeCursor): string {
  return (typeNames[cursor.nodeTypeId] ??= cursor.nodeType);
}

/** The name of a type id read at the cursor (one native call per node for a walk that needs both the name and whether it is named). */
export function typeNameOf(cursor: Parser.TreeCursor, typeId: number): string {
  return (typeNames[typeId] ??= cursor.nodeType);
}

const namedByTypeId: boolean[] = [];

/** Whether the node at a tree cursor is a named node; fixed by its type id, so asked once per type. */
export function cursorIsNamed(cursor: Parser.TreeCursor): boolean {
  return (namedByTypeId[cursor.nodeTypeId] ??= cursor.nodeIsNamed);
}

/** Whether a type id read at the cursor is a named node's. */
export function typeIsNamed(cursor: Parser.TreeCursor, typeId: number): boolean {
  return (namedByTypeId[typeId] ??= cursor.nodeIsNamed);
}
