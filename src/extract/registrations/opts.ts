import { fieldNode, typeOf } from '../syntax/node-cache.js';
import { bucketFacts, withBuckets, type BucketFacts } from './buckets.js';
import type { Extraction } from './extraction.js';
import type { RawOpts, StrExpr } from '../facts.js';
import { evalConstLabels, evalLabelNames, type ConstLabel } from './labels.js';
import { lookupLocal } from '../syntax/locals.js';
import { metavariableIndex } from '../syntax/parameters.js';
import { calleeOf, callArguments, pathSegments, unwrapValue } from '../syntax/rust-syntax.js';
import { dynamic, evalStr } from './str-expr.js';
import { expressionArguments, macroName } from './token-tree.js';
import { codeChildren, field, type Located } from '../syntax/view.js';

/** What prometheus `Opts` / `HistogramOpts` say about a metric. */
export type OptsFacts = RawOpts;

const OPTS_TYPES = new Set(['Opts', 'HistogramOpts']);
const MAX_DEPTH = 8;

export function namedOpts(name: StrExpr, help: StrExpr | null): OptsFacts {
  return { name, help, namespace: null, subsystem: null, constLabels: [], buckets: null, labels: null };
}

function unknownOpts(ex: Extraction, loc: Located, reason: string): OptsFacts {
  return namedOpts(dynamic(ex, loc, reason), null);
}

/** Options that are a parameter: the name stands for the whole options a call site passes. */
function parameterOpts(ex: Extraction, loc: Located, index: number | null): OptsFacts {
  const name = dynamic(ex, loc, 'options passed as a function argument');
  return namedOpts(index === null ? name : { ...name, param: index }, null);
}

function optsMacro(ex: Extraction, loc: Located, name: string): OptsFacts {
  const args = expressionArguments(ex, loc);
  const [nameArg, helpArg, ...rest] = args ?? [];
  if (nameArg === undefined || helpArg === undefined) return unknownOpts(ex, loc, `${name}! arguments that could not be read`);
  const base = namedOpts(evalStr(ex, nameArg), evalStr(ex, helpArg));
  const constLabels: ConstLabel[] = [];
  let buckets: BucketFacts = { buckets: null };
  const labelArgs = name === 'histogram_opts' ? rest.slice(1) : rest;
  if (name === 'histogram_opts' && rest[0] !== undefined) buckets = bucketFacts(ex, rest[0]);
  for (const arg of labelArgs) constLabels.push(...(evalConstLabels(ex, arg) ?? []));
  return withBuckets({ ...base, constLabels }, buckets);
}

function builderMethod(ex: Extraction, base: OptsFacts, method: string, args: Located[]): OptsFacts {
  const [first, second] = args;
  if (first === undefined) return base;
  switch (method) {
    case 'namespace':
      return { ...base, namespace: evalStr(ex, first) };
    case 'subsystem':
      return { ...base, subsystem: evalStr(ex, first) };
    case 'const_label':
      return second === undefined
        ? base
        : { ...base, constLabels: [...base.constLabels, { name: evalStr(ex, first), value: evalStr(ex, second) }] };
    case 'const_labels':
      // The builder replaces the whole map.
      return { ...base, constLabels: evalConstLabels(ex, first) ?? [] };
    case 'buckets':
      return withBuckets(base, bucketFacts(ex, first));
    case 'variable_labels':
      return { ...base, labels: evalLabelNames(ex, first) };
    case 'variable_label':
      return { ...base, labels: [...(base.labels ?? []), evalStr(ex, first)] };
    default:
      return base;
  }
}

function structOpts(ex: Extraction, loc: Located, depth: number): OptsFacts {
  let facts = unknownOpts(ex, loc, 'options without a name field');
  const body = field(loc, 'body');
  for (const init of body === null ? [] : codeChildren(body)) {
    if (typeOf(init.node) !== 'field_initializer') continue;
    const key = fieldNode(init.node, 'field')?.text;
    const value = field(init, 'value');
    if (value === null) continue;
    if (key === 'common_opts') {
      const common = evalOptsAt(ex, value, depth + 1);
      facts = withBuckets(common, facts);
    } else if (key === 'name') facts = { ...facts, name: evalStr(ex, value) };
    else if (key === 'help') facts = { ...facts, help: evalStr(ex, value) };
    else if (key !== undefined) facts = builderMethod(ex, facts, key, [value]);
  }
  return facts;
}

