import { fieldNode, typeOf } from '../syntax/node-cache.js';
import { listElements } from './const-arrays.js';
import type { Extraction } from './extraction.js';
import type { RawArgument, RawCall, RawOpts, StrExpr } from '../facts.js';
import { evalOpts, looksLikeOpts } from './opts.js';
import { isMetricTypeName } from './prometheus-calls.js';
import { siteFacts } from './registration.js';
import { calleeOf, callArguments, pathSegments, unwrapValue } from '../syntax/rust-syntax.js';
import { contextOf } from './scopes.js';
import { evalArgument, evalStr } from './str-expr.js';
import { expressionArguments, macroName, macroPath } from './token-tree.js';
import { parentOf, type Located } from '../syntax/view.js';

/** A possible wrapper call with the site it was read from. */
export interface CallRead {
  readonly call: RawCall;
  readonly site: Located;
  /** Parameters of the enclosing `fn` or macro arm that the call passes on, by number. */
  readonly forwarded: readonly number[];
}

const FUNCTION_NAME = /^[a-z_][a-z0-9_]*$/;
const TYPE_NAME = /^[A-Z]/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

// Paths that are never a project's metric wrapper; they keep the call facts of ordinary code small.
const FOREIGN_ROOTS = new Set(['std', 'core', 'alloc']);
const FOREIGN_MODULES = new Set(['fs', 'env', 'io', 'fmt', 'mem', 'ptr', 'thread', 'process', 'time', 'path', 'str', 'string', 'iter', 'cmp', 'ops', 'sync', 'net', 'char']);
const FOREIGN_TYPES = new Set([
  'String', 'Path', 'PathBuf', 'OsStr', 'OsString', 'Cow', 'Box', 'Arc', 'Rc', 'Vec', 'VecDeque', 'HashMap', 'HashSet',
  'BTreeMap', 'BTreeSet', 'Regex', 'Command', 'File', 'Duration', 'Instant', 'SystemTime', 'HeaderName', 'HeaderValue',
  'Url', 'Uri', 'Lazy', 'LazyLock', 'LazyCell', 'OnceLock', 'OnceCell', 'Mutex', 'RwLock', 'RefCell', 'Cell', 'Opts', 'HistogramOpts', 'Registry', 'Family', 'Label', 'Unit', 'Key', 'KeyName', 'SharedString',
]);
const FOREIGN_FUNCTIONS = new Set(['from', 'from_str', 'try_from', 'into', 'parse', 'default', 'drop', 'register', 'new_custom', 'default_registry']);

/** Whether a callee path can name a project function that wraps a registration. */
function mayBeWrapper(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1];
  if (last === undefined || !FUNCTION_NAME.test(last) || FOREIGN_FUNCTIONS.has(last)) return false;
  if (FOREIGN_ROOTS.has(segments[0] ?? '')) return false;
  const owner = segments[segments.length - 2];
  if (owner === undefined) return true;
  if (TYPE_NAME.test(owner)) return !FOREIGN_TYPES.has(owner) && !isMetricTypeName(owner);
  return !FOREIGN_MODULES.has(owner);
}

function implTypeName(impl: Located): string | null {
  const type = fieldNode(impl.node, 'type');
  const segments = type === null ? [] : pathSegments(type);
  return segments[segments.length - 1] ?? null;
}

/** `Self::f` → `Type::f`, read from the enclosing `impl`. */
function withoutSelf(site: Located, segments: readonly string[]): readonly string[] {
  if (segments[0] !== 'Self') return segments;
  const impl = contextOf(site).impl;
  const owner = impl === null ? null : implTypeName(impl);
  return owner === null ? segments : [owner, ...segments.slice(1)];
}

const STRING_MACROS = new Set(['format', 'concat', 'formatcp', 'concatcp']);

function isBuiltString(loc: Located): boolean {
  const value = unwrapValue(loc);
  return typeOf(value.node) === 'macro_invocation' && STRING_MACROS.has(macroName(value.node));
}

function isListSyntax(loc: Located): boolean {
  const type = typeOf(loc.node);
  return type === 'array_expression' || (type === 'macro_invocation' && macroName(loc.node) === 'vec');
}

