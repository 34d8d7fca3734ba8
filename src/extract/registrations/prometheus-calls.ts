import { fieldNode, typeOf } from '../syntax/node-cache.js';
import { bindingOf, type Binding } from '../syntax/bindings.js';
import { positionOf, type Extraction } from './extraction.js';
import type { RawCustomRegistry, RawRegisterCall, RawRegistration, RawRegistry } from '../facts.js';
import { evalLabelNames } from './labels.js';
import { evalOpts, namedOpts, type OptsFacts } from './opts.js';
import { registryOf } from './prometheus-macros.js';
import { METRIC_TYPES, type MetricType } from './registration-vocabulary.js';
import { buildRegistration, type RegistrationParts } from './registration.js';
import { lookupLocal } from '../syntax/locals.js';
import { calleeOf, callArguments, pathSegments, pathTypeArguments, unwrapValue, valuePath, type Callee } from '../syntax/rust-syntax.js';
import { contextOf } from './scopes.js';
import { evalStr } from './str-expr.js';
import { field, parentOf, startOf, type Located } from '../syntax/view.js';

/** A prometheus metric built with `IntCounter::new(..)`, `HistogramVec::new(..)`, ...; registered separately. */
export interface Construction {
  readonly site: Located;
  readonly parts: Omit<RegistrationParts, 'registry'>;
  readonly binding: Binding | null;
}

export interface RegisterCall {
  readonly site: Located;
  /** The registered value with `Box::new`, `.clone()`, `&` stripped. */
  readonly target: Located;
  readonly registry: RawRegistry;
}

/** Whether a path call might construct a prometheus metric; cheap, used while walking. */
export function isMetricTypeName(name: string | undefined): boolean {
  return name !== undefined && Object.hasOwn(METRIC_TYPES, name);
}

function genericKind(type: MetricType, callee: Callee & { kind: 'path' }): MetricType {
  // GenericCounter<AtomicU64> is what IntCounter is an alias of.
  const args = pathTypeArguments(callee.path.node).map((a) => a.text);
  const integer = args.some((a) => /Atomic[IU]64/.test(a));
  if (!integer) return type;
  return { ...type, kind: type.kind === 'counter' ? 'int_counter' : 'int_gauge' };
}

export function constructionAt(ex: Extraction, call: Located): Construction | null {
  const callee = calleeOf(call);
  if (callee.kind !== 'path') return null;
  const [typeName, ctor] = callee.segments.slice(-2);
  if (typeName === undefined || !isMetricTypeName(typeName)) return null;
  let type = METRIC_TYPES[typeName] as MetricType;
  if (typeName.startsWith('Generic')) type = genericKind(type, callee);
  const args = callArguments(call);
  const [first, second] = args;
  let opts: OptsFacts;
  let labels: Located | null = null;
  if (type.vec) {
    if (ctor !== 'new' || args.length !== 2 || first === undefined || second === undefined) return null;
    opts = evalOpts(ex, first);
    labels = second;
  } else if (ctor === 'new' && args.length === 2 && first !== undefined && second !== undefined && type.kind !== 'histogram') {
    opts = namedOpts(evalStr(ex, first), evalStr(ex, second));
  } else if (ctor === 'with_opts' && args.length === 1 && first !== undefined) {
    opts = evalOpts(ex, first);
  } else {
    return null;
  }
  return {
    site: call,
    binding: bindingOf(call),
    parts: {
      library: 'prometheus',
      via: callee.segments,
      kind: type.kind,
      vec: type.vec,
      name: opts.name,
      namespace: opts.namespace,
      subsystem: opts.subsystem,
      help: opts.help,
      labels: type.vec ? (labels === null ? (opts.labels ?? []) : evalLabelNames(ex, labels)) : [],
      constLabels: opts.constLabels,
      buckets: opts.buckets,
      ...(opts.bucketsNotComputed === undefined ? {} : { bucketsNotComputed: opts.bucketsNotComputed }),
      role: 'define',
    },
  };
}

/** `registry.register(Box::new(x))`, `prometheus::register(Box::new(x))`; prometheus takes a boxed collector. */
export function registerCallAt(ex: Extraction, call: Located): RegisterCall | null {
  const callee = calleeOf(call);
  const args = callArguments(call);
  const [arg] = args;
  if (args.length !== 1 || arg === undefined) return null;
  let registry: RawRegistry;
  if (callee.kind === 'method' && callee.name === 'register') {
    registry = registryOf(ex, callee.receiver);
  } else if (callee.kind === 'path' && callee.segments[callee.segments.length - 1] === 'register') {
    // `prometheus::register` (or the bare, imported name) is the default registry; a project's own
    // `register` helper may use any registry, so it is named as written.
    const own = callee.segments.length > 1 && callee.segments[0] !== 'prometheus';
    registry = own ? { kind: 'custom', expression: callee.segments.join('::') } : { kind: 'default' };
  } else {
    return null;
  }
  if (!isBoxNew(withoutCast(arg))) return null;
  return { site: call, target: unwrapValue(withoutCast(arg)), registry };
}

/** `Box::new(x) as Box<dyn Collector>` → `Box::new(x)`. */
function withoutCast(loc: Located): Located {
  if (typeOf(loc.node) !== 'type_cast_expression') return loc;
  return field(loc, 'value') ?? loc;
}

function isBoxNew(loc: Located): boolean {
  if (typeOf(loc.node) !== 'call_expression') return false;
  const callee = calleeOf(loc);
  return callee.kind === 'path' && callee.segments.slice(-2).join('::') === 'Box::new';
}

