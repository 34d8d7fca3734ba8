/** The metric names and label matchers a PromQL query selects, read with Prometheus's own lezer grammar. */
import { parser } from '@prometheus-io/lezer-promql';
import {
  hasPlaceholder,
  isWholePlaceholder,
  originalOffset,
  restoreVariables,
  substituteTemplateVariables,
  variableNamesIn,
  variableTemplateRegex,
  type TemplateSubstitution,
  type TemplateVariableUse,
} from './template-vars.js';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** What a selector says about the metric name. */
export type MetricRef =
  /** A literal name; names with `:` are recording rules by Prometheus convention. */
  | { readonly kind: 'name'; readonly name: string; readonly recordingRule: boolean }
  /** `{__name__=~"re"}`; `regex` is anchored the way Prometheus anchors it. */
  | { readonly kind: 'pattern'; readonly regex: string; readonly source: string }
  /** A name built from a Grafana variable (`${metric}_total`): unknowable without the dashboard's values. */
  | {
      readonly kind: 'variable';
      readonly template: string;
      readonly variables: readonly string[];
      /** Matches every name the template could produce. */
      readonly regex: string;
    }
  /** No positive constraint on the name, e.g. `{job="api"}`. */
  | { readonly kind: 'any' };

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOperator;
  readonly value: string;
}

export interface SelectorUse {
  readonly metric: MetricRef;
  /** Matchers other than the one that named the metric. */
  readonly matchers: readonly LabelMatcher[];
  /** Distinct label names of `matchers`, in order. */
  readonly labelNames: readonly string[];
  /** Enclosing functions and aggregations, innermost first, e.g. `['rate', 'sum', 'histogram_quantile']`. */
  readonly functions: readonly string[];
  /** Span of the selector in the original query. */
  readonly from: number;
  readonly to: number;
}

export interface PromqlSyntaxError {
  /** Offset in the original query (before template substitution). */
  readonly offset: number;
  readonly message: string;
}

export interface PromqlScan {
  readonly selectors: readonly SelectorUse[];
  /** Distinct literal metric names, in order of appearance. */
  readonly names: readonly string[];
  /** Labels in `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`. */
  readonly groupingLabels: readonly string[];
  readonly variables: readonly TemplateVariableUse[];
  readonly errors: readonly PromqlSyntaxError[];
}

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

/** Real queries nest a handful of levels; thousands take the parser seconds and then exhaust the stack. */
const MAX_NESTING = 256;

/** Never throws: syntax errors are returned next to whatever could still be read. */
export function metricSelectorsIn(expr: string): PromqlScan {
  const unreadable = (message: string): PromqlScan => ({ selectors: [], names: [], groupingLabels: [], variables: [], errors: [{ offset: 0, message }] });
  if (nestingDepth(expr) > MAX_NESTING) return unreadable(`brackets nested more than ${MAX_NESTING} deep; the query was not analysed`);
  try {
    return scanSelectors(expr);
  } catch (error) {
    return unreadable(`the query could not be analysed (${(error as Error).message})`);
  }
}

/** Deepest bracket nesting outside string literals. */
function nestingDepth(expr: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] as string;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

function scanSelectors(expr: string): PromqlScan {
  const substitution = substituteTemplateVariables(expr);
  const text = substitution.text;
  const tree = parser.parse(text);
  const selectors: SelectorUse[] = [];
  const groupingLabels: string[] = [];
  const errors: PromqlSyntaxError[] = [];
  const toOriginal = (offset: number): number => originalOffset(substitution, offset);

  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        errors.push({ offset: toOriginal(ref.from), message: describeError(text, ref.from, ref.to, substitution) });
        return;
      }
      switch (ref.name) {
        case 'VectorSelector': {
          const selector = readSelector(ref.node, text, substitution, errors);
          if (selector !== undefined) selectors.push(selector);
          break;
        }
        case 'GroupingLabels':
          for (let child = ref.node.firstChild; child !== null; child = child.nextSibling) {
            if (child.name !== 'LabelName' && child.name !== 'QuotedLabelName') continue;
            const raw = child.name === 'LabelName' ? text.slice(child.from, child.to) : unquote(text.slice(child.from, child.to));
            const label = restoreVariables(raw, substitution).text;
            if (!groupingLabels.includes(label)) groupingLabels.push(label);
          }
          break;
        case 'StringLiteral': {
          const literal = text.slice(ref.from, ref.to);
          if (!isTerminated(literal)) errors.push({ offset: toOriginal(ref.from), message: 'unterminated string literal' });
          break;
        }
      }
    },
  });

  const names: string[] = [];
  for (const s of selectors) {
    if (s.metric.kind === 'name' && !names.includes(s.metric.name)) names.push(s.metric.name);
  }
  return {
    selectors,
    names,
    groupingLabels,
    variables: substitution.variables,
    errors: dedupeErrors(errors),
  };
}

