import { blobScopedMap } from './blob-scoped.js';
import type { SyntaxNode } from './parser.js';

// The Node binding hands out one object per node, but every property read is a native call (and
// `parent` walks down from the root). Extraction asks the same questions many times, so remember
// them, for as long as the blob's extraction lasts.
const types = blobScopedMap<SyntaxNode, string>();
const parents = blobScopedMap<SyntaxNode, SyntaxNode | null>();
const fields = blobScopedMap<SyntaxNode, Map<string, SyntaxNode | null>>();
const namedChildren = blobScopedMap<SyntaxNode, SyntaxNode[]>();
const starts = blobScopedMap<SyntaxNode, number>();
const namedIndexes = blobScopedMap<SyntaxNode, Map<SyntaxNode, number>>();
const withoutOuterAttributes = blobScopedMap<SyntaxNode, true>();

/**
 * The binding gives each named node type a subclass of its node class (chosen by the node's symbol,
 * whose name is the type), yet `type` is still a native call. Each subclass's type is learnt once;
 * anonymous and error nodes are direct instances of the base class and are cached per node.
 */
const typesByClass = new Map<unknown, string>();

function hasTypeSubclass(node: SyntaxNode): boolean {
  return Object.getPrototypeOf(Object.getPrototypeOf(node)) !== Object.prototype;
}

export function startIndexOf(node: SyntaxNode): number {
  let start = starts.get(node);
  if (start === undefined) {
    start = node.startIndex;
    starts.set(node, start);
  }
  return start;
}

export function typeOf(node: SyntaxNode): string {
  const byClass = typesByClass.get(node.constructor);
  if (byClass !== undefined) return byClass;
  let type = types.get(node);
  if (type === undefined) {
    type = node.type;
    types.set(node, type);
    if (hasTypeSubclass(node)) typesByClass.set(node.constructor, type);
  }
  return type;
}

/**
 * Records the parents of every node on the path from the root to `node`. tree-sitter finds a
 * parent by descending from the root, so climbing a deep tree one `parent` at a time is quadratic;
 * one cursor descent costs as much as a single such call.
 */
function cacheAncestors(node: SyntaxNode): void {
  const cursor = node.tree.walk();
  const start = node.startIndex;
  let current = cursor.currentNode;
  parents.set(current, null);
  while (current !== node) {
    // The binding returns the child's index (0 included) or null, whatever its typings say.
    const moved: unknown = cursor.gotoFirstChildForIndex(start);
    if (moved === null || moved === false) return;
    const child = cursor.currentNode;
    if (child.startIndex > start) return;
    parents.set(child, current);
    current = child;
  }
}

/** Records a parent already known from a cursor walk, so that `parentNode` need not look for it. */
export function recordParent(node: SyntaxNode, parent: SyntaxNode): void {
  parents.set(node, parent);
}

/** Records that no `#[..]` is among the comments and attributes right before a node, as a walk saw. */
export function recordWithoutOuterAttributes(node: SyntaxNode): void {
  withoutOuterAttributes.set(node, true);
}

export function knownWithoutOuterAttributes(node: SyntaxNode): boolean {
  return withoutOuterAttributes.has(node);
}

export function parentNode(node: SyntaxNode): SyntaxNode | null {
  let parent = parents.get(node);
  if (parent === undefined) {
    cacheAncestors(node);
    parent = parents.get(node);
    if (parent === undefined) {
      // Not reached by the descent (a zero-width node): ask tree-sitter directly.
      parent = node.parent;
      parents.set(node, parent);
    }
  }
  return parent;
}

export function fieldNode(node: SyntaxNode, name: string): SyntaxNode | null {
  let byName = fields.get(node);
  if (byName === undefined) {
    byName = new Map();
    fields.set(node, byName);
  }
  let child = byName.get(name);
  if (child === undefined) {
    child = node.childForFieldName(name);
    byName.set(name, child);
    if (child !== null && !parents.has(child)) parents.set(child, node);
  }
  return child;
}

export function namedChildrenOf(node: SyntaxNode): SyntaxNode[] {
  let children = namedChildren.get(node);
  if (children === undefined) {
    children = node.namedChildren;
    namedChildren.set(node, children);
    // Their parent is known now: climbing from one later (to find a local's `let`) needs no descent from the root.
    for (const child of children) if (!parents.has(child)) parents.set(child, node);
  }
  return children;
}

export interface NamedSiblings {
  readonly siblings: readonly SyntaxNode[];
  /** Where the node is among them (or would be: the named siblings after it may be left out). */
  readonly index: number;
}

/**
 * The parent's named children and the place of `node` among them. Read from the parent's cached
 * children, as walking `previousNamedSibling` costs a native call and a node object per step.
 */
export function namedSiblingsOf(node: SyntaxNode): NamedSiblings {
  const parent = parentNode(node);
  if (parent === null) return { siblings: [], index: 0 };
  const siblings = namedChildrenOf(parent);
  let indexes = namedIndexes.get(parent);
  if (indexes === undefined) {
    indexes = new Map(siblings.map((sibling, i) => [sibling, i]));
    namedIndexes.set(parent, indexes);
  }
  const index = indexes.get(node);
  if (index !== undefined) return { siblings, index };
  // Not a named child, or another object for it: ask tree-sitter for the siblings before it.
  const before: SyntaxNode[] = [];
  for (let sibling = node.previousNamedSibling; sibling !== null; sibling = sibling.previousNamedSibling) before.unshift(sibling);
  return { siblings: before, index: before.length };
}
