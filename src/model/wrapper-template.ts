import type { RawArgument, RawOpts, RawRegistration, RawRegistry, StrExpr } from '../extract/facts.js';
import type { MetricKind, MetricLibrary } from './metric.js';
import { moduleKey, type ModuleIndex, type ModuleScope } from './module-index.js';
import { resolveString, type Resolved } from './resolve-strings.js';

/**
 * A string a registration is built from. Parts written in Rust keep the module they were written in
 * (a wrapper's constant resolves where the wrapper is, a call site's where the call is); `param` is
 * the wrapper's parameter, filled in by each call site.
 */
export type TemplateStr =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'written'; readonly expr: StrExpr; readonly scope: ModuleScope }
  | { readonly kind: 'param'; readonly index: number; readonly reason: string }
  | { readonly kind: 'join'; readonly parts: readonly TemplateStr[] };

export interface TemplateLabel {
  readonly name: TemplateStr;
  readonly value: TemplateStr;
}

/** A registration with the strings of a template; a wrapper's has parameters, a call site's has none left. */
export interface RegistrationTemplate {
  readonly library: MetricLibrary;
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly name: TemplateStr;
  readonly namespace: TemplateStr | null;
  readonly subsystem: TemplateStr | null;
  readonly help: TemplateStr | null;
  /** Label names; a bare parameter stands for as many names as the list a call site passes. */
  readonly labels: readonly TemplateStr[];
  readonly constLabels: readonly TemplateLabel[];
  readonly buckets: readonly number[] | null;
  readonly registry: RawRegistry;
  readonly unit: string | null;
  readonly role: RawRegistration['role'];
}

/** A call-site argument in template form. */
export type TemplateArgument =
  | { readonly kind: 'string'; readonly value: TemplateStr }
  | { readonly kind: 'list'; readonly elements: readonly TemplateStr[] }
  | { readonly kind: 'opts'; readonly opts: TemplateOpts };

export interface TemplateOpts {
  readonly name: TemplateStr;
  readonly help: TemplateStr | null;
  readonly namespace: TemplateStr | null;
  readonly subsystem: TemplateStr | null;
  readonly constLabels: readonly TemplateLabel[];
  readonly buckets: readonly number[] | null;
  readonly labels: readonly TemplateStr[] | null;
}

export function templateStr(expr: StrExpr, scope: ModuleScope): TemplateStr {
  if (expr.kind === 'literal') return { kind: 'text', value: expr.value };
  if (expr.kind === 'dynamic' && expr.param !== undefined) return { kind: 'param', index: expr.param, reason: expr.reason };
  if (expr.kind === 'concat' && expr.parts.some(hasParamExpr)) return { kind: 'join', parts: expr.parts.map((p) => templateStr(p, scope)) };
  return { kind: 'written', expr, scope };
}

function hasParamExpr(expr: StrExpr): boolean {
  if (expr.kind === 'dynamic') return expr.param !== undefined;
  return expr.kind === 'concat' && expr.parts.some(hasParamExpr);
}

function nullable(expr: StrExpr | null, scope: ModuleScope): TemplateStr | null {
  return expr === null ? null : templateStr(expr, scope);
}

export function templateOf(reg: RawRegistration, scope: ModuleScope): RegistrationTemplate {
  return {
    library: reg.library,
    kind: reg.kind,
    vec: reg.vec,
    name: templateStr(reg.name, scope),
    namespace: nullable(reg.namespace, scope),
    subsystem: nullable(reg.subsystem, scope),
    help: nullable(reg.help, scope),
    labels: reg.labels.map((l) => templateStr(l, scope)),
    constLabels: reg.constLabels.map((c) => ({ name: templateStr(c.name, scope), value: templateStr(c.value, scope) })),
    buckets: reg.buckets,
    registry: reg.registry,
    unit: reg.unit,
    role: reg.role,
  };
}

