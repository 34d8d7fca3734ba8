import { fieldNode, typeOf } from '../syntax/node-cache.js';
import type { StrExpr } from '../facts.js';
import type { Extraction } from './extraction.js';
import { sourceText } from './extraction.js';
import { shortenExpression } from '../syntax/expression-text.js';
import { parseFormatString } from '../syntax/format-string.js';
import { lookupLocal } from '../syntax/locals.js';
import { metavariableIndex } from '../syntax/parameters.js';
import { decodeRustChar, decodeRustString } from '../syntax/rust-string.js';
import { calleeOf, callArguments, pathSegments } from '../syntax/rust-syntax.js';
import { contextOf } from './scopes.js';
import { expressionArguments, macroArguments, macroName } from './token-tree.js';
import { codeChildren, field, type Located } from '../syntax/view.js';

const MAX_DEPTH = 8;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const IDENTITY_METHODS = new Set(['to_string', 'to_owned', 'into', 'as_str', 'as_ref', 'clone', 'borrow']);
const IDENTITY_FUNCTIONS = new Set(['String::from', 'Cow::from', 'Cow::Borrowed', 'Into::into', 'ToString::to_string']);
const CONCAT_MACROS = new Set(['concat', 'concatcp']);
const FORMAT_MACROS = new Set(['format', 'formatcp', 'format_args']);

type DynamicStr = Extract<StrExpr, { readonly kind: 'dynamic' }>;

export function dynamic(ex: Extraction, loc: Located, reason: string): DynamicStr {
  return { kind: 'dynamic', expression: shortenExpression(sourceText(ex, loc)), reason };
}

function literal(value: string): StrExpr {
  return { kind: 'literal', value };
}

function stringLiteral(ex: Extraction, loc: Located): StrExpr {
  const decoded = decodeRustString(loc.node.text);
  return decoded.ok ? literal(decoded.value) : dynamic(ex, loc, decoded.reason);
}

/** `Self::NAME` inside an `impl` block with `const NAME: &str = ..`. */
function associatedConst(ex: Extraction, loc: Located, name: string, depth: number): StrExpr | null {
  const impl = contextOf(loc).impl;
  const body = impl === null ? null : field(impl, 'body');
  if (body === null) return null;
  for (const item of codeChildren(body)) {
    if (typeOf(item.node) !== 'const_item' || fieldNode(item.node, 'name')?.text !== name) continue;
    const value = field(item, 'value');
    return value === null ? null : evalStrAt(ex, value, depth + 1);
  }
  return null;
}

/** A parameter of the enclosing `fn` (numbered) or closure (not): unknown here, known at a call site. */
function parameterValue(ex: Extraction, loc: Located, index: number | null, reason: string, expression?: string): StrExpr {
  const value = expression === undefined ? dynamic(ex, loc, reason) : { kind: 'dynamic' as const, expression, reason };
  return index === null ? value : { ...value, param: index };
}

function identifier(ex: Extraction, loc: Located, depth: number): StrExpr {
  const name = loc.node.text;
  const local = lookupLocal(loc, name);
  if (local?.kind === 'parameter') return parameterValue(ex, loc, local.index, 'a function argument');
  if (local?.kind === 'let') {
    return local.value === null
      ? dynamic(ex, loc, 'a variable assigned at run time')
      : evalStrAt(ex, local.value, depth + 1);
  }
  if (CONSTANT_NAME.test(name)) return { kind: 'const', path: [name] };
  return dynamic(ex, loc, 'a variable bound at run time');
}

function concatPart(ex: Extraction, loc: Located, depth: number): StrExpr {
  const text = loc.node.text;
  switch (typeOf(loc.node)) {
    case 'integer_literal':
    case 'float_literal':
      return literal(text.replace(/_?(?:[iu](?:8|16|32|64|128|size)|f32|f64)$/, ''));
    case 'negative_literal':
      return literal(text.replace(/\s+/g, '').replace(/_?(?:[iu](?:8|16|32|64|128|size)|f32|f64)$/, ''));
    case 'boolean_literal':
      return literal(text);
    case 'char_literal': {
      const decoded = decodeRustChar(text);
      return decoded.ok ? literal(decoded.value) : dynamic(ex, loc, decoded.reason);
    }
    default:
      return evalStrAt(ex, loc, depth);
  }
}

/** Whether every part is known or a parameter: a value a call site can complete. */
function isCompletable(expr: StrExpr): boolean {
  if (expr.kind === 'dynamic') return expr.param !== undefined;
  return expr.kind !== 'concat' || expr.parts.every(isCompletable);
}

/** A `{name}` captured from the scope of the `format!`. */
function capturedValue(ex: Extraction, loc: Located, name: string, depth: number): StrExpr {
  const local = lookupLocal(loc, name);
  if (local?.kind === 'parameter') return parameterValue(ex, loc, local.index, 'a function argument', name);
  if (local?.kind === 'let' && local.value !== null) return evalStrAt(ex, local.value, depth + 1);
  if (local === null && CONSTANT_NAME.test(name)) return { kind: 'const', path: [name] };
  return dynamic(ex, loc, `computed at run time by format!`);
}

/**
 * `format!("app_{name}")`, `format!("{}_{}", PREFIX, x)`: the concatenation of its pieces when each is
 * a literal, a constant or a parameter (so that wrappers which prefix names are understood); else dynamic.
 */