function evalOptsAt(ex: Extraction, loc: Located, depth: number): OptsFacts {
  if (depth > MAX_DEPTH) return unknownOpts(ex, loc, 'too many indirections to follow');
  const value = unwrapValue(loc);
  const type = typeOf(value.node);
  if (type === 'macro_invocation') {
    const name = macroName(value.node);
    if (name === 'opts' || name === 'histogram_opts') return optsMacro(ex, value, name);
    return unknownOpts(ex, value, `options built by the ${name}! macro`);
  }
  if (type === 'call_expression') {
    const callee = calleeOf(value);
    const args = callArguments(value);
    if (callee.kind === 'method') return builderMethod(ex, evalOptsAt(ex, callee.receiver, depth + 1), callee.name, args);
    if (callee.kind === 'path') {
      const [typeName, fn] = callee.segments.slice(-2);
      const [first, second] = args;
      if (typeName !== undefined && OPTS_TYPES.has(typeName) && fn === 'new' && first !== undefined && second !== undefined) {
        return namedOpts(evalStr(ex, first), evalStr(ex, second));
      }
      if (typeName !== undefined && OPTS_TYPES.has(typeName) && fn === 'from' && first !== undefined) {
        return evalOptsAt(ex, first, depth + 1);
      }
    }
    return unknownOpts(ex, value, 'options built at run time');
  }
  if (type === 'struct_expression') return structOpts(ex, value, depth);
  if (type === 'identifier') {
    const local = lookupLocal(value, value.node.text);
    if (local?.kind === 'let' && local.value !== null) return evalOptsAt(ex, local.value, depth + 1);
    if (local?.kind === 'parameter') return parameterOpts(ex, value, local.index);
  }
  if (type === 'metavariable') return parameterOpts(ex, value, metavariableIndex(value, value.node.text.slice(1)));
  return unknownOpts(ex, value, 'options built elsewhere');
}

const OPTS_TYPE_TOKEN = /(?<![A-Za-z0-9_])(?:Histogram)?Opts(?![A-Za-z0-9_])/;
const OPTS_MACRO_NAME = /(?<![A-Za-z0-9_])(?:histogram_)?opts(?![A-Za-z0-9_])/g;

/** The offset after the spaces and comments (nested block comments too) that start at `at`. */
function afterTrivia(text: string, at: number): number {
  for (;;) {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
    if (text.startsWith('//', at)) {
      const end = text.indexOf('\n', at);
      if (end < 0) return text.length;
      at = end + 1;
    } else if (text.startsWith('/*', at)) {
      let depth = 0;
      while (at < text.length) {
        if (text.startsWith('/*', at)) {
          depth++;
          at += 2;
        } else if (text.startsWith('*/', at)) {
          at += 2;
          if (--depth === 0) break;
        } else at++;
      }
    } else return at;
  }
}

/**
 * Whether a text holds a token `looksLikeOpts` accepts: the type `Opts` or `HistogramOpts`, or the
 * macro name `opts` or `histogram_opts` before its `!`. A variable or field named `opts` is not one
 * (of 1,500 blob versions tikv's history parses, 594 hold `opts` in some case and 28 such a token).
 */
export function mayBuildOpts(text: string): boolean {
  if (OPTS_TYPE_TOKEN.test(text)) return true;
  for (const match of text.matchAll(OPTS_MACRO_NAME)) {
    if (text[afterTrivia(text, match.index + match[0].length)] === '!') return true;
  }
  return false;
}

/** Whether an expression builds `Opts`/`HistogramOpts` (`opts!`, `Opts::new(..)` and builder calls, `Opts { .. }`, a local bound to one). */
export function looksLikeOpts(loc: Located, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const value = unwrapValue(loc);
  switch (typeOf(value.node)) {
    case 'macro_invocation': {
      const name = macroName(value.node);
      return name === 'opts' || name === 'histogram_opts';
    }
    case 'struct_expression': {
      const type = fieldNode(value.node, 'name');
      const segments = type === null ? [] : pathSegments(type);
      return OPTS_TYPES.has(segments[segments.length - 1] ?? '');
    }
    case 'call_expression': {
      const callee = calleeOf(value);
      if (callee.kind === 'method') return looksLikeOpts(callee.receiver, depth + 1);
      if (callee.kind !== 'path') return false;
      const [typeName, fn] = callee.segments.slice(-2);
      return typeName !== undefined && OPTS_TYPES.has(typeName) && (fn === 'new' || fn === 'from');
    }
    case 'identifier': {
      const local = lookupLocal(value, value.node.text);
      return local?.kind === 'let' && local.value !== null && looksLikeOpts(local.value, depth + 1);
    }
    default:
      return false;
  }
}

/** Reads `opts!(..)`, `histogram_opts!(..)`, `Opts::new(..)` builder chains, or a local bound to one. */
export function evalOpts(ex: Extraction, loc: Located): OptsFacts {
  return evalOptsAt(ex, loc, 0);
}
