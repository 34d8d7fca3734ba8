import { typeOf } from './node-cache.js';
import { listElements } from './const-arrays.js';
import type { Extraction } from './extraction.js';
import { calleeOf, callArguments, unwrapValue } from './rust-syntax.js';
import { codeChildren, type Located } from './view.js';

const NUMBER_SUFFIX = /_?(?:[iu](?:8|16|32|64|128|size)|f32|f64)$/;

/** The value of a numeric literal (`1`, `0.5`, `1e-3`, `2.5f64`, `-1.0`, `1_000`), else null. */
export function numberValue(loc: Located): number | null {
  const node = loc.node;
  switch (typeOf(node)) {
    case 'integer_literal':
    case 'float_literal': {
      const text = node.text.replace(NUMBER_SUFFIX, '').replace(/_/g, '');
      const value = Number(text);
      return Number.isFinite(value) ? value : null;
    }
    case 'negative_literal':
    case 'unary_expression': {
      if (node.firstChild?.type !== '-') return null;
      const [inner] = codeChildren(loc);
      const value = inner === undefined ? null : numberValue(inner);
      return value === null ? null : -value;
    }
    case 'parenthesized_expression': {
      const [inner] = codeChildren(loc);
      return inner === undefined ? null : numberValue(inner);
    }
    default:
      return null;
  }
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
 * Explicit histogram buckets: a list of number literals (`vec![..]`, `&[..]`, a const array of
 * this file) or `exponential_buckets` / `linear_buckets` with literal arguments. Null otherwise.
 */
export function evalBuckets(ex: Extraction, loc: Located): number[] | null {
  const value = unwrapValue(loc);
  if (typeOf(value.node) === 'call_expression') {
    const callee = calleeOf(value);
    const generator = callee.kind === 'path' ? GENERATORS[callee.segments[callee.segments.length - 1] ?? ''] : undefined;
    if (generator !== undefined) {
      const args = callArguments(value).map(numberValue);
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
    const number = numberValue(element);
    if (number === null) return null;
    numbers.push(number);
  }
  return numbers;
}
