/**
 * Grafana template variables replaced by harmless stand-ins so a panel query parses as PromQL.
 * Nothing is executed or looked up: the stand-ins only have to keep the syntax valid.
 */

/** Where a variable sits in the query, which decides its stand-in. */
export type TemplateVariableContext =
  /** Inside `[...]`, after `offset`: replaced by a duration. */
  | 'duration'
  /** After `@`, or a numeric built-in such as `$__range_s` in an expression: replaced by a number. */
  | 'number'
  /** In `by (...)`, `on (...)` and friends, or as a matcher's label name: replaced by a placeholder label. */
  | 'label'
  /** Inside a string literal: left as written (strings parse whatever they hold). */
  | 'string'
  /** Where a metric name or a whole sub-expression goes: replaced by a placeholder identifier. */
  | 'expression';

export interface TemplateVariableUse {
  readonly name: string;
  /** The variable as written: `$job`, `${job:regex}`, `[[job]]`. */
  readonly text: string;
  /** Offset in the original query. */
  readonly offset: number;
  readonly context: TemplateVariableContext;
  readonly builtin: boolean;
}

/** One replaced span: `from`/`to` in the original query, `outFrom`/`outTo` in the substituted one. */
export interface SubstitutedSpan {
  readonly from: number;
  readonly to: number;
  readonly outFrom: number;
  readonly outTo: number;
  readonly original: string;
  readonly replacement: string;
}

export interface TemplateSubstitution {
  readonly original: string;
  /** The query with every variable outside string literals replaced. */
  readonly text: string;
  readonly variables: readonly TemplateVariableUse[];
  readonly spans: readonly SubstitutedSpan[];
}

const DURATION_BUILTINS = new Set(['__interval', '__rate_interval', '__range', '__auto']);
const NUMBER_BUILTINS = new Set([
  '__interval_ms',
  '__rate_interval_ms',
  '__range_s',
  '__range_ms',
  '__from',
  '__to',
]);
const OTHER_BUILTINS = new Set(['__dashboard', '__org', '__user', '__timezone', '__name', '__all']);

const GROUPING_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

const PLACEHOLDER_PREFIX = '__grafana_var_';
const PLACEHOLDER = /__grafana_var_(\d+)__/g;

/** The same syntax Grafana's template service recognises: `$name`, `[[name:format]]`, `${name.path:format}`. */
const VARIABLE_AT = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.[^:^}]+)?(?::[^}]+)?\}/y;
const VARIABLE_ANYWHERE = new RegExp(VARIABLE_AT.source, 'g');

function isBuiltin(name: string): boolean {
  return DURATION_BUILTINS.has(name) || NUMBER_BUILTINS.has(name) || OTHER_BUILTINS.has(name);
}

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_:]/.test(ch);
}

/** The variable starting at `at`, if any. */
function variableAt(text: string, at: number): { name: string; text: string } | undefined {
  VARIABLE_AT.lastIndex = at;
  const m = VARIABLE_AT.exec(text);
  if (m === null) return undefined;
  const name = m[1] ?? m[2] ?? m[4];
  return name === undefined ? undefined : { name, text: m[0] };
}

type Frame = 'range' | 'matchers' | 'grouping' | 'paren';

/** Replaces Grafana variables so that the query parses; variables inside strings are only recorded. */
export function substituteTemplateVariables(query: string): TemplateSubstitution {
  if (!query.includes('$') && !query.includes('[[')) {
    return { original: query, text: query, variables: [], spans: [] };
  }
  const variables: TemplateVariableUse[] = [];
  const spans: SubstitutedSpan[] = [];
  const stack: Frame[] = [];
  let out = '';
  let lastWord = '';
  let lastSignificant = '';
  let i = 0;

  while (i < query.length) {
    const ch = query[i] as string;

    if (ch === '"' || ch === "'" || ch === '`') {
      const end = stringEnd(query, i);
      const literal = query.slice(i, end);
      for (const m of literal.matchAll(VARIABLE_ANYWHERE)) {
        const name = m[1] ?? m[2] ?? m[4] ?? '';
        // `$1` in label_replace replacements and regexes is a capture group, not a variable.
        if (/^\d+$/.test(name)) continue;
        variables.push({ name, text: m[0], offset: i + (m.index ?? 0), context: 'string', builtin: isBuiltin(name) });
      }
      out += literal;
      i = end;
      lastSignificant = ch;
      lastWord = '';
      continue;
    }
    if (ch === '#') {
      const nl = query.indexOf('\n', i);
      const end = nl === -1 ? query.length : nl;
      out += query.slice(i, end);
      i = end;
      continue;
    }

    const variable = ch === '$' || (ch === '[' && query[i + 1] === '[') ? variableAt(query, i) : undefined;
    if (variable !== undefined) {
      const end = i + variable.text.length;
      const context = contextOf(variable.name, stack, lastWord, lastSignificant, query[i - 1], query[end]);
      const replacement = standIn(context, variables.length, query[end]);
      variables.push({ name: variable.name, text: variable.text, offset: i, context, builtin: isBuiltin(variable.name) });
      spans.push({
        from: i,
        to: end,
        outFrom: out.length,
        outTo: out.length + replacement.length,
        original: variable.text,
        replacement,
      });
      out += replacement;
      i = end;
      lastSignificant = 'x';
      lastWord = '';
      continue;
    }

    if (/[A-Za-z_]/.test(ch)) {
      let end = i + 1;
      while (end < query.length && /[A-Za-z0-9_]/.test(query[end] as string)) end++;
      lastWord = query.slice(i, end).toLowerCase();
      lastSignificant = 'x';
      out += query.slice(i, end);
      i = end;
      continue;
    }

    if (ch === '[') stack.push('range');
    else if (ch === '{') stack.push('matchers');
    else if (ch === '(') stack.push(GROUPING_KEYWORDS.has(lastWord) ? 'grouping' : 'paren');
    else if (ch === ']' || ch === '}' || ch === ')') stack.pop();
    if (!/\s/.test(ch)) {
      lastSignificant = ch;
      lastWord = '';
    }
    out += ch;
    i++;
  }
  return { original: query, text: out, variables, spans };
}

