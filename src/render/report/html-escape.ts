/**
 * Everything on the page that comes from a repository or a dashboard (commit subjects, authors, file
 * and metric names, panel titles, ref names) is untrusted: it goes through these, never into markup
 * as it is.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. Control characters become U+FFFD. */
export function esc(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** An `href` only for http(s) URLs: a remote could name `javascript:` or a data URL. */
export function safeHref(url: string | null): string | null {
  return url !== null && /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : null;
}

/** At most `max` characters, cut at a character (not inside a surrogate pair) with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** An SVG or HTML number: integers stay integers, others get two decimals, so output is byte-stable. */
export function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
