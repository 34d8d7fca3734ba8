import { namedChildrenOf, typeOf } from '../syntax/node-cache.js';
import { listElements } from './const-arrays.js';
import { warn, type Extraction } from './extraction.js';
import type { RawRegistration, StrExpr } from '../facts.js';
import { buildRegistration } from './registration.js';
import { calleeOf, callArguments, pathSegments } from '../syntax/rust-syntax.js';
import { dynamic, evalStr } from './str-expr.js';
import { macroArguments, macroName, macroPath } from './token-tree.js';
import type { Located } from '../syntax/view.js';
import { FACADE_MACROS } from './registration-vocabulary.js';

/** Macro names that exist in the `metrics` crate (some also in `prometheus`). */
export function isFacadeMacro(name: string): boolean {
  return Object.hasOwn(FACADE_MACROS, name);
}

/** Names shared with the prometheus crate, where the call site has to decide. */
export const SHARED_WITH_PROMETHEUS = new Set(['register_counter', 'register_gauge', 'register_histogram']);

function isUnit(loc: Located): boolean {
  const segments = pathSegments(loc.node);
  return typeOf(loc.node) === 'scoped_identifier' && segments[segments.length - 2] === 'Unit';
}

function isStringy(loc: Located): boolean {
  const type = typeOf(loc.node);
  if (type === 'string_literal' || type === 'raw_string_literal') return true;
  return type === 'macro_invocation' && ['concat', 'format', 'env'].includes(macroName(loc.node));
}

/**
 * Whether an ambiguous `register_counter!`-like call is the `metrics` crate's: its path or the
 * file's imports say so, else its arguments (`"k" => v` labels, a `Unit::`, a lone string name).
 */
export function looksLikeFacadeRegister(ex: Extraction, macro: Located, importedFrom: ReadonlySet<string>): boolean {
  const via = macroPath(macro.node);
  if (via.length > 1) return via[0] === 'metrics';
  const fromMetrics = importedFrom.has('metrics');
  const fromPrometheus = importedFrom.has('prometheus');
  if (fromMetrics !== fromPrometheus) return fromMetrics;
  const parsed = macroArguments(ex, macro);
  if (parsed === null) return false;
  const args = parsed.arguments;
  if (args.some((a) => a.kind === 'pair' || (a.kind === 'expression' && isUnit(a.value)))) return true;
  const [only] = args;
  return args.length === 1 && only !== undefined && only.kind === 'expression' && isStringy(only.value);
}

function keyOfLabel(ex: Extraction, loc: Located): StrExpr | null {
  if (typeOf(loc.node) === 'tuple_expression') {
    const [key] = namedChildrenOf(loc.node);
    return key === undefined ? null : evalStr(ex, { node: key, view: loc.view });
  }
  if (typeOf(loc.node) === 'call_expression') {
    const callee = calleeOf(loc);
    const [key] = callArguments(loc);
    if (callee.kind === 'path' && callee.segments.slice(-2).join('::') === 'Label::new' && key !== undefined) {
      return evalStr(ex, key);
    }
  }
  return null;
}

/** Label keys of a labels expression: `&[("k", v)]`, `vec![Label::new("k", v)]`, a local bound to one; else one dynamic entry. */
function labelsExpression(ex: Extraction, loc: Located): StrExpr[] {
  const list = listElements(ex, loc);
  const keys = list.kind === 'elements' ? list.elements.map((element) => keyOfLabel(ex, element)) : null;
  if (keys !== null && keys.every((k): k is StrExpr => k !== null)) return keys;
  return [dynamic(ex, loc, 'labels built at run time')];
}

function looksLikeLabels(loc: Located): boolean {
  const type = typeOf(loc.node);
  return (
    type === 'reference_expression' ||
    type === 'array_expression' ||
    (type === 'macro_invocation' && macroName(loc.node) === 'vec')
  );
}

/** `counter!`, `describe_counter!`, `increment_counter!`, `register_counter!` (metrics ≤ 0.21) and friends. */
export function facadeRegistration(ex: Extraction, macro: Located): RawRegistration | null {
  const name = macroName(macro.node);
  const spec = FACADE_MACROS[name];
  const parsed = macroArguments(ex, macro);
  if (spec === undefined) return null;
  if (parsed === null) {
    warn(ex, macro, `could not read the arguments of ${name}!`);
    return null;
  }
  if (parsed.hasErrors) warn(ex, macro, `the arguments of ${name}! contain syntax errors`);
  // `target:` and `level:` (metrics ≥ 0.22) come before the name and do not matter here.
  const args = parsed.arguments.filter((a) => a.kind !== 'named');
  const [first, ...rest] = args;
  if (first === undefined || first.kind !== 'expression') {
    warn(ex, macro, `${name}! without a metric name`);
    return null;
  }
  let help: StrExpr | null = null;
  const labels: StrExpr[] = [];
  let values = spec.values === 'guess' ? 0 : spec.values;
  const expressions = rest.filter((a) => a.kind === 'expression').map((a) => a.value);
  if (spec.role === 'describe') {
    const description = expressions[expressions.length - 1];
    help = description === undefined ? null : evalStr(ex, description);
  } else {
    for (const argument of rest) {
      if (argument.kind === 'pair') labels.push(evalStr(ex, argument.key));
      if (argument.kind !== 'expression') continue;
      const value = argument.value;
      if (spec.role === 'define' && isUnit(value)) continue;
      if (spec.role === 'define' && help === null && isStringy(value)) {
        help = evalStr(ex, value);
        continue;
      }
      // metrics ≤ 0.21 passed the value first (`counter!("x", 1)`); later versions take labels.
      if (values > 0 || (spec.values === 'guess' && !looksLikeLabels(value))) {
        values--;
        continue;
      }
      labels.push(...labelsExpression(ex, value));
    }
  }
  return buildRegistration(ex, macro, {
    library: 'metrics',
    via: macroPath(macro.node),
    kind: spec.kind,
    vec: labels.length > 0,
    name: evalStr(ex, first.value),
    help,
    labels,
    registry: { kind: 'default' },
    role: spec.role,
  });
}
