import { typeOf } from '../syntax/node-cache.js';
import { listElements } from './const-arrays.js';
import type { StrExpr } from '../facts.js';
import type { Extraction } from './extraction.js';
import { dynamic, evalStr } from './str-expr.js';
import { macroArguments, macroName } from './token-tree.js';
import { unwrapValue } from '../syntax/rust-syntax.js';
import type { Located } from '../syntax/view.js';

export interface ConstLabel {
  readonly name: StrExpr;
  readonly value: StrExpr;
}

/**
 * Variable label names. A list that cannot be read in this file becomes one `dynamic` entry
 * (never an empty list, which would claim the metric has no labels).
 */
export function evalLabelNames(ex: Extraction, loc: Located): StrExpr[] {
  const list = listElements(ex, loc);
  switch (list.kind) {
    case 'elements':
      return list.elements.map((element) => evalStr(ex, element));
    case 'parameter': {
      const value = dynamic(ex, loc, 'label names passed as a function argument');
      return [list.index === null ? value : { ...value, param: list.index }];
    }
    case 'elsewhere':
      return [dynamic(ex, loc, 'label names from a constant declared in another file')];
    default:
      return [dynamic(ex, loc, 'label names computed at run time')];
  }
}

const MAP_MACROS = new Set(['labels', 'hashmap', 'btreemap']);

/** Constant labels from `labels!{"k" => "v"}` (or maplit's `hashmap!`); null when not readable. */
export function evalConstLabels(ex: Extraction, loc: Located): ConstLabel[] | null {
  const value = unwrapValue(loc);
  if (typeOf(value.node) === 'macro_invocation' && MAP_MACROS.has(macroName(value.node))) {
    const parsed = macroArguments(ex, value);
    if (parsed === null) return null;
    const out: ConstLabel[] = [];
    for (const argument of parsed.arguments) {
      if (argument.kind !== 'pair') return null;
      out.push({ name: evalStr(ex, argument.key), value: evalStr(ex, argument.value) });
    }
    return out;
  }
  return null;
}
