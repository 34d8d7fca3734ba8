import { describe, expect, it } from 'vitest';
import { decodeRustChar, decodeRustString } from '../../src/extract/syntax/rust-string.js';

describe('decodeRustString', () => {
  it.each([
    ['plain', '"requests_total"', 'requests_total'],
    ['empty', '""', ''],
    ['newline escape', '"a\\nb"', 'a\nb'],
    ['carriage return and tab', '"a\\r\\tb"', 'a\r\tb'],
    ['backslash', '"a\\\\b"', 'a\\b'],
    ['nul', '"a\\0b"', 'a\0b'],
    ['quotes', '"\\\'\\""', '\'"'],
    ['hex escape', '"\\x41\\x7f"', 'A\x7f'],
    ['unicode escape', '"\\u{1F600}"', '😀'],
    ['unicode escape with underscores', '"\\u{1_F6_00}"', '😀'],
    ['short unicode escape', '"\\u{e9}"', 'é'],
    ['line continuation drops newline and indentation', '"a\\\n     b"', 'ab'],
    ['line continuation drops blank lines too', '"a\\\n\n\t  \n  b"', 'ab'],
    ['line continuation with CRLF', '"a\\\r\n  b"', 'ab'],
    ['literal newline kept', '"a\n  b"', 'a\n  b'],
    ['CRLF inside a literal is LF', '"a\r\nb"', 'a\nb'],
    ['non-ASCII text', '"Grüße"', 'Grüße'],
    ['raw string', 'r"C:\\path\\n"', 'C:\\path\\n'],
    ['raw string with one hash', 'r#"say "hi""#', 'say "hi"'],
    ['raw string with many hashes', 'r###"a "## b"###', 'a "## b'],
    ['raw string keeps a newline', 'r"a\nb"', 'a\nb'],
  ])('%s', (_name, literal, value) => {
    expect(decodeRustString(literal)).toEqual({ ok: true, value });
  });

  it.each([
    ['byte string', 'b"abc"'],
    ['raw byte string', 'br"abc"'],
    ['C string', 'c"abc"'],
    ['unknown escape', '"\\q"'],
    ['hex escape above 0x7F', '"\\x80"'],
    ['short hex escape', '"\\x4"'],
    ['unicode escape without braces', '"\\u1234"'],
    ['empty unicode escape', '"\\u{}"'],
    ['too long unicode escape', '"\\u{1234567}"'],
    ['surrogate', '"\\u{D800}"'],
    ['above the Unicode range', '"\\u{110000}"'],
    ['leading underscore in unicode escape', '"\\u{_41}"'],
    ['unterminated', '"abc'],
    ['mismatched raw hashes', 'r#"abc"'],
    ['bare carriage return', '"a\rb"'],
    ['not a literal', 'name'],
  ])('refuses %s', (_name, literal) => {
    expect(decodeRustString(literal).ok).toBe(false);
  });
});

describe('decodeRustChar', () => {
  it.each([
    ["'a'", 'a'],
    ["'\\n'", '\n'],
    ["'\\''", "'"],
    ["'\\u{1F600}'", '😀'],
    ["'é'", 'é'],
  ])('%s', (literal, value) => {
    expect(decodeRustChar(literal)).toEqual({ ok: true, value });
  });

  it.each([["b'a'"], ["'ab'"], ["''"]])('refuses %s', (literal) => {
    expect(decodeRustChar(literal).ok).toBe(false);
  });
});
