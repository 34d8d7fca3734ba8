import type Parser from 'tree-sitter';
import { parseRust } from '../syntax/parser.js';

/**
 * A syntax tree copied into plain objects with one cursor walk. Every property read on a tree-sitter
 * Node is a native call (with BigInt ids); start-up extraction visits every node of a file, and
 * copying first is several times faster than asking the native nodes.
 */
export class PlainNode {
  readonly children: PlainNode[] = [];
  /** Position among the parent's children. */
  readonly index: number;
  private named_: PlainNode[] | null = null;

  constructor(
    private readonly source: PlainSource,
    readonly parent: PlainNode | null,
    readonly type: string,
    readonly isNamed: boolean,
    /** The field this node fills in its parent (`condition`, `body`, …). */
    readonly field: string | null,
    /** Offsets in the parsed text (UTF-16 units, as JavaScript strings count). */
    readonly startIndex: number,
    readonly endIndex: number,
  ) {
    this.index = parent === null ? 0 : parent.children.length;
    parent?.children.push(this);
  }

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  /** 0-based row of the node's start. */
  get row(): number {
    return this.source.rowAt(this.startIndex);
  }

  get namedChildren(): PlainNode[] {
    this.named_ ??= this.children.filter((c) => c.isNamed);
    return this.named_;
  }

  namedChild(index: number): PlainNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): PlainNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): PlainNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  childForFieldName(field: string): PlainNode | null {
    return this.children.find((c) => c.field === field) ?? null;
  }

  get previousNamedSibling(): PlainNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = this.index - 1; i >= 0; i--) if ((siblings[i] as PlainNode).isNamed) return siblings[i] as PlainNode;
    return null;
  }

  descendantsOfType(types: readonly string[]): PlainNode[] {
    const out: PlainNode[] = [];
    const stack: PlainNode[] = [...this.children].reverse();
    while (stack.length > 0) {
      const node = stack.pop() as PlainNode;
      if (types.includes(node.type)) out.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as PlainNode);
    }
    return out;
  }
}

class PlainSource {
  private starts: number[] | null = null;
  constructor(readonly text: string) {}

  rowAt(offset: number): number {
    if (this.starts === null) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as number) <= offset) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }
}

// Type and field ids are stable for one language: their names are read from the binding once.
const typeNames: string[] = [];
const namedTypes: boolean[] = [];
const fieldNames: (string | null)[] = [];

/** Nodes whose insides start-up extraction never reads: copying stops at them. */
const OPAQUE = new Set(['string_literal', 'raw_string_literal', 'char_literal', 'line_comment', 'block_comment', 'field_declaration_list', 'where_clause', 'type_parameters']);

/**
 * The only parents whose unnamed children (punctuation, operators, keywords) extraction reads: a
 * macro's tokens, `*` of a deref and `&&`/`||` of a condition. Elsewhere they are not copied: they are
 * a third of a file's nodes.
 */
const TOKENS_READ_IN = new Set(['token_tree', 'unary_expression', 'binary_expression']);

function isOpaque(node: PlainNode): boolean {
  // A macro's own token tree is split at its top-level tokens; nested trees are only spans of text.
  return OPAQUE.has(node.type) || (node.type === 'token_tree' && node.parent?.type === 'token_tree');
}

/** Parses Rust text into plain nodes; `skip` names nodes whose insides are not copied either. */
export function parsePlain(text: string, skip: (node: PlainNode) => boolean = () => false): PlainNode {
  return plainTree(parseRust(text), text, skip);
}

function plainTree(tree: Parser.Tree, text: string, skip: (node: PlainNode) => boolean): PlainNode {
  const source = new PlainSource(text);
  const cursor = tree.walk();
  /** The node under the cursor, or null for punctuation and keywords no reader looks at. */
  const make = (parent: PlainNode | null): PlainNode | null => {
    const typeId = cursor.nodeTypeId;
    const type = (typeNames[typeId] ??= cursor.nodeType);
    const named = (namedTypes[typeId] ??= cursor.nodeIsNamed);
    if (!named && parent !== null && !TOKENS_READ_IN.has(parent.type)) return null;
    const fieldId = cursor.currentFieldId;
    const field = fieldId ? (fieldNames[fieldId] ??= cursor.currentFieldName) : null;
    return new PlainNode(source, parent, type, named, field, cursor.startIndex, cursor.endIndex);
  };
  const root = make(null) as PlainNode;
  let parent: PlainNode | null = root;
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const node = make(parent);
    if (node !== null && !isOpaque(node) && !skip(node) && cursor.gotoFirstChild()) {
      parent = node;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || parent === null) return root;
      parent = parent.parent;
    }
  }
}
