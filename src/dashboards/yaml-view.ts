import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type YAMLMap, type YAMLSeq } from 'yaml';
import { InputFileError } from '../errors.js';

/** Nodes read through aliases and merge keys, beyond which a file is taken for an alias bomb. */
export const ALIAS_BUDGET = 1_000_000;
/** `<<` merges of merges; an anchor merged into itself would otherwise never end. */
const MAX_MERGE_DEPTH = 32;

/**
 * A parsed YAML document read through anchors, aliases (`*name`) and `<<` merge keys, as Prometheus
 * (Go's yaml.v3) reads them. Aliases are followed lazily, and every node reached through one counts
 * against a budget: nine aliases of nine aliases of ... would otherwise expand to billions of rules.
 */
export class YamlView {
  private readonly targets = new Map<YamlNode, YamlNode | undefined>();
  private spent = 0;

  constructor(
    doc: Document.Parsed,
    private readonly file: string,
    private readonly budget = ALIAS_BUDGET,
  ) {
    // An alias names the last anchor of that name before it, in document order (a pre-order walk,
    // kept on an explicit stack: the nesting depth is the file's to choose).
    const anchors = new Map<string, YamlNode>();
    const stack: unknown[] = [doc.contents];
    while (stack.length > 0) {
      const node = stack.pop();
      if (isAlias(node)) {
        this.targets.set(node, anchors.get(node.source));
      } else if (isPair(node)) {
        stack.push(node.value, node.key);
      } else if (isScalar(node) || isMap(node) || isSeq(node)) {
        if (node.anchor) anchors.set(node.anchor, node);
        if (!isScalar(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
      }
    }
  }

  /** The node itself, or the node an alias names. */
  deref(node: unknown): unknown {
    if (!isAlias(node)) return node;
    this.spend(1);
    const target = this.targets.get(node);
    if (target === undefined) throw new InputFileError(`${this.file}: invalid YAML (alias *${node.source} names no anchor before it); fix the rule file`);
    return target;
  }

  /** A sequence's items, aliases followed. */
  items(seq: YAMLSeq, viaAlias: boolean): unknown[] {
    if (viaAlias) this.spend(seq.items.length);
    return seq.items.map((item) => this.deref(item));
  }

  /** The value of `key` in a mapping, its own pairs first, then those merged in with `<<`; undefined when absent. */
  get(map: YAMLMap, key: string, depth = 0): unknown {
    if (depth > MAX_MERGE_DEPTH) throw new InputFileError(`${this.file}: "<<" merge keys nest more than ${MAX_MERGE_DEPTH} deep (a mapping merged into itself?); fix the rule file`);
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === key) return this.deref(pair.value);
    }
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) continue;
      const value = this.deref(pair.value);
      const sources = isSeq(value) ? this.items(value, true) : [value];
      for (const source of sources) {
        if (!isMap(source)) continue;
        this.spend(source.items.length);
        const found = this.get(source, key, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  private spend(nodes: number): void {
    this.spent += nodes;
    if (this.spent > this.budget) {
      throw new InputFileError(
        `${this.file}: YAML aliases expand to more than ${this.budget.toLocaleString('en-US')} nodes (an alias bomb?); write the rules out or split the file`,
      );
    }
  }
}

/** `<<` as a merge key (parsed with `merge: true`, it is a symbol; a quoted '<<' is an ordinary key). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}