function templateOpts(opts: RawOpts, scope: ModuleScope): TemplateOpts {
  return {
    name: templateStr(opts.name, scope),
    help: nullable(opts.help, scope),
    namespace: nullable(opts.namespace, scope),
    subsystem: nullable(opts.subsystem, scope),
    constLabels: opts.constLabels.map((c) => ({ name: templateStr(c.name, scope), value: templateStr(c.value, scope) })),
    buckets: opts.buckets,
    labels: opts.labels === null ? null : opts.labels.map((l) => templateStr(l, scope)),
  };
}

export function templateArgument(arg: RawArgument, scope: ModuleScope): TemplateArgument {
  switch (arg.kind) {
    case 'string':
      return { kind: 'string', value: templateStr(arg.value, scope) };
    case 'list':
      return { kind: 'list', elements: arg.elements.map((e) => templateStr(e, scope)) };
    case 'opts':
      return { kind: 'opts', opts: templateOpts(arg.opts, scope) };
  }
}

function unknown(reason: string): TemplateStr {
  return { kind: 'written', expr: { kind: 'dynamic', expression: '', reason }, scope: { crate: null, target: 'lib', path: [] } };
}

function substitute(str: TemplateStr, args: readonly TemplateArgument[]): TemplateStr {
  switch (str.kind) {
    case 'text':
    case 'written':
      return str;
    case 'join':
      return joinFlat(str.parts.map((p) => substitute(p, args)));
    case 'param': {
      const arg = args[str.index];
      if (arg === undefined) return unknown(`argument ${str.index + 1} is not passed`);
      if (arg.kind === 'string') return arg.value;
      if (arg.kind === 'opts') return arg.opts.name;
      return unknown('a list where a string is expected');
    }
  }
}

/**
 * A join of joins read as one flat join, adjacent texts merged: a chain of thousands of wrappers, each
 * adding a prefix, gives a template two parts wide instead of thousands deep (every walk over
 * templates, and `JSON.stringify` in `templateKey`, would overflow the stack on that depth).
 */
function joinFlat(parts: readonly TemplateStr[]): TemplateStr {
  const flat: TemplateStr[] = [];
  for (const part of parts) {
    for (const piece of part.kind === 'join' ? part.parts : [part]) {
      const last = flat[flat.length - 1];
      if (piece.kind === 'text' && last?.kind === 'text') flat[flat.length - 1] = { kind: 'text', value: last.value + piece.value };
      else flat.push(piece);
    }
  }
  return { kind: 'join', parts: flat };
}

function substituteNullable(str: TemplateStr | null, args: readonly TemplateArgument[]): TemplateStr | null {
  return str === null ? null : substitute(str, args);
}

function substituteLabels(labels: readonly TemplateStr[], args: readonly TemplateArgument[]): TemplateStr[] {
  return labels.flatMap((label) => {
    if (label.kind !== 'param') return [substitute(label, args)];
    const arg = args[label.index];
    if (arg?.kind === 'list') return [...arg.elements];
    if (arg?.kind === 'string') return [arg.value];
    return [unknown(arg === undefined ? `argument ${label.index + 1} is not passed` : 'options where label names are expected')];
  });
}

/** The template a call with these arguments registers; options passed for an options parameter fill every field they set. */
export function applyArguments(template: RegistrationTemplate, args: readonly TemplateArgument[]): RegistrationTemplate {
  const substituted: RegistrationTemplate = {
    ...template,
    name: substitute(template.name, args),
    namespace: substituteNullable(template.namespace, args),
    subsystem: substituteNullable(template.subsystem, args),
    help: substituteNullable(template.help, args),
    labels: substituteLabels(template.labels, args),
    constLabels: template.constLabels.map((c) => ({ name: substitute(c.name, args), value: substitute(c.value, args) })),
  };
  const whole = template.name.kind === 'param' ? args[template.name.index] : undefined;
  if (whole?.kind !== 'opts') return substituted;
  const opts = whole.opts;
  return {
    ...substituted,
    help: substituted.help ?? opts.help,
    namespace: substituted.namespace ?? opts.namespace,
    subsystem: substituted.subsystem ?? opts.subsystem,
    constLabels: [...opts.constLabels, ...substituted.constLabels],
    buckets: template.buckets ?? opts.buckets,
    labels: substituted.labels.length > 0 ? substituted.labels : [...(opts.labels ?? [])],
  };
}

