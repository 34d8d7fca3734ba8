/**
 * Just enough of Rust's lexer to tell code from comments and literals: line and nested block
 * comments, strings and byte strings with escapes, raw strings with hashes, chars (and lifetimes,
 * which are not chars). Text scans use it to look at code positions only.
 */

/** What may open a comment, a string or a char literal. */
const LITERAL_OPENER = /[/"']|r#*"/;

function isIdentifierChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code > 0x7f;
}

/**
 * Where a comment, string or char literal starting at `i` ends (exclusive), -1 when none starts
 * there (a lifetime, a lone `/`), or Infinity when the text ends inside it.
 */
export function literalEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (c === 0x2f && next === 0x2f) {
    const end = text.indexOf('\n', i);
    return end === -1 ? text.length : end;
  }
  if (c === 0x2f && next === 0x2a) {
    let depth = 0;
    for (let j = i; j < text.length - 1; j++) {
      const a = text.charCodeAt(j);
      const b = text.charCodeAt(j + 1);
      if (a === 0x2f && b === 0x2a) {
        depth++;
        j++;
      } else if (a === 0x2a && b === 0x2f) {
        depth--;
        j++;
        if (depth === 0) return j + 1;
      }
    }
    return Infinity;
  }
  if (c === 0x22) {
    for (let j = i + 1; j < text.length; j++) {
      const a = text.charCodeAt(j);
      if (a === 0x5c) j++;
      else if (a === 0x22) return j + 1;
    }
    return Infinity;
  }
  if (c === 0x72 && (!isIdentifierChar(text.charCodeAt(i - 1)) || ((text[i - 1] === 'b' || text[i - 1] === 'c') && !isIdentifierChar(text.charCodeAt(i - 2))))) {
    // r"..", r#".."#, br".." and cr"..": no escapes, closed by a quote and as many hashes.
    let j = i + 1;
    while (text.charCodeAt(j) === 0x23) j++;
    if (text.charCodeAt(j) !== 0x22) return -1;
    const closer = `"${'#'.repeat(j - i - 1)}`;
    const end = text.indexOf(closer, j + 1);
    return end === -1 ? Infinity : end + closer.length;
  }
  if (c === 0x27) {
    // A char literal ('x', '\n', '\u{..}', a surrogate pair); otherwise a lifetime or label.
    if (next === 0x5c) {
      const end = text.indexOf("'", i + 3);
      return end === -1 ? Infinity : end + 1;
    }
    if (text.charCodeAt(i + 2) === 0x27) return i + 3;
    if (next >= 0xd800 && next <= 0xdbff && text.charCodeAt(i + 3) === 0x27) return i + 4;
    return -1;
  }
  return -1;
}

/**
 * The text with every comment and string or char literal turned into spaces (line breaks kept, so
 * offsets and lines stay); null when one of them is not closed before the text ends.
 */
export function codeOnly(text: string): string | null {
  const pieces: string[] = [];
  let at = 0;
  const opener = new RegExp(LITERAL_OPENER.source, 'g');
  for (let found = opener.exec(text); found !== null; found = opener.exec(text)) {
    const end = literalEnd(text, found.index);
    if (end === Infinity) return null;
    if (end === -1) {
      // A lifetime, a division, or an `r` ending an identifier: look again just after it.
      opener.lastIndex = found.index + 1;
      continue;
    }
    pieces.push(text.slice(at, found.index), blankSpan(text, found.index, end));
    at = end;
    opener.lastIndex = end;
  }
  if (at === 0) return text;
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** Spaces as long as `text[start, end)`, with its line breaks kept. */
export function blankSpan(text: string, start: number, end: number): string {
  const chunk = text.slice(start, end);
  return LINE_BREAK.test(chunk) ? chunk.replace(/[^\r\n]/g, ' ') : ' '.repeat(end - start);
}

const LINE_BREAK = /[\r\n]/;