/** Index just past the string literal opening at `start` (or the end of the line if it never closes). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === quote) return i + 1;
    if (quote !== '`' && ch === '\n') return i;
    i += quote !== '`' && ch === '\\' ? 2 : 1;
  }
  return text.length;
}

function contextOf(
  name: string,
  stack: readonly Frame[],
  lastWord: string,
  lastSignificant: string,
  before: string | undefined,
  after: string | undefined,
): TemplateVariableContext {
  const frame = stack[stack.length - 1];
  if (frame === 'range' || lastWord === 'offset') return 'duration';
  if (lastSignificant === '@') return 'number';
  if (frame === 'grouping') return 'label';
  if (frame === 'matchers') return 'label';
  const glued = isIdentifierChar(before) || isIdentifierChar(after);
  if (!glued && DURATION_BUILTINS.has(name)) return 'duration';
  if (!glued && NUMBER_BUILTINS.has(name)) return 'number';
  return 'expression';
}

function standIn(context: TemplateVariableContext, index: number, after: string | undefined): string {
  switch (context) {
    case 'duration':
      // `[${x}s]` already carries its unit.
      return after !== undefined && /[a-z]/i.test(after) ? '5' : '5m';
    case 'number':
      return '1';
    default:
      return placeholderFor(index);
  }
}

function placeholderFor(index: number): string {
  return `${PLACEHOLDER_PREFIX}${index}__`;
}

/** Whether a parsed name or label contains a variable stand-in. */
export function hasPlaceholder(text: string): boolean {
  return text.includes(PLACEHOLDER_PREFIX);
}

/** Whether `text` is nothing but one variable stand-in, such as `$threshold` alone. */
export function isWholePlaceholder(text: string): boolean {
  return /^__grafana_var_\d+__$/.test(text);
}

/**
 * Puts the variables back into a name taken from the substituted query:
 * `__grafana_var_0___total` → `${metric}_total`, with the names of the variables involved.
 */
export function restoreVariables(
  text: string,
  substitution: TemplateSubstitution,
): { readonly text: string; readonly variables: readonly string[] } {
  const names: string[] = [];
  const restored = text.replace(PLACEHOLDER, (whole, index: string) => {
    const use = substitution.variables[Number(index)];
    if (use === undefined) return whole;
    if (!names.includes(use.name)) names.push(use.name);
    return use.text;
  });
  return { text: restored, variables: names };
}

/** Names of the Grafana variables written in `text` (e.g. a label value), ignoring `$1`-style capture groups. */
export function variableNamesIn(text: string): readonly string[] {
  const names: string[] = [];
  for (const m of text.matchAll(VARIABLE_ANYWHERE)) {
    const name = m[1] ?? m[2] ?? m[4] ?? '';
    if (!/^\d+$/.test(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** A regex matching whatever `text` could become once its variables take any non-empty value. */
export function variableTemplateRegex(text: string, alreadyRegex: boolean): string {
  let result = '';
  let last = 0;
  for (const m of text.matchAll(VARIABLE_ANYWHERE)) {
    const name = m[1] ?? m[2] ?? m[4] ?? '';
    if (/^\d+$/.test(name)) continue;
    const index = m.index ?? 0;
    const literal = text.slice(last, index);
    result += alreadyRegex ? literal : escapeRegex(literal);
    result += '.+';
    last = index + m[0].length;
  }
  const tail = text.slice(last);
  result += alreadyRegex ? tail : escapeRegex(tail);
  return `^(?:${result})$`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Maps an offset in the substituted text back to the original query. */
export function originalOffset(substitution: TemplateSubstitution, offset: number): number {
  let delta = 0;
  for (const span of substitution.spans) {
    if (offset < span.outFrom) break;
    if (offset < span.outTo) return span.from;
    delta = span.to - span.outTo;
  }
  return offset + delta;
}
