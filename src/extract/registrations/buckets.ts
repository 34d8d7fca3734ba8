import { fieldNode, typeOf } from '../syntax/node-cache.js';
import { listElements } from './const-arrays.js';
import { sourceText, type Extraction } from './extraction.js';
import { shortenExpression } from '../syntax/expression-text.js';
import { lookupLocal } from '../syntax/locals.js';
import { calleeOf, callArguments, pathSegments, unwrapValue } from '../syntax/rust-syntax.js';
import { contextOf } from './scopes.js';
import { codeChildren, field, type Located } from '../syntax/view.js';

const NUMBER_SUFFIX = /_?(?:[iu](?:8|16|32|64|128|size)|f32|f64)$/;
const INTEGER_TYPES = new Set(['i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize']);
const FLOAT_TYPES = new Set(['f32', 'f64']);
/** Constants that refer to constants, followed this deep. */
const MAX_DEPTH = 8;

/** A number and whether Rust holds it as an integer (so `/` truncates: `7 / 2` is 3, `7. / 2.` is 3.5). */
interface Num {
  readonly value: number;
  readonly integer: boolean;
}

function literalValue(text: string): Num | null {
  const float = /(?:f32|f64)$/.test(text) || (!/^0[xob]/i.test(text) && /[.eE]/.test(text));
  const digits = text.replace(NUMBER_SUFFIX, '').replace(/_/g, '');
  const value = /^0[xob]/i.test(digits) ? Number(digits.toLowerCase()) : Number(digits);
  return Number.isFinite(value) ? { value, integer: !float } : null;
}

function binary(operator: string, a: Num, b: Num): Num | null {
  // Mixed operands do not compile in Rust; reading them as floats is the closest meaning.
  const integer = a.integer && b.integer;
  switch (operator) {
    case '+':
      return { value: a.value + b.value, integer };
    case '-':
      return { value: a.value - b.value, integer };
    case '*':
      return { value: a.value * b.value, integer };
    case '/':
      if (integer) return b.value === 0 ? null : { value: Math.trunc(a.value / b.value), integer };
      return { value: a.value / b.value, integer };
    default:
      return null;
  }
}

/** `const MINUTE: f64 = 60.0;` (a `const`/`static` of a primitive number type) as a named number of this file. */
export function recordConstNumber(ex: Extraction, item: Located, scope: readonly string[]): void {
  const name = fieldNode(item.node, 'name')?.text;
  const value = field(item, 'value');
  const type = fieldNode(item.node, 'type');
  if (name === undefined || value === null || type === null || typeOf(type) !== 'primitive_type') return;
  if (!INTEGER_TYPES.has(type.text) && !FLOAT_TYPES.has(type.text)) return;
  const list = ex.numbers.get(name) ?? [];
  list.push({ scope, value, integer: INTEGER_TYPES.has(type.text) });
  ex.numbers.set(name, list);
}

function constNumber(ex: Extraction, site: Located, name: string, depth: number): Num | null {
  const candidates = ex.numbers.get(name);
  if (candidates === undefined) return null;
  const scope = contextOf(site).scope.join('::');
  const found = candidates.find((c) => c.scope.join('::') === scope) ?? (candidates.length === 1 ? candidates[0] : undefined);
  const value = found === undefined ? null : evalNumber(ex, found.value, depth + 1);
  return value === null || found === undefined ? null : { value: value.value, integer: found.integer };
}

/**
 * Constant arithmetic on numbers: literals (`1`, `0.5`, `1e-3`, `2.5f64`, `1_000`), `+ - * /`,
 * parentheses, unary minus, `as f64`/`as u32` casts, and `const` numbers of this file (a local
 * `let` bound to such an expression too). Null for anything else.
 */
function evalNumber(ex: Extraction | null, loc: Located, depth: number): Num | null {
  if (depth > MAX_DEPTH) return null;
  const node = loc.node;
  switch (typeOf(node)) {
    case 'integer_literal':
    case 'float_literal':
      return literalValue(node.text);
    case 'negative_literal':
    case 'unary_expression': {
      if (node.firstChild?.type !== '-') return null;
      const [inner] = codeChildren(loc);
      const value = inner === undefined ? null : evalNumber(ex, inner, depth + 1);
      return value === null ? null : { value: -value.value, integer: value.integer };
    }
    case 'parenthesized_expression': {
      const [inner] = codeChildren(loc);
      return inner === undefined ? null : evalNumber(ex, inner, depth + 1);
    }
    case 'binary_expression': {
      const left = field(loc, 'left');
      const right = field(loc, 'right');
      const operator = fieldNode(node, 'operator')?.type;
      const a = left === null ? null : evalNumber(ex, left, depth + 1);
      const b = right === null ? null : evalNumber(ex, right, depth + 1);
      return a === null || b === null || operator === undefined ? null : binary(operator, a, b);
    }
    case 'type_cast_expression': {
      const value = field(loc, 'value');
      const type = fieldNode(node, 'type')?.text ?? '';
      const inner = value === null ? null : evalNumber(ex, value, depth + 1);
      if (inner === null) return null;
      if (FLOAT_TYPES.has(type)) return { value: inner.value, integer: false };
      return INTEGER_TYPES.has(type) ? { value: Math.trunc(inner.value), integer: true } : null;
    }
    case 'identifier': {
      if (ex === null) return null;
      const local = lookupLocal(loc, node.text);
      if (local?.kind === 'let') return local.value === null ? null : evalNumber(ex, local.value, depth + 1);
      if (local !== null) return null;
      return constNumber(ex, loc, node.text, depth);
    }
    default:
      return null;
  }
}

