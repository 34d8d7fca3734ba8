/** What one vector selector of a PromQL query says: the metric it names and its label matchers. */
import { enclosingFunctions, isScalarPosition, type SyntaxNode } from './promql-selector-context.js';
import { unquote } from './promql-string-literal.js';
import type { PromqlSyntaxError } from './promql-syntax-errors.js';
import {
  hasPlaceholder,
  isWholePlaceholder,
  originalOffset,
  restoreVariables,
  variableNamesIn,
  variableTemplateRegex,
  type TemplateSubstitution,
} from './template-vars.js';

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

/** The selector at `node`; undefined for a lone `$var` where a scalar goes, which is a parameter. */
export function readSelector(
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
