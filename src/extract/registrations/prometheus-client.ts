import { fieldNode, typeOf } from '../syntax/node-cache.js';
import type { MetricKind } from '../metric-kinds.js';
import { sourceText, warn, type Extraction } from './extraction.js';
import { shortenExpression } from '../syntax/expression-text.js';
import type { RawRegistration, StrExpr } from '../facts.js';
import { lookupLocal } from '../syntax/locals.js';
import type { SyntaxNode } from '../syntax/parser.js';
import { buildRegistration } from './registration.js';
import { calleeOf, callArguments, pathSegments, pathTypeArguments, unwrapValue, valuePath } from '../syntax/rust-syntax.js';
import { evalStr, joinStr } from './str-expr.js';
import type { Located } from '../syntax/view.js';

interface MetricType {
  readonly kind: MetricKind;
  readonly vec: boolean;
  /** The label set type of a `Family`, as written. */
  readonly labelSet: SyntaxNode | null;
}

const SCALAR_TYPES: Readonly<Record<string, MetricKind>> = {
  Counter: 'counter',
  ConstCounter: 'counter',
  Gauge: 'gauge',
  ConstGauge: 'gauge',
  Histogram: 'histogram',
  Info: 'untyped',
};

const MAX_DEPTH = 8;
const SUB_REGISTRY_METHODS = new Set(['sub_registry_with_prefix', 'sub_registry_with_label', 'sub_registry_with_labels']);

function typeName(node: SyntaxNode): { name: string; args: SyntaxNode[] } | null {
  if (typeOf(node) === 'reference_type') {
    const inner = fieldNode(node, 'type');
    return inner === null ? null : typeName(inner);
  }
  const segments = pathSegments(node);
  const name = segments[segments.length - 1];
  if (name === undefined) return null;
  const args = typeOf(node) === 'generic_type' ? pathTypeArguments(node) : [];
  return { name, args };
}

function classify(name: string, args: SyntaxNode[]): MetricType | null {
  const scalar = SCALAR_TYPES[name];
  if (scalar !== undefined) return { kind: scalar, vec: false, labelSet: null };
  if (name !== 'Family') return null;
  const [labelSet, metric] = args;
  const inner = metric === undefined ? null : typeName(metric);
  const metricType = inner === null ? null : classify(inner.name, inner.args);
  if (metricType === null || metricType.vec) return null;
  return { kind: metricType.kind, vec: true, labelSet: labelSet ?? null };
}

function classifyTypeNode(node: SyntaxNode): MetricType | null {
  const type = typeName(node);
  return type === null ? null : classify(type.name, type.args);
}

const fieldTypeCache = new WeakMap<Extraction, Map<string, SyntaxNode[]>>();

/** Declared types of struct fields in the file, by field name. */
function fieldTypes(ex: Extraction): Map<string, SyntaxNode[]> {
  let cached = fieldTypeCache.get(ex);
  if (cached === undefined) {
    cached = new Map();
    for (const declaration of ex.fileView.tree.rootNode.descendantsOfType('field_declaration')) {
      const name = declaration.childForFieldName('name')?.text;
      const type = declaration.childForFieldName('type');
      if (name === undefined || type === null) continue;
      cached.set(name, [...(cached.get(name) ?? []), type]);
    }
    fieldTypeCache.set(ex, cached);
  }
  return cached;
}