/** The value of a constant number expression (see `evalNumber`), else null. Without `ex`, names are not followed. */
export function numberValue(loc: Located, ex: Extraction | null = null): number | null {
  return evalNumber(ex, loc, 0)?.value ?? null;
}

/** prometheus' `exponential_buckets`: `start * factor^i`, multiplied step by step as the crate does. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] | null {
  if (!Number.isInteger(count) || count < 1 || start <= 0 || factor <= 1) return null;
  const out: number[] = [];
  let next = start;
  for (let i = 0; i < count; i++) {
    out.push(next);
    next *= factor;
  }
  return out;
}

/** prometheus' `linear_buckets`: `start + width * i`, added step by step as the crate does. */
export function linearBuckets(start: number, width: number, count: number): number[] | null {
  if (!Number.isInteger(count) || count < 1 || width <= 0) return null;
  const out: number[] = [];
  let next = start;
  for (let i = 0; i < count; i++) {
    out.push(next);
    next += width;
  }
  return out;
}

const GENERATORS: Readonly<Record<string, (a: number, b: number, c: number) => number[] | null>> = {
  exponential_buckets: exponentialBuckets,
  linear_buckets: linearBuckets,
};

/**
 * Explicit histogram buckets: a list of constant numbers (`vec![..]`, `&[..]`, a const array of
 * this file) or `exponential_buckets` / `linear_buckets` with literal arguments. Null otherwise.
 */
export function evalBuckets(ex: Extraction, loc: Located): number[] | null {
  const value = unwrapValue(loc);
  if (typeOf(value.node) === 'call_expression') {
    const callee = calleeOf(value);
    const generator = callee.kind === 'path' ? GENERATORS[callee.segments[callee.segments.length - 1] ?? ''] : undefined;
    if (generator !== undefined) {
      const args = callArguments(value).map((arg) => numberValue(arg, ex));
      const [a, b, c] = args;
      if (args.length !== 3 || a === null || b === null || c === null || a === undefined || b === undefined || c === undefined) {
        return null;
      }
      return generator(a, b, c);
    }
  }
  const list = listElements(ex, value);
  if (list.kind !== 'elements') return null;
  const numbers: number[] = [];
  for (const element of list.elements) {
    const number = numberValue(element, ex);
    if (number === null) return null;
    numbers.push(number);
  }
  return numbers;
}

/** What a registration records about explicit buckets: the values, or the expression they could not be computed from. */
export interface BucketFacts {
  readonly buckets: readonly number[] | null;
  readonly bucketsNotComputed?: string;
}

/** `prometheus::DEFAULT_BUCKETS` (`.to_vec()`): the library default, which `buckets: null` already means. */
function isDefaultBuckets(loc: Located): boolean {
  const value = unwrapValue(loc, new Set(['to_vec', 'to_owned', 'clone', 'into']));
  const type = typeOf(value.node);
  if (type !== 'identifier' && type !== 'scoped_identifier') return false;
  const segments = pathSegments(value.node);
  return segments[segments.length - 1] === 'DEFAULT_BUCKETS';
}

/**
 * `evalBuckets`, telling "not computed" apart from the default: explicit buckets that cannot be
 * computed here (a function's result, a parameter) keep their source text in `bucketsNotComputed`.
 */
export function bucketFacts(ex: Extraction, loc: Located): BucketFacts {
  const buckets = evalBuckets(ex, loc);
  if (buckets !== null || isDefaultBuckets(loc)) return { buckets };
  return { buckets: null, bucketsNotComputed: shortenExpression(sourceText(ex, loc)) };
}

/** `base` with new bucket facts: a note left from earlier buckets goes (facts are plain JSON, no `undefined`). */
export function withBuckets<T extends BucketFacts>(base: T, facts: BucketFacts): T {
  const { bucketsNotComputed: _previous, ...rest } = base;
  return facts.bucketsNotComputed === undefined
    ? ({ ...rest, buckets: facts.buckets } as T)
    : ({ ...rest, buckets: facts.buckets, bucketsNotComputed: facts.bucketsNotComputed } as T);
}