/** An argument read by its syntax: options, a list of label names, or a string. */
function argumentOf(ex: Extraction, loc: Located): RawArgument {
  if (ex.mentionsOpts && looksLikeOpts(loc)) return { kind: 'opts', opts: evalOpts(ex, loc) };
  const value = unwrapValue(loc);
  if (isListSyntax(value) || (typeOf(value.node) === 'identifier' && CONSTANT_NAME.test(value.node.text))) {
    const list = listElements(ex, loc);
    if (list.kind === 'elements') return { kind: 'list', elements: list.elements.map((e) => evalStr(ex, e)) };
  }
  return { kind: 'string', value: evalArgument(ex, loc) };
}

function paramsIn(expr: StrExpr | null, out: Set<number>): void {
  if (expr === null) return;
  if (expr.kind === 'dynamic' && expr.param !== undefined) out.add(expr.param);
  if (expr.kind === 'concat') for (const part of expr.parts) paramsIn(part, out);
}

function optsParams(opts: RawOpts, out: Set<number>): void {
  for (const expr of [opts.name, opts.help, opts.namespace, opts.subsystem, ...(opts.labels ?? [])]) paramsIn(expr, out);
  for (const pair of opts.constLabels) {
    paramsIn(pair.name, out);
    paramsIn(pair.value, out);
  }
}

/** The parameters an argument passes on, by number. */
export function argumentParams(arg: RawArgument, out: Set<number>): void {
  if (arg.kind === 'string') paramsIn(arg.value, out);
  else if (arg.kind === 'list') for (const element of arg.elements) paramsIn(element, out);
  else optsParams(arg.opts, out);
}

/** A literal that could be (part of) a metric name, a constant, or a computed string with no run-time part. */
function namesMetric(expr: StrExpr): boolean {
  switch (expr.kind) {
    case 'literal':
      return METRIC_NAME.test(expr.value);
    case 'const':
      return CONSTANT_NAME.test(expr.path[expr.path.length - 1] ?? '');
    case 'env':
      return true;
    case 'concat':
      return expr.parts.every((p) => p.kind !== 'dynamic');
    case 'dynamic':
      return false;
  }
}

/** Whether an argument may be a metric's name or options. */
export function mayNameMetric(arg: RawArgument): boolean {
  if (arg.kind === 'opts') return true;
  return arg.kind === 'string' && namesMetric(arg.value);
}

function callArgumentsOf(ex: Extraction, site: Located): { callee: readonly string[]; macro: boolean; args: Located[] } | null {
  if (typeOf(site.node) === 'macro_invocation') {
    const args = expressionArguments(ex, site);
    return args === null ? null : { callee: macroPath(site.node), macro: true, args };
  }
  const callee = calleeOf(site);
  if (callee.kind !== 'path') return null;
  const segments = withoutSelf(site, callee.segments);
  if (!mayBeWrapper(segments)) return null;
  return { callee: segments, macro: false, args: callArguments(site) };
}

/**
 * A call of a path function or a project macro that may be a wrapper call: one with an argument
 * that may name a metric, or one that passes a parameter of the enclosing function on.
 */
export function wrapperCallAt(ex: Extraction, site: Located): CallRead | null {
  const read = callArgumentsOf(ex, site);
  if (read === null || read.args.length === 0) return null;
  const args = read.args.map((arg) => argumentOf(ex, arg));
  const forwarded = new Set<number>();
  for (const arg of args) argumentParams(arg, forwarded);
  // A name built by `format!` is a registration to report as unresolved when the callee is a wrapper.
  if (forwarded.size === 0 && !args.some(mayNameMetric) && !read.args.some(isBuiltString)) return null;
  const facts = siteFacts(ex, site);
  return {
    site,
    forwarded: [...forwarded].sort((a, b) => a - b),
    call: {
      callee: read.callee,
      macro: read.macro,
      args,
      scope: facts.scope,
      static: facts.static,
      holder: facts.holder,
      line: facts.line,
      column: facts.column,
      test: facts.test,
      expression: facts.expression,
    },
  };
}

/** The innermost `fn` item around a site. */
export function enclosingFunction(site: Located): Located | null {
  for (let current: Located | null = site; current !== null; current = parentOf(current)) {
    if (typeOf(current.node) === 'function_item') return current;
  }
  return null;
}
