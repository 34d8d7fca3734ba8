export type DecodedString =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: string };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '0': '\0',
  "'": "'",
  '"': '"',
};

const HEX_DIGIT = /^[0-9a-fA-F]$/;

function fail(reason: string): DecodedString {
  return { ok: false, reason };
}

function isSkippedWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/** Applies rustc's escape rules to the body of a (non-raw) string or char literal. */
function unescape(body: string): DecodedString {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const char = body[i] as string;
    if (char === '\r') return fail('a bare carriage return in a string literal');
    if (char !== '\\') {
      out += char;
      i++;
      continue;
    }
    const escape = body[i + 1];
    if (escape === undefined) return fail('a string literal ending in a backslash');
    const simple = SIMPLE_ESCAPES[escape];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (escape === 'x') {
      const digits = body.slice(i + 2, i + 4);
      if (digits.length !== 2 || ![...digits].every((d) => HEX_DIGIT.test(d))) {
        return fail('a malformed \\x escape');
      }
      const value = parseInt(digits, 16);
      if (value > 0x7f) return fail('a \\x escape above \\x7F in a str');
      out += String.fromCharCode(value);
      i += 4;
    } else if (escape === 'u') {
      if (body[i + 2] !== '{') return fail('a \\u escape without braces');
      const close = body.indexOf('}', i + 3);
      if (close === -1) return fail('an unterminated \\u escape');
      const inner = body.slice(i + 3, close);
      const digits = inner.replace(/_/g, '');
      if (
        inner.startsWith('_') ||
        digits.length === 0 ||
        digits.length > 6 ||
        ![...digits].every((d) => HEX_DIGIT.test(d))
      ) {
        return fail('a malformed \\u escape');
      }
      const value = parseInt(digits, 16);
      if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
        return fail('a \\u escape that is not a Unicode scalar value');
      }
      out += String.fromCodePoint(value);
      i = close + 1;
    } else if (escape === '\n') {
      // A line continuation drops the newline and every space, tab and newline after it.
      i += 2;
      while (isSkippedWhitespace(body[i])) i++;
    } else {
      return fail(`an unknown escape \\${escape}`);
    }
  }
  return { ok: true, value: out };
}

/**
 * Decodes a Rust string literal as rustc does: `"..."` with escapes and line continuations,
 * `r"..."` / `r#"..."#` verbatim. Byte and C strings are not `&str` and are refused.
 */
export function decodeRustString(literal: string): DecodedString {
  // rustc normalises CRLF line endings to LF before lexing.
  const text = literal.replace(/\r\n/g, '\n');
  if (text.startsWith('b')) return fail('a byte string, not a str');
  if (text.startsWith('c')) return fail('a C string, not a str');
  if (text.startsWith('r')) {
    let hashes = 0;
    while (text[1 + hashes] === '#') hashes++;
    const open = 1 + hashes;
    const closing = `"${'#'.repeat(hashes)}`;
    if (text[open] !== '"' || text.length < open + 1 + closing.length || !text.endsWith(closing)) {
      return fail('a malformed raw string literal');
    }
    const value = text.slice(open + 1, text.length - closing.length);
    if (value.includes('\r')) return fail('a bare carriage return in a string literal');
    return { ok: true, value };
  }
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
    return fail('not a string literal');
  }
  return unescape(text.slice(1, -1));
}

/** Decodes a Rust `char` literal (`'a'`, `'\n'`, `'\u{1F600}'`); byte chars are refused. */
export function decodeRustChar(literal: string): DecodedString {
  if (literal.startsWith('b')) return fail('a byte literal, not a char');
  if (literal.length < 3 || !literal.startsWith("'") || !literal.endsWith("'")) {
    return fail('not a char literal');
  }
  const decoded = unescape(literal.slice(1, -1));
  if (decoded.ok && [...decoded.value].length !== 1) return fail('not a single char');
  return decoded;
}
