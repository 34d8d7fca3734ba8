import type { PlainNode } from './plain-tree.js';
import { attributePathOf } from './rust-paths.js';

const COMMENTS = new Set(['line_comment', 'block_comment']);
const TEST_ATTRIBUTES = new Set(['test', 'rstest', 'test_case', 'quickcheck']);

/** The `#[..]` items written before an item, nearest first. */
export function outerAttributes(node: PlainNode): PlainNode[] {
  const out: PlainNode[] = [];
  let sibling = node.previousNamedSibling;
  while (sibling !== null && (sibling.type === 'attribute_item' || COMMENTS.has(sibling.type))) {
    if (sibling.type === 'attribute_item') out.push(sibling);
    sibling = sibling.previousNamedSibling;
  }
  return out;
}

/** `#[cfg(test)]` or `#[cfg(all(test, ..))]`, as attributes.ts reads it for registrations. */
function isCfgTest(attributeItem: PlainNode): boolean {
  if (attributePathOf(attributeItem) !== 'cfg') return false;
  const compact = attributeItem.text.replace(/\s+/g, '');
  if (compact === '#[cfg(test)]') return true;
  const all = /^#\[cfg\(all\((.*)\)\)\]$/.exec(compact);
  return all !== null && (all[1] ?? '').split(',').includes('test');
}

/** `#[test]`, `#[tokio::test]`, `#[rstest]` and friends. */
function isTestAttribute(attributeItem: PlainNode): boolean {
  const last = attributePathOf(attributeItem)?.split('::').pop();
  return last !== undefined && TEST_ATTRIBUTES.has(last);
}

/** A test function (`#[test]`, `#[cfg(test)]`), or a `mod`, `impl` or `trait` compiled only for tests. */
export function isTestItem(node: PlainNode, attributes: readonly PlainNode[] = outerAttributes(node)): boolean {
  if (node.type === 'function_item') return attributes.some((a) => isTestAttribute(a) || isCfgTest(a));
  return attributes.some(isCfgTest);
}

const ITEMS_WITH_BODIES = new Set(['function_item', 'mod_item', 'impl_item', 'trait_item']);

/**
 * Whether a node is the body of a test item. Nothing in a test body runs in the service (items declared
 * inside a function are visible only there), so start-up extraction neither copies nor reads it.
 */
export function isTestBody(node: PlainNode): boolean {
  const item = node.parent;
  return node.field === 'body' && item !== null && ITEMS_WITH_BODIES.has(item.type) && isTestItem(item);
}
