import { describe, expect, it } from 'vitest';
import { withoutTestModules } from '../../src/extract/startup/test-module-text.js';
import { extractStartupFacts } from '../../src/extract/startup/extract-startup-facts.js';

/** Where each line break sits: blanking must keep every one of them. */
function breaks(text: string): number[] {
  return [...text].flatMap((c, i) => (c === '\n' ? [i] : []));
}

describe('withoutTestModules', () => {
  it('blanks the inside of a #[cfg(test)] module and keeps every offset and line', () => {
    const text = 'fn a() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn t() { a(); }\n}\nfn b() {}\n';
    const out = withoutTestModules(text);
    expect(out.length).toBe(text.length);
    expect(breaks(out)).toEqual(breaks(text));
    expect(out).toBe('fn a() {}\n#[cfg(test)]\nmod tests {\n                 \n           \n                   \n}\nfn b() {}\n');
  });

  it('reads braces inside strings, raw strings, chars and comments as text, not as code', () => {
    const body = [
      '  const S: &str = "}\\"}";',
      '  const R: &str = r#"} " }"#;',
      '  const B: &[u8] = br"}";',
      "  const C: char = '}';",
      "  const E: char = '\\'';",
      "  fn l<'a>(x: &'a str) -> &'a str { x }",
      '  // }',
      '  /* } /* } */ } */',
    ].join('\n');
    const text = `#[cfg(test)]\npub(crate) mod tests {\n${body}\n}\nfn after() { X.inc(); }\n`;
    const out = withoutTestModules(text);
    expect(out.endsWith('}\nfn after() { X.inc(); }\n')).toBe(true);
    expect(out.slice(out.indexOf('{') + 1, out.lastIndexOf('}\nfn after')).trim()).toBe('');
  });

  it('knows cfg(all(test, ..)) and other attributes between the cfg and the mod', () => {
    const text = '#[cfg(all(test, feature = "x"))]\n#[allow(unused)]\nmod t { fn f() {} }\n#[cfg(all(feature = "test"))]\nmod u { fn g() {} }\n';
    expect(withoutTestModules(text)).toBe(text.replace('{ fn f() {} }', `{${' '.repeat(11)}}`));
  });

  it('leaves modules that are not for tests, a header inside a comment or string, and an out-of-line module alone', () => {
    const texts = [
      '#[cfg(feature = "test")]\nmod a { fn f() {} }\n',
      '/// ```\n/// #[cfg(test)] mod x { }\n/// ```\nfn f() { Y.inc(); }\n',
      'const DOC: &str = "#[cfg(test)] mod x {";\nfn f() { Y.inc(); }\n',
      '#[cfg(test)]\nmod tests;\nfn f() { Y.inc(); }\n',
    ];
    for (const text of texts) expect(withoutTestModules(text)).toBe(text);
  });

  it('returns a file it cannot follow to the end unchanged', () => {
    for (const text of ['#[cfg(test)]\nmod t {\n  fn f() {}\n', '#[cfg(test)]\nmod t { const S: &str = "}\n', '#[cfg(test)]\nmod t { /* } \n']) {
      expect(withoutTestModules(text)).toBe(text);
    }
  });

  it('blanks nested test modules once, from the outermost', () => {
    const text = '#[cfg(test)]\nmod a {\n  #[cfg(test)]\n  mod b { fn f() {} }\n}\nfn g() {}\n';
    const out = withoutTestModules(text);
    expect(out).toBe(`#[cfg(test)]\nmod a {\n${' '.repeat(14)}\n${' '.repeat(21)}\n}\nfn g() {}\n`);
  });
});

describe('start-up facts of test code', () => {
  it('records test functions without their calls and touches, and nothing declared inside them or in test-only impls and modules', () => {
    const text = [
      'fn serve() { SERVED.inc(); }',
      '#[test]',
      'fn t() { fn nested() { X.inc(); } helper(); Y.inc(); }',
      '#[cfg(test)]',
      'impl Server { fn only_in_tests(&self) { Z.inc(); } }',
      '#[cfg(test)]',
      'mod tests { fn in_tests() { W.inc(); } }',
    ].join('\n');
    const facts = extractStartupFacts(text, 'src/lib.rs');
    expect(facts.functions.map((f) => [f.name, f.test, f.calls.length, f.statics.map((s) => s.path.join('::'))])).toEqual([
      ['serve', false, 1, ['SERVED']],
      ['t', true, 0, []],
    ]);
    expect(facts.modules).toEqual([{ scope: [], name: 'tests' }]);
  });
});