/** `Registry::new_custom(Some("prefix".into()), labels)` and where its result is kept. */
export function customRegistryAt(ex: Extraction, call: Located): RawCustomRegistry | null {
  const callee = calleeOf(call);
  if (callee.kind !== 'path' || callee.segments.slice(-2).join('::') !== 'Registry::new_custom') return null;
  const [prefixArg] = callArguments(call);
  let prefix = null;
  if (prefixArg !== undefined) {
    const value = unwrapValue(prefixArg);
    if (typeOf(value.node) === 'call_expression') {
      const option = calleeOf(value);
      const [inner] = callArguments(value);
      prefix = option.kind === 'path' && option.segments.join('::') === 'Some' && inner !== undefined ? evalStr(ex, inner) : evalStr(ex, value);
    } else if (typeOf(value.node) !== 'identifier' || value.node.text !== 'None') {
      prefix = evalStr(ex, value);
    }
  }
  return { binding: registryBinding(call), prefix, line: positionOf(ex, call).line };
}

function registryBinding(call: Located): string {
  const binding = bindingOf(call);
  if (binding !== null) return binding.name;
  for (let current = parentOf(call); current !== null; current = parentOf(current)) {
    if (typeOf(current.node) === 'function_item') {
      const name = fieldNode(current.node, 'name')?.text;
      if (name !== undefined) return name;
    }
  }
  return call.node.text.replace(/\s+/g, ' ');
}

/** The construction a register call registers, if this file shows it. */
function linkedConstruction(call: RegisterCall, constructions: readonly Construction[]): Construction | null {
  const target = call.target;
  const targetStart = startOf(target);
  const direct = constructions.find((c) => startOf(c.site) === targetStart && typeOf(c.site.node) === typeOf(target.node));
  if (direct !== undefined) return direct;
  const path = valuePath(target);
  const name = path?.[path.length - 1];
  if (path === null || name === undefined) return null;
  const callStart = startOf(call.site);
  const plain = path.length === 1 || (path.length === 2 && (path[0] === 'self' || path[0] === 'Self'));
  let best: Construction | null = null;
  for (const construction of constructions) {
    const binding = construction.binding;
    if (binding === null || binding.name !== name) continue;
    switch (binding.kind) {
      case 'let':
        // A local is visible after its `let`, to the end of its block; `m.x` there is usually the local
        // moved into a struct field (`Self { x, .. }`).
        if (callStart > binding.visibleFrom && callStart < binding.visibleTo) best = construction;
        break;
      case 'field':
        if (path.length >= 2) best ??= construction;
        break;
      case 'static':
        if (plain) best ??= construction;
        break;
    }
  }
  return best;
}

function implTypeName(impl: Located): string | null {
  const type = fieldNode(impl.node, 'type');
  const segments = type === null ? [] : pathSegments(type);
  return segments[segments.length - 1] ?? null;
}

/**
 * The type a registered value is built as, when it is built in place: `MyCollector::new(..)`,
 * `MyCollector::default()`, `MyCollector { .. }`, or a local bound to one. A custom `Collector`
 * registered so is linked to the metrics its `impl` constructs.
 */
function collectorType(target: Located, depth = 0): string[] | null {
  const type = typeOf(target.node);
  if (type === 'call_expression') {
    const callee = calleeOf(target);
    if (callee.kind !== 'path' || callee.segments.length < 2) return null;
    const typePath = callee.segments.slice(0, -1);
    const last = typePath[typePath.length - 1] ?? '';
    return /^[A-Z]/.test(last) && !isMetricTypeName(last) ? typePath : null;
  }
  if (type === 'struct_expression') {
    const name = fieldNode(target.node, 'name');
    const segments = name === null ? [] : pathSegments(name);
    return segments.length > 0 ? segments : null;
  }
  if (type === 'identifier' && depth < 4) {
    const local = lookupLocal(target, target.node.text);
    return local?.kind === 'let' && local.value !== null ? collectorType(unwrapValue(local.value), depth + 1) : null;
  }
  return null;
}

export interface LinkedRegistrations {
  readonly registrations: RawRegistration[];
  readonly registerCalls: RawRegisterCall[];
}

/**
 * Pairs constructions with the register calls of this file. A construction registered twice yields
 * two registrations; one never registered here is `unregistered`; a register call whose target
 * is not constructed here is left for cross-file linking.
 */
export function linkRegistrations(
  ex: Extraction,
  constructions: readonly Construction[],
  calls: readonly RegisterCall[],
): LinkedRegistrations {
  const linked = new Map<Construction, RegisterCall[]>();
  const registerCalls: RawRegisterCall[] = [];
  for (const call of calls) {
    const construction = linkedConstruction(call, constructions);
    if (construction !== null) {
      linked.set(construction, [...(linked.get(construction) ?? []), call]);
      continue;
    }
    const constructs = collectorType(call.target);
    const target = valuePath(call.target) ?? constructs;
    if (target === null) continue;
    const context = contextOf(call.site);
    registerCalls.push({
      target,
      registry: call.registry,
      line: positionOf(ex, call.site).line,
      scope: context.scope,
      ...(constructs === null ? {} : { constructs }),
      ...(context.holder === 'eager' ? {} : { holder: context.holder, static: context.holderStatic }),
    });
  }
  const registrations: RawRegistration[] = [];
  for (const construction of constructions) {
    const calls = linked.get(construction) ?? [];
    const registries: RawRegistry[] = calls.length === 0 ? [{ kind: 'unregistered' }] : calls.map((c) => c.registry);
    const impl = calls.length === 0 ? contextOf(construction.site).impl : null;
    const implType = impl === null ? null : implTypeName(impl);
    for (const registry of registries) {
      const registration = buildRegistration(ex, construction.site, { ...construction.parts, registry });
      registrations.push(implType === null ? registration : { ...registration, implType });
    }
  }
  return { registrations, registerCalls };
}

