/** The metric names and label matchers a PromQL query selects, read with Prometheus's own lezer grammar. */
import { parser } from '@prometheus-io/lezer-promql';
import { readSelector, type SelectorUse } from './promql-selector-use.js';
import { isTerminated, unquote } from './promql-string-literal.js';
import { dedupeErrors, describeError, type PromqlSyntaxError } from './promql-syntax-errors.js';
import { originalOffset, restoreVariables, substituteTemplateVariables, type TemplateVariableUse } from './template-vars.js';

export interface PromqlScan {
  readonly selectors: readonly SelectorUse[];
  /** Distinct literal metric names, in order of appearance. */
  readonly names: readonly string[];
  /** Labels in `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`. */
  readonly groupingLabels: readonly string[];
  readonly variables: readonly TemplateVariableUse[];
  readonly errors: readonly PromqlSyntaxError[];
}

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
