import { fieldNode, typeOf } from '../syntax/node-cache.js';
import { positionOf, type Extraction } from './extraction.js';
import type { RawArgument, RawCall, RawFunction, RawRegistration, StrExpr } from '../facts.js';
import type { SyntaxNode } from '../syntax/parser.js';
import { identifierName, pathSegments } from '../syntax/rust-syntax.js';
import { contextOf } from './scopes.js';
import { enclosingFunction, mayNameMetric, type CallRead } from './wrapper-calls.js';
import { codeChildren, field, type Located } from '../syntax/view.js';

/** Parameter types that can carry a metric name, help, labels or options. */
const STRINGY_TYPE = /\bstr\b|String|Opts|Cow|Into<|AsRef<|ToString|Display|\[/;

interface Parameter {
  readonly name: string;
  readonly stringy: boolean;
}

interface FunctionShape {
  readonly params: readonly Parameter[];
  readonly method: boolean;
}

function parameterName(parameter: Located): string {
  const pattern = field(parameter, 'pattern');
  if (pattern === null) return '_';
  if (typeOf(pattern.node) === 'mut_pattern') {
    const [inner] = codeChildren(pattern);
    return (inner === undefined ? null : identifierName(inner.node)) ?? '_';
  }
  return identifierName(pattern.node) ?? '_';
}

function shapeOf(fn: Located): FunctionShape {
  const parameters = field(fn, 'parameters');
  const params: Parameter[] = [];
  let method = false;
  for (const parameter of parameters === null ? [] : codeChildren(parameters)) {
    const type = typeOf(parameter.node);
    if (type === 'self_parameter') {
      method = true;
      continue;
    }
    const declared = type === 'parameter' ? fieldNode(parameter.node, 'type') : null;
    params.push({ name: type === 'parameter' ? parameterName(parameter) : '_', stringy: declared !== null && STRINGY_TYPE.test(declared.text) });
  }
  return { params, method };
}

function hasParam(expr: StrExpr | null): boolean {
  if (expr === null) return false;
  if (expr.kind === 'dynamic') return expr.param !== undefined;
  return expr.kind === 'concat' && expr.parts.some(hasParam);
}

/** A registration whose name (or namespace, subsystem, options) comes from a parameter: its function is a wrapper. */
export function namedByParameter(reg: RawRegistration): boolean {
  return hasParam(reg.name) || hasParam(reg.namespace) || hasParam(reg.subsystem);
}

function withoutParam(expr: StrExpr): StrExpr {
  if (expr.kind === 'dynamic' && expr.param !== undefined) {
    return { kind: 'dynamic', expression: expr.expression, reason: expr.reason };
  }
  return expr.kind === 'concat' ? { kind: 'concat', parts: expr.parts.map(withoutParam) } : expr;
}

function nullableWithoutParam(expr: StrExpr | null): StrExpr | null {
  return expr === null ? null : withoutParam(expr);
}

/** A registration of a function that is no wrapper: its parameters cannot be completed by any call site. */
function registrationWithoutParams(reg: RawRegistration): RawRegistration {
  return {
    ...reg,
    help: nullableWithoutParam(reg.help),
    labels: reg.labels.map(withoutParam),
    constLabels: reg.constLabels.map((c) => ({ name: withoutParam(c.name), value: withoutParam(c.value) })),
  };
}

function argumentWithoutParams(arg: RawArgument): RawArgument {
  if (arg.kind === 'string') return { kind: 'string', value: withoutParam(arg.value) };
  if (arg.kind === 'list') return { kind: 'list', elements: arg.elements.map(withoutParam) };
  const opts = arg.opts;
  return {
    kind: 'opts',
    opts: {
      ...opts,
      name: withoutParam(opts.name),
      help: nullableWithoutParam(opts.help),
      namespace: nullableWithoutParam(opts.namespace),
      subsystem: nullableWithoutParam(opts.subsystem),
      labels: opts.labels === null ? null : opts.labels.map(withoutParam),
      constLabels: opts.constLabels.map((c) => ({ name: withoutParam(c.name), value: withoutParam(c.value) })),
    },
  };
}

function implTypeName(impl: Located | null): string | null {
  const type = impl === null ? null : fieldNode(impl.node, 'type');
  const segments = type === null ? [] : pathSegments(type);
  return segments[segments.length - 1] ?? null;
}

export interface FunctionFacts {
  readonly functions: RawFunction[];
  readonly registrations: RawRegistration[];
  readonly calls: RawCall[];
}

interface Pending {
  readonly fn: Located;
  readonly shape: FunctionShape;
  readonly registrations: number[];
  readonly calls: number[];
}

/**
 * Groups registrations named by a parameter, and calls that pass a parameter on, by their function:
 * the wrapper candidates of the file. Parameters elsewhere go back to plain run-time values.
 */
export function functionFacts(ex: Extraction, registrations: readonly RawRegistration[], calls: readonly CallRead[]): FunctionFacts {
  const pending = new Map<SyntaxNode, Pending>();
  const entry = (fn: Located): Pending => {
    let found = pending.get(fn.node);
    if (found === undefined) {
      found = { fn, shape: shapeOf(fn), registrations: [], calls: [] };
      pending.set(fn.node, found);
    }
    return found;
  };
  registrations.forEach((reg, i) => {
    const site = ex.registrationSites.get(reg);
    const fn = site === undefined || !namedByParameter(reg) ? null : enclosingFunction(site);
    if (fn !== null) entry(fn).registrations.push(i);
  });
  calls.forEach((read, i) => {
    const fn = read.forwarded.length === 0 ? null : enclosingFunction(read.site);
    if (fn === null) return;
    const shape = pending.get(fn.node)?.shape ?? shapeOf(fn);
    if (read.forwarded.some((p) => shape.params[p]?.stringy === true)) entry(fn).calls.push(i);
  });
  const linkedRegistrations = new Set<number>();
  const linkedCalls = new Set<number>();
  const functions: RawFunction[] = [];
  for (const { fn, shape, registrations: regs, calls: fnCalls } of pending.values()) {
    const context = contextOf(fn);
    const { line, column } = positionOf(ex, fn);
    regs.forEach((i) => linkedRegistrations.add(i));
    fnCalls.forEach((i) => linkedCalls.add(i));
    functions.push({
      name: fieldNode(fn.node, 'name')?.text ?? '',
      owner: implTypeName(context.impl),
      params: shape.params.map((p) => p.name),
      method: shape.method,
      scope: context.scope,
      line,
      column,
      test: context.test,
      registrations: regs,
      calls: fnCalls,
    });
  }
  functions.sort((a, b) => a.line - b.line || a.column - b.column);
  // Calls kept only because they passed a parameter on, in a function that is no candidate, are noise.
  const keptCalls: RawCall[] = [];
  const renumbered = new Map<number, number>();
  calls.forEach((read, i) => {
    if (linkedCalls.has(i)) {
      renumbered.set(i, keptCalls.length);
      keptCalls.push(read.call);
      return;
    }
    const args = read.call.args.map(argumentWithoutParams);
    if (read.forwarded.length > 0 && !args.some(mayNameMetric)) return;
    keptCalls.push(read.forwarded.length === 0 ? read.call : { ...read.call, args });
  });
  return {
    functions: functions.map((f) => ({ ...f, calls: f.calls.map((i) => renumbered.get(i) as number) })),
    registrations: registrations.map((reg, i) => (linkedRegistrations.has(i) ? reg : registrationWithoutParams(reg))),
    calls: keptCalls,
  };
}