function readSelector(
  node: SyntaxNode,
  text: string,
  substitution: TemplateSubstitution,
  errors: PromqlSyntaxError[],
): SelectorUse | undefined {
  const at = originalOffset(substitution, node.from);
  const names: { metric: MetricRef; viaMatcher: number | undefined }[] = [];
  const matchers: LabelMatcher[] = [];

  const identifier = node.getChild('Identifier');
  if (identifier !== null) {
    const written = text.slice(identifier.from, identifier.to);
    if (isWholePlaceholder(written) && node.getChild('LabelMatchers') === null && isScalarPosition(node, text)) {
      return undefined;
    }
    names.push({ metric: nameRef(written, substitution), viaMatcher: undefined });
  }

  const list = node.getChild('LabelMatchers');
  for (let child = list?.firstChild ?? null; child !== null; child = child.nextSibling) {
    if (child.name === 'QuotedLabelName') {
      names.push({ metric: nameRef(unquote(text.slice(child.from, child.to)), substitution), viaMatcher: undefined });
      continue;
    }
    if (child.name !== 'UnquotedLabelMatcher' && child.name !== 'QuotedLabelMatcher') continue;
    const matcher = readMatcher(child, text, substitution);
    if (matcher === undefined) continue;
    if (matcher.label === '__name__' && (matcher.op === '=' || matcher.op === '=~')) {
      names.push({ metric: nameFromMatcher(matcher), viaMatcher: matchers.length });
    }
    matchers.push(matcher);
  }

  if (names.length > 1) {
    errors.push({ offset: at, message: 'metric name must not be set twice in one selector' });
  }
  if (names.length === 0 && matchers.length === 0 && list !== null) {
    errors.push({ offset: at, message: 'vector selector must contain at least one non-empty matcher' });
  }
  const chosen = names[0];
  const kept = matchers.filter((_, i) => i !== chosen?.viaMatcher);
  const labelNames: string[] = [];
  for (const m of kept) if (!labelNames.includes(m.label)) labelNames.push(m.label);
  return {
    metric: chosen?.metric ?? { kind: 'any' },
    matchers: kept,
    labelNames,
    functions: enclosingFunctions(node, text),
    from: at,
    to: originalOffset(substitution, node.to),
  };
}

function readMatcher(node: SyntaxNode, text: string, substitution: TemplateSubstitution): LabelMatcher | undefined {
  const labelNode = node.firstChild;
  const opNode = node.getChild('MatchOp');
  const valueNode = node.getChild('StringLiteral');
  if (labelNode === null || opNode === null || valueNode === null) return undefined;
  const rawLabel =
    labelNode.name === 'QuotedLabelName' ? unquote(text.slice(labelNode.from, labelNode.to)) : text.slice(labelNode.from, labelNode.to);
  return {
    label: restoreVariables(rawLabel, substitution).text,
    op: text.slice(opNode.from, opNode.to) as MatchOperator,
    value: unquote(text.slice(valueNode.from, valueNode.to)),
  };
}

function nameRef(written: string, substitution: TemplateSubstitution): MetricRef {
  if (hasPlaceholder(written)) {
    const restored = restoreVariables(written, substitution);
    return {
      kind: 'variable',
      template: restored.text,
      variables: restored.variables,
      regex: variableTemplateRegex(restored.text, false),
    };
  }
  const variables = variableNamesIn(written);
  if (variables.length > 0) {
    return { kind: 'variable', template: written, variables, regex: variableTemplateRegex(written, false) };
  }
  return { kind: 'name', name: written, recordingRule: written.includes(':') };
}

function nameFromMatcher(matcher: LabelMatcher): MetricRef {
  const variables = variableNamesIn(matcher.value);
  const regex = matcher.op === '=~';
  if (variables.length > 0) {
    return { kind: 'variable', template: matcher.value, variables, regex: variableTemplateRegex(matcher.value, regex) };
  }
  if (regex) return { kind: 'pattern', regex: `^(?:${matcher.value})$`, source: matcher.value };
  return { kind: 'name', name: matcher.value, recordingRule: matcher.value.includes(':') };
}

function enclosingFunctions(node: SyntaxNode, text: string): string[] {
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
function isScalarPosition(selector: SyntaxNode, text: string): boolean {
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

function describeError(text: string, from: number, to: number, substitution: TemplateSubstitution): string {
  if (from >= text.trimEnd().length) return 'unexpected end of query';
  const end = from === to ? tokenEnd(text, from) : to;
  const shown = restoreVariables(text.slice(from, Math.min(end, from + 40)), substitution).text;
  return `unexpected '${shown}'`;
}

function tokenEnd(text: string, from: number): number {
  if (/[A-Za-z0-9_:]/.test(text[from] ?? '')) {
    let end = from;
    while (end < text.length && /[A-Za-z0-9_:]/.test(text[end] as string)) end++;
    return end;
  }
  return from + 1;
}

function dedupeErrors(errors: readonly PromqlSyntaxError[]): PromqlSyntaxError[] {
  const seen = new Set<number>();
  return [...errors]
    .sort((a, b) => a.offset - b.offset)
    .filter((e) => {
      if (seen.has(e.offset)) return false;
      seen.add(e.offset);
      return true;
    });
}

function isTerminated(literal: string): boolean {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) return false;
  if (quote === '`') return true;
  let backslashes = 0;
  for (let i = literal.length - 2; i > 0 && literal[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** The value of a PromQL string literal, which follows Go's quoting rules. */
function unquote(literal: string): string {
  const quote = literal[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') return literal;
  const body = literal.slice(1, isTerminated(literal) ? -1 : undefined);
  if (quote === '`' || !body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const hex = body.slice(i + 2, i + 2 + hexLength);
    if (hexLength > 0 && hex.length === hexLength && /^[0-9a-fA-F]+$/.test(hex)) {
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + hexLength;
      continue;
    }
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal)) {
      out += String.fromCharCode(parseInt(octal, 8));
      i += 3;
      continue;
    }
    out += next;
    i++;
  }
  return out;
}
