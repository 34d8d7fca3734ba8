/** Syntax errors of a PromQL query as the user reads them: at offsets of the query as written. */
import { restoreVariables, type TemplateSubstitution } from './template-vars.js';

export interface PromqlSyntaxError {
  /** Offset in the original query (before template substitution). */
  readonly offset: number;
  readonly message: string;
}

export function describeError(text: string, from: number, to: number, substitution: TemplateSubstitution): string {
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

/** One error per offset, in order of offset. */
export function dedupeErrors(errors: readonly PromqlSyntaxError[]): PromqlSyntaxError[] {
  const seen = new Set<number>();
  return [...errors]
    .sort((a, b) => a.offset - b.offset)
    .filter((e) => {
      if (seen.has(e.offset)) return false;
      seen.add(e.offset);
      return true;
    });
}