function formatValue(ex: Extraction, loc: Located, name: string, depth: number): StrExpr {
  const whole = dynamic(ex, loc, `computed at run time by ${name}!`);
  const parsed = macroArguments(ex, loc);
  if (parsed === null) return whole;
  const positional: Located[] = [];
  const named = new Map<string, Located>();
  for (const argument of parsed.arguments) {
    if (argument.kind !== 'expression') return whole;
    const value = argument.value;
    if (typeOf(value.node) === 'assignment_expression') {
      const left = field(value, 'left');
      const right = field(value, 'right');
      if (left === null || right === null || typeOf(left.node) !== 'identifier') return whole;
      named.set(left.node.text, right);
    } else positional.push(value);
  }
  const [template, ...values] = positional;
  if (template === undefined || (typeOf(template.node) !== 'string_literal' && typeOf(template.node) !== 'raw_string_literal')) return whole;
  const decoded = decodeRustString(template.node.text);
  const pieces = decoded.ok ? parseFormatString(decoded.value) : null;
  if (pieces === null) return whole;
  const parts: StrExpr[] = [];
  let next = 0;
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      parts.push(literal(piece.value));
      continue;
    }
    let value: StrExpr;
    if (piece.name !== null) {
      const argument = named.get(piece.name);
      value = argument === undefined ? capturedValue(ex, loc, piece.name, depth) : concatPart(ex, argument, depth + 1);
    } else {
      const argument = values[piece.position ?? next++];
      if (argument === undefined) return whole;
      value = concatPart(ex, argument, depth + 1);
    }
    if (!isCompletable(value)) return whole;
    parts.push(value);
  }
  return joinStr(parts);
}

function macroValue(ex: Extraction, loc: Located, depth: number): StrExpr {
  const name = macroName(loc.node);
  if (FORMAT_MACROS.has(name)) return formatValue(ex, loc, name, depth);
  if (CONCAT_MACROS.has(name) || name === 'env') {
    const args = expressionArguments(ex, loc);
    if (args === null) return dynamic(ex, loc, `arguments of ${name}! that could not be read`);
    if (name === 'env') {
      const [variable] = args;
      const value = variable === undefined ? null : evalStrAt(ex, variable, depth + 1);
      return value?.kind === 'literal'
        ? { kind: 'env', variable: value.value }
        : dynamic(ex, loc, 'env! with a variable name that is not a literal');
    }
    return { kind: 'concat', parts: args.map((arg) => concatPart(ex, arg, depth + 1)) };
  }
  return dynamic(ex, loc, `computed by the ${name}! macro`);
}

function callValue(ex: Extraction, loc: Located, depth: number): StrExpr {
  const callee = calleeOf(loc);
  if (callee.kind === 'method') {
    if (IDENTITY_METHODS.has(callee.name) && callArguments(loc).length === 0) {
      return evalStrAt(ex, callee.receiver, depth + 1);
    }
    return dynamic(ex, loc, `computed at run time by .${callee.name}()`);
  }
  if (callee.kind === 'path') {
    const [only] = callArguments(loc);
    const tail = callee.segments.slice(-2).join('::');
    if (IDENTITY_FUNCTIONS.has(tail) && only !== undefined) return evalStrAt(ex, only, depth + 1);
    return dynamic(ex, loc, `computed at run time by ${callee.segments.join('::')}()`);
  }
  return dynamic(ex, loc, 'computed at run time by a function call');
}

function evalStrAt(ex: Extraction, loc: Located, depth: number): StrExpr {
  if (depth > MAX_DEPTH) return dynamic(ex, loc, 'too many indirections to follow');
  switch (typeOf(loc.node)) {
    case 'string_literal':
    case 'raw_string_literal':
      return stringLiteral(ex, loc);
    case 'identifier':
      return identifier(ex, loc, depth);
    case 'metavariable':
      return parameterValue(ex, loc, metavariableIndex(loc, loc.node.text.slice(1)), 'a macro argument');
    case 'scoped_identifier': {
      const path = pathSegments(loc.node);
      if (path.length === 2 && path[0] === 'Self') {
        const resolved = associatedConst(ex, loc, path[1] ?? '', depth);
        if (resolved !== null) return resolved;
      }
      return { kind: 'const', path };
    }
    case 'macro_invocation':
      return macroValue(ex, loc, depth);
    case 'call_expression':
      return callValue(ex, loc, depth);
    case 'parenthesized_expression': {
      const [inner] = codeChildren(loc);
      return inner === undefined ? dynamic(ex, loc, 'an empty expression') : evalStrAt(ex, inner, depth + 1);
    }
    case 'reference_expression': {
      const inner = field(loc, 'value');
      return inner === null ? dynamic(ex, loc, 'an empty expression') : evalStrAt(ex, inner, depth + 1);
    }
    case 'field_expression':
      return dynamic(ex, loc, 'read from a field at run time');
    default:
      return dynamic(ex, loc, 'not a string literal or constant');
  }
}

/** What a Rust expression used as a metric name, help or label says, as far as the file can tell. */
export function evalStr(ex: Extraction, loc: Located): StrExpr {
  return evalStrAt(ex, loc, 0);
}

/** A call argument as text: a string expression, or a number, `bool` or `char` literal as `{}` would print it. */
export function evalArgument(ex: Extraction, loc: Located): StrExpr {
  return concatPart(ex, loc, 0);
}

/** Joins string parts, folding to a literal when every part is one. */
export function joinStr(parts: readonly StrExpr[]): StrExpr {
  if (parts.every((p) => p.kind === 'literal')) {
    return literal(parts.map((p) => (p.kind === 'literal' ? p.value : '')).join(''));
  }
  return { kind: 'concat', parts };
}