function metricTypeOf(ex: Extraction, loc: Located, depth: number): MetricType | null {
  if (depth > MAX_DEPTH) return null;
  const value = unwrapValue(loc);
  switch (typeOf(value.node)) {
    case 'call_expression': {
      const callee = calleeOf(value);
      if (callee.kind !== 'path') return null;
      const name = callee.segments[callee.segments.length - 2];
      return name === undefined ? null : classify(name, pathTypeArguments(callee.path.node));
    }
    case 'identifier': {
      const local = lookupLocal(value, value.node.text);
      if (local === null) return null;
      const declared = local.type === null ? null : classifyTypeNode(local.type.node);
      if (declared !== null) return declared;
      return local.kind === 'let' && local.value !== null ? metricTypeOf(ex, local.value, depth + 1) : null;
    }
    case 'field_expression': {
      const name = fieldNode(value.node, 'field')?.text;
      const types = name === undefined ? [] : (fieldTypes(ex).get(name) ?? []);
      for (const type of types) {
        const found = classifyTypeNode(type);
        if (found !== null) return found;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Prefixes added by `.sub_registry_with_prefix(..)` calls on the receiver, outermost first. */
function registryPrefixes(ex: Extraction, loc: Located, depth: number): StrExpr[] {
  if (depth > MAX_DEPTH) return [];
  const value = unwrapValue(loc, new Set());
  if (typeOf(value.node) === 'call_expression') {
    const callee = calleeOf(value);
    const [prefix] = callArguments(value);
    if (callee.kind === 'method' && callee.name === 'sub_registry_with_prefix' && prefix !== undefined) {
      return [...registryPrefixes(ex, callee.receiver, depth + 1), evalStr(ex, prefix)];
    }
    return [];
  }
  if (typeOf(value.node) === 'identifier') {
    const local = lookupLocal(value, value.node.text);
    if (local?.kind === 'let' && local.value !== null) return registryPrefixes(ex, local.value, depth + 1);
  }
  return [];
}

/** The registry a sub-registry chain starts from (its prefixes are already part of the name). */
function rootRegistry(loc: Located, depth: number): Located {
  if (depth > MAX_DEPTH) return loc;
  const value = unwrapValue(loc, new Set());
  if (typeOf(value.node) === 'call_expression') {
    const callee = calleeOf(value);
    if (callee.kind === 'method' && SUB_REGISTRY_METHODS.has(callee.name)) return rootRegistry(callee.receiver, depth + 1);
  }
  if (typeOf(value.node) === 'identifier') {
    const local = lookupLocal(value, value.node.text);
    if (local?.kind === 'let' && local.value !== null) {
      const root = rootRegistry(local.value, depth + 1);
      if (root.node.id !== local.value.node.id) return root;
    }
  }
  return value;
}

function unitOf(ex: Extraction, loc: Located): string | null {
  const value = unwrapValue(loc);
  if (typeOf(value.node) === 'scoped_identifier') {
    const segments = pathSegments(value.node);
    return segments[segments.length - 1]?.toLowerCase() ?? null;
  }
  if (typeOf(value.node) === 'call_expression') {
    const callee = calleeOf(value);
    const [inner] = callArguments(value);
    if (callee.kind === 'path' && callee.segments[callee.segments.length - 1] === 'Other' && inner !== undefined) {
      const unit = evalStr(ex, inner);
      if (unit.kind === 'literal') return unit.value;
    }
  }
  warn(ex, loc, `cannot read the unit \`${shortenExpression(sourceText(ex, loc))}\``);
  return null;
}

/**
 * prometheus-client's `registry.register("name", "help", metric)` and
 * `register_with_unit("name", "help", Unit::Seconds, metric)`.
 */
export function prometheusClientRegistration(ex: Extraction, call: Located): RawRegistration | null {
  const callee = calleeOf(call);
  if (callee.kind !== 'method') return null;
  const args = callArguments(call);
  const withUnit = callee.name === 'register_with_unit';
  if (args.length !== (withUnit ? 4 : 3)) return null;
  const [nameArg, helpArg, third, fourth] = args as [Located, Located, Located, Located | undefined];
  const metric = withUnit ? (fourth as Located) : third;
  const prefixes = registryPrefixes(ex, callee.receiver, 0);
  const base = evalStr(ex, nameArg);
  const name = prefixes.length === 0 ? base : joinStr([...prefixes.flatMap((p) => [p, underscore]), base]);
  // Untyped, without a word here: whether this is a registration at all depends on the crate's
  // dependencies (an ordinary `.register(a, b, c)` is not), which resolution knows and reports.
  const type = metricTypeOf(ex, metric, 0) ?? { kind: 'untyped', vec: false, labelSet: null };
  const labelSet = type.labelSet;
  const metricPath = valuePath(unwrapValue(metric));
  return buildRegistration(ex, call, {
    library: 'prometheus-client',
    via: [callee.name],
    kind: type.kind,
    vec: type.vec,
    name,
    help: evalStr(ex, helpArg),
    labels:
      labelSet === null
        ? []
        : [
            {
              kind: 'dynamic',
              expression: shortenExpression(labelSet.text),
              reason: 'label names come from the label set type',
            },
          ],
    registry: { kind: 'custom', expression: shortenExpression(sourceText(ex, rootRegistry(callee.receiver, 0))) },
    unit: withUnit ? unitOf(ex, third) : null,
    role: 'define',
    static: metricPath === null ? null : (metricPath[metricPath.length - 1] ?? null),
  });
}

const underscore: StrExpr = { kind: 'literal', value: '_' };

