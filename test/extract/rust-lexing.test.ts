import { describe, expect, it } from 'vitest';
import { codeOnly, literalEnd } from '../../src/extract/syntax/rust-lexing.js';

describe('codeOnly', () => {
  it('turns comments and literals into spaces and keeps every offset and line break', () => {
    const text = 'let a = "x // y"; // mod z;\n/* mod /* n */ w; */ let c = \'{\';\nlet r = br#"mod q;"#; let l: &\'a str = s;\n';
    const code = codeOnly(text);
    expect(code).not.toBeNull();
    expect(code?.length).toBe(text.length);
    expect(code?.split('\n').map((line) => line.trimEnd())).toEqual(['let a =         ;', '                     let c =    ;', "let r = b           ; let l: &'a str = s;", '']);
  });

  it('returns the text as it is when it has no comment or literal, and null when one is not closed', () => {
    expect(codeOnly('fn f(a: u32) -> u32 { a / 2 }')).toBe('fn f(a: u32) -> u32 { a / 2 }');
    for (const text of ['let s = "open;', 'fn f() {} /* never closed', "let r = r#\"no end\";"]) expect(codeOnly(text)).toBeNull();
  });

  it('ends char literals, escapes and raw strings where Rust does', () => {
    expect(literalEnd("'\\''", 0)).toBe(4);
    expect(literalEnd("'\\u{1F600}' x", 0)).toBe(11);
    expect(literalEnd("'a: loop {}", 0)).toBe(-1);
    expect(literalEnd('r##"a "# b"## c', 0)).toBe(13);
    expect(literalEnd('"a\\"b" c', 0)).toBe(6);
    expect(literalEnd('x / y', 2)).toBe(-1);
  });
});
