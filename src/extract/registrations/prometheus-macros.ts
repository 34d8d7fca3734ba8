import { typeOf } from '../syntax/node-cache.js';
import type { MetricKind } from '../metric-kinds.js';
import { bucketFacts, type BucketFacts } from './buckets.js';
import { sourceText, warn, type Extraction } from './extraction.js';
import { shortenExpression } from '../syntax/expression-text.js';
import type { RawRegistration, RawRegistry } from '../facts.js';
import { evalLabelNames } from './labels.js';
import { evalOpts, namedOpts, type OptsFacts } from './opts.js';
import { buildRegistration } from './registration.js';
import { calleeOf, unwrapValue } from '../syntax/rust-syntax.js';
import { evalStr } from './str-expr.js';
import { expressionArguments, macroArguments, macroName, macroPath } from './token-tree.js';
import type { Located } from '../syntax/view.js';
import { REGISTER_MACRO } from './registration-vocabulary.js';

export interface PrometheusMacroFamily {
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly withRegistry: boolean;
}

/** `register_int_counter_vec_with_registry` → int_counter, vec, with registry; null for other names. */
export function prometheusMacroFamily(name: string): PrometheusMacroFamily | null {
  const match = REGISTER_MACRO.exec(name);
  if (match === null) return null;
  const [, int, base, vec, withRegistry] = match;
  if (int !== undefined && base === 'histogram') return null;
  return {
    kind: `${int ?? ''}${base}` as MetricKind,
    vec: vec !== undefined,
    withRegistry: withRegistry !== undefined,
  };
}

/** A registry expression: `prometheus::default_registry()` is the default one, anything else custom. */
export function registryOf(ex: Extraction, loc: Located): RawRegistry {
  const value = unwrapValue(loc, new Set());
  if (typeOf(value.node) === 'call_expression') {
    const callee = calleeOf(value);
    if (callee.kind === 'path' && callee.segments[callee.segments.length - 1] === 'default_registry') {
      return { kind: 'default' };
    }
  }
  return { kind: 'custom', expression: shortenExpression(sourceText(ex, value)) };
}

interface MacroShape {
  readonly opts: OptsFacts;
  readonly labels: Located | null;
  readonly buckets: Located | null;
}

/** What each argument means, decided by their number as the crate's macro_rules arms do. */
function shapeOf(ex: Extraction, family: PrometheusMacroFamily, args: Located[]): MacroShape | null {
  const histogram = family.kind === 'histogram';
  const [a, b, c, d] = args;
  const named = (): OptsFacts => namedOpts(evalStr(ex, a as Located), evalStr(ex, b as Located));
  switch (`${family.vec ? 'vec' : 'one'}:${args.length}`) {
    case 'one:1':
      return { opts: evalOpts(ex, a as Located), labels: null, buckets: null };
    case 'one:2':
      return { opts: named(), labels: null, buckets: null };
    case 'one:3':
      return histogram ? { opts: named(), labels: null, buckets: c ?? null } : null;
    case 'vec:2':
      return { opts: evalOpts(ex, a as Located), labels: b ?? null, buckets: null };
    case 'vec:3':
      return { opts: named(), labels: c ?? null, buckets: null };
    case 'vec:4':
      return histogram ? { opts: named(), labels: c ?? null, buckets: d ?? null } : null;
    default:
      return null;
  }
}

function bucketsOf(opts: OptsFacts): BucketFacts {
  return opts.bucketsNotComputed === undefined ? { buckets: opts.buckets } : { buckets: opts.buckets, bucketsNotComputed: opts.bucketsNotComputed };
}

/** `register_int_counter_vec!(..)` and friends from the `prometheus` crate. */
export function prometheusMacroRegistration(
  ex: Extraction,
  macro: Located,
  family: PrometheusMacroFamily,
): RawRegistration | null {
  const name = macroName(macro.node);
  const parsed = macroArguments(ex, macro);
  const args = expressionArguments(ex, macro);
  if (parsed === null || args === null) {
    warn(ex, macro, `could not read the arguments of ${name}!`);
    return null;
  }
  if (parsed.hasErrors) warn(ex, macro, `the arguments of ${name}! contain syntax errors`);
  const registryArg = family.withRegistry ? args.pop() : undefined;
  if (family.withRegistry && registryArg === undefined) {
    warn(ex, macro, `${name}! without a registry argument`);
    return null;
  }
  const shape = shapeOf(ex, family, args);
  if (shape === null) {
    warn(ex, macro, `${name}! with ${args.length} arguments besides the registry matches no form of the macro`);
    return null;
  }
  const { opts } = shape;
  const labels = shape.labels === null ? (opts.labels ?? []) : evalLabelNames(ex, shape.labels);
  return buildRegistration(ex, macro, {
    library: 'prometheus',
    via: macroPath(macro.node),
    kind: family.kind,
    vec: family.vec,
    name: opts.name,
    namespace: opts.namespace,
    subsystem: opts.subsystem,
    help: opts.help,
    labels: family.vec ? labels : [],
    constLabels: opts.constLabels,
    ...(shape.buckets === null ? bucketsOf(opts) : bucketFacts(ex, shape.buckets)),
    registry: registryArg === undefined ? { kind: 'default' } : registryOf(ex, registryArg),
    role: 'define',
  });
}
