import { terminalText } from './terminal-text.js';

/**
 * Text for a Markdown paragraph, list item or table cell: one line, controls escaped, and every
 * character that could start emphasis, code, a link (`[`), an HTML tag or autolink (`<`), or end a
 * table cell escaped. An underscore inside a word is literal in CommonMark, so `svc_errors_total` in a
 * help text stays readable.
 */
export function markdownText(text: string): string {
  return terminalText(text.replace(/\r?\n/g, ' '))
    .replace(/([\\`*[\]<>|~])/g, '\\$1')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/**
 * An inline code span that holds `text` whatever it contains: controls escaped, a fence longer than
 * any run of backticks inside, and `|` escaped (GitHub ends a table cell at a bare pipe even in code).
 * Markdown and HTML are never interpreted inside a code span.
 */
export function markdownCode(text: string): string {
  const body = terminalText(text).replace(/\|/g, '\\|');
  const longest = (body.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || body.startsWith(' ') || body.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A URL fit to be a Markdown link target: http(s) only, and none of the characters that could end the
 * link or open markup (spaces, quotes, brackets, parentheses, angle brackets, backslashes, controls).
 * null for anything else, so the caller prints no link.
 */
export function safeLinkUrl(url: string): string | null {
  return /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9\-._~!$&'*+,;=:@%/?#]*)?$/.test(url) && !/['*]/.test(url) ? url : null;
}
