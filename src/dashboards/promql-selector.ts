/**
 * Series selectors built for the Prometheus API from names and values that come from outside
 * (a dashboard, a flag, a label Prometheus returned): names are validated, values quoted, so nothing
 * is ever pasted into PromQL as written.
 */
import type { MatchOperator } from './promql-selector-use.js';

export interface SelectorMatcher {
  readonly label: string;
  readonly op: MatchOperator;
  readonly value: string;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const OPERATORS: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~']);

export class SelectorError extends Error {}

export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** A PromQL double-quoted string holding exactly `value` (Go escapes: backslash, quote, control characters). */
export function quoteLabelValue(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `metric{label="value",...}`; throws SelectorError for a name that is not a metric or label name. */
export function buildSelector(metric: string | null, matchers: readonly SelectorMatcher[] = []): string {
  if (metric !== null && !isMetricName(metric)) throw new SelectorError(`${JSON.stringify(metric)} is not a metric name`);
  const parts = matchers.map((m) => {
    if (!isLabelName(m.label)) throw new SelectorError(`${JSON.stringify(m.label)} is not a label name`);
    if (!OPERATORS.has(m.op)) throw new SelectorError(`${JSON.stringify(m.op)} is not a label matcher`);
    return `${m.label}${m.op}${quoteLabelValue(m.value)}`;
  });
  if (metric === null && parts.length === 0) throw new SelectorError('a selector needs a metric name or a matcher');
  return `${metric ?? ''}{${parts.join(',')}}`;
}

/** A regex (RE2) matching exactly these metric names; each name is validated, and such names hold no metacharacters. */
export function nameAlternation(names: readonly string[]): string {
  for (const name of names) if (!isMetricName(name)) throw new SelectorError(`${JSON.stringify(name)} is not a metric name`);
  return names.join('|');
}