export function hasParam(str: TemplateStr | null): boolean {
  if (str === null) return false;
  if (str.kind === 'param') return true;
  return str.kind === 'join' && str.parts.some(hasParam);
}

/** Whether the name depends on the wrapper's parameters: what makes a function a wrapper. */
export function namedByParameter(template: RegistrationTemplate): boolean {
  return hasParam(template.name) || hasParam(template.namespace) || hasParam(template.subsystem);
}

function strings(template: RegistrationTemplate): TemplateStr[] {
  const out: TemplateStr[] = [template.name, ...template.labels];
  for (const s of [template.namespace, template.subsystem, template.help]) if (s !== null) out.push(s);
  for (const c of template.constLabels) out.push(c.name, c.value);
  return out;
}

/** Whether resolving the template needs constants, which may live in any file. */
export function mentionsConstant(template: RegistrationTemplate): boolean {
  return constantPathsOf(template).length > 0;
}

/** The constant paths a template's strings name, as written. */
export function constantPathsOf(template: RegistrationTemplate): (readonly string[])[] {
  const paths: (readonly string[])[] = [];
  const fromExpr = (expr: StrExpr): void => {
    if (expr.kind === 'const') paths.push(expr.path);
    else if (expr.kind === 'concat') for (const part of expr.parts) fromExpr(part);
  };
  const fromStr = (str: TemplateStr): void => {
    if (str.kind === 'written') fromExpr(str.expr);
    else if (str.kind === 'join') for (const part of str.parts) fromStr(part);
  };
  for (const str of strings(template)) fromStr(str);
  return paths;
}

export function resolveTemplateStr(str: TemplateStr, index: ModuleIndex): Resolved {
  switch (str.kind) {
    case 'text':
      return { kind: 'value', value: str.value };
    case 'written':
      return resolveString(str.expr, str.scope, index);
    case 'param':
      return { kind: 'unresolved', reason: str.reason };
    case 'join': {
      let value = '';
      for (const part of str.parts) {
        const resolved = resolveTemplateStr(part, index);
        if (resolved.kind === 'unresolved') return resolved;
        value += resolved.value;
      }
      return { kind: 'value', value };
    }
  }
}

function strKey(str: TemplateStr | null): unknown {
  if (str === null) return null;
  switch (str.kind) {
    case 'text':
      return str.value;
    case 'written':
      return [moduleKey(str.scope), str.expr];
    case 'param':
      return { param: str.index };
    case 'join':
      return str.parts.map(strKey);
  }
}

/** A string that is equal for templates that register the same thing (positions and crate objects left out). */
export function templateKey(template: RegistrationTemplate): string {
  return JSON.stringify([
    template.library,
    template.kind,
    template.vec,
    strKey(template.name),
    strKey(template.namespace),
    strKey(template.subsystem),
    strKey(template.help),
    template.labels.map(strKey),
    template.constLabels.map((c) => [strKey(c.name), strKey(c.value)]),
    template.buckets,
    template.registry,
    template.unit,
    template.role,
  ]);
}

/** How a template's name reads, parameters shown as `{name}`: `app_{name}`. */
export function describeName(template: RegistrationTemplate, params: readonly string[]): string {
  const describe = (str: TemplateStr | null): string => {
    if (str === null) return '';
    switch (str.kind) {
      case 'text':
        return str.value;
      case 'written':
        return str.expr.kind === 'literal' ? str.expr.value : str.expr.kind === 'const' ? `{${str.expr.path.join('::')}}` : '{?}';
      case 'param':
        return `{${params[str.index] ?? `#${str.index}`}}`;
      case 'join':
        return str.parts.map(describe).join('');
    }
  };
  return [template.namespace, template.subsystem, template.name].map(describe).filter(Boolean).join('_');
}
