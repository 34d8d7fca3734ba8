/** Where a selector stands in a PromQL query: the calls around it, and whether a lone `$var` there is a parameter. */
import type { parser } from '@prometheus-io/lezer-promql';
import { isWholePlaceholder } from './template-vars.js';

export type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** Argument positions that take a scalar, where a lone `$var` is a parameter rather than a metric. */
const SCALAR_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  topk: [0],
  bottomk: [0],
  limitk: [0],
  limit_ratio: [0],
  quantile: [0],
  histogram_quantile: [0],
  histogram_fraction: [0, 1],
  quantile_over_time: [0],
  clamp: [1, 2],
  clamp_min: [1],
  clamp_max: [1],
  round: [1],
  predict_linear: [1],
  double_exponential_smoothing: [1, 2],
  holt_winters: [1, 2],
  vector: [0],
};

/** Enclosing functions and aggregations, innermost first. */
export function enclosingFunctions(node: SyntaxNode, text: string): string[] {
  const functions: string[] = [];
  for (let p = node.parent; p !== null; p = p.parent) {
    const name = callName(p, text);
    if (name !== undefined) functions.push(name);
  }
  return functions;
}

/** The function or aggregation name of a `FunctionCall` or `AggregateExpr` node. */
function callName(node: SyntaxNode, text: string): string | undefined {
  const head =
    node.name === 'FunctionCall' ? node.getChild('FunctionIdentifier') : node.name === 'AggregateExpr' ? node.getChild('AggregateOp') : null;
  return head === null ? undefined : text.slice(head.from, head.to).toLowerCase();
}

/**
 * A lone variable compared with or combined with a vector (`rate(x[5m]) > $threshold`), or in a scalar
 * argument (`topk($n, …)`), is a parameter. Against a number (`$metric > 0`) it can only be the vector.
 */
export function isScalarPosition(selector: SyntaxNode, text: string): boolean {
  let child = selector;
  let parent = selector.parent;
  while (parent !== null && (parent.name === 'ParenExpr' || parent.name === 'UnaryExpr')) {
    child = parent;
    parent = parent.parent;
  }
  if (parent === null) return false;
  if (parent.name === 'BinaryExpr') {
    const first = parent.firstChild;
    const other = first !== null && first.from === child.from ? parent.lastChild : first;
    return other !== null && !other.type.isError && !isNumberOrLoneVariable(other, text);
  }
  if (parent.name !== 'FunctionCallBody' || parent.parent === null) return false;
  const fn = callName(parent.parent, text);
  if (fn === undefined) return false;
  let index = 0;
  for (let sibling = parent.firstChild; sibling !== null && sibling.from < child.from; sibling = sibling.nextSibling) {
    if (!sibling.type.isError) index++;
  }
  return SCALAR_ARGUMENTS[fn]?.includes(index) ?? false;
}

function isNumberOrLoneVariable(node: SyntaxNode, text: string): boolean {
  let inner: SyntaxNode | null = node;
  while (inner !== null && (inner.name === 'ParenExpr' || inner.name === 'UnaryExpr')) inner = inner.lastChild;
  if (inner === null) return false;
  if (inner.name === 'NumberDurationLiteral') return true;
  if (inner.name !== 'VectorSelector' || inner.getChild('LabelMatchers') !== null) return false;
  const identifier = inner.getChild('Identifier');
  return identifier !== null && isWholePlaceholder(text.slice(identifier.from, identifier.to));
}
