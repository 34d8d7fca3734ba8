import { codeOnly } from '../syntax/rust-lexing.js';

/**
 * `mod name` not followed by a `{` body: a module in another file (`r#name` too). Not only `mod x;`:
 * tree-sitter also reads a declaration cut short (`mod x` at the end, `mod x,`) as one.
 */
const FILE_MODULE = /(?<![A-Za-z0-9_])mod(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)+(?:r#)?[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])\s*(?![\s{])/g;
/** `mod` whose next `;` comes before any `{`: tree-sitter recovers odd declarations (`mod] x;`) as modules in other files. */
const LOOSE_FILE_MODULE = /(?<![A-Za-z0-9_])mod(?![A-Za-z0-9_])[^{;]*(?:;|$)/g;

/**
 * An attribute the extractor reads as making what follows test code (syntax/attributes.ts):
 * `cfg(test)` and `cfg(all(.., test, ..))`, outer or inner, and a test function's `#[test]`,
 * `#[tokio::test]`, `#[rstest]`, `#[test_case(..)]`, `#[quickcheck]`. Wider than the extractor where
 * text cannot tell (`all(any(test, x))`, an attribute inside a `macro_rules!`), never narrower. Not
 * `cfg(any(test, ..))`, `cfg(not(test))`, `cfg_attr(test, ..)` or `feature = "test.."`: code under
 * them also builds outside tests, and most files that declared a module after one were parsed for
 * nothing (on neon three quarters of the bytes parsed for a test-module declaration, on tikv nearly all).
 */
const TEST_ATTRIBUTE = new RegExp(
  String.raw`#\s*!?\s*\[\s*(?:cfg\s*\(\s*(?:test\s*\)|all\s*\((?:[^\]"]|"(?:[^"\\\n]|\\.)*")*?(?<![A-Za-z0-9_])test(?![A-Za-z0-9_]))|(?:::\s*)?(?:(?:r#)?[A-Za-z_][A-Za-z0-9_]*\s*::\s*)*(?:test|rstest|test_case|quickcheck)(?![A-Za-z0-9_]))`,
  'g',
);

/** Items that end with their `{ .. }` body (or a `;` before it): what follows that body is the next item. */
const ITEMS_ENDING_WITH_A_BODY = new Set(['fn', 'mod', 'impl', 'trait', 'struct', 'enum', 'union', 'macro_rules', 'extern']);
/** Words that may stand before an item's keyword (`pub(crate) const unsafe fn`). */
const QUALIFIERS = new Set(['pub', 'unsafe', 'async', 'default', 'auto', 'safe']);
/** After `const`, the words that make it a qualifier of a function rather than a constant item. */
const CONST_FUNCTION_WORDS = new Set(['fn', 'unsafe', 'async', 'extern']);

/**
 * The modules in other files a blob may declare as test code, by the name they take below the blob's
 * own module: `false` for none, `'any'` when the text cannot tell which. Such a declaration turns the
 * registrations under `<the blob's module>::<name>` into test code, and only those. For a declaration
 * inside an inline module (`#[cfg(test)] mod tests { mod helpers; }`) the name is the outermost inline
 * module's, and since the text cannot tell which one encloses it, every inline module of the blob is
 * named too. Never narrower than the extractor.
 */
export type TestModuleFiles = false | 'any' | readonly string[];

/**
 * `TestModuleFiles` of a blob: the modules in other files declared where the extractor may read them
 * as test code, that is inside the item that a test attribute applies to (the declaration itself, or
 * a module, function, impl or statement around it), or anywhere after an inner `#![cfg(test)]` in its
 * block. An outer attribute applies to the next item only: `#[cfg(test)] extern crate test;` followed
 * by `mod x;` declares an ordinary module (748 versions of tikv's files were parsed for that). Only
 * texts that show a module after a test attribute at all pay for the scan; one whose comments or
 * literals cannot be followed to the end answers `'any'`.
 */
export function testModuleFiles(text: string): TestModuleFiles {
  if (!moduleAfterTestAttribute(text)) return false;
  const code = codeOnly(text);
  if (code === null) return 'any';
  const modules = moduleStarts(code);
  if (modules.length === 0) return false;
  const last = modules[modules.length - 1] as number;
  const declared = new Set<number>();
  TEST_ATTRIBUTE.lastIndex = 0;
  for (let found = TEST_ATTRIBUTE.exec(code); found !== null && found.index < last; found = TEST_ATTRIBUTE.exec(code)) {
    const start = found.index;
    const end = testCodeEnd(code, start);
    for (const m of modules) if (m > start && m < end) declared.add(m);
  }
  if (declared.size === 0) return false;
  const names = new Set<string>();
  for (const at of declared) {
    const name = moduleNameAt(code, at);
    // A declaration tree-sitter recovers from odd text (`mod] x;`): its name is not read here.
    if (name === null) return 'any';
    names.add(name);
  }
  if (anyNested(code, declared)) for (const name of inlineModuleNames(code)) names.add(name);
  return [...names].sort();
}

/** The name of the file module whose `mod` keyword starts at `at`, when it reads as `mod name`. */
function moduleNameAt(code: string, at: number): string | null {
  FILE_MODULE.lastIndex = at;
  const found = FILE_MODULE.exec(code);
  if (found === null || found.index !== at) return null;
  return /(?:r#)?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(found[0])?.[1] ?? null;
}

/** Whether a bracket is open at any of the offsets (the code has no comments or literals left to confuse it). */
function anyNested(code: string, offsets: ReadonlySet<number>): boolean {
  const sorted = [...offsets].sort((a, b) => a - b);
  let depth = 0;
  let next = 0;
  for (let i = 0; next < sorted.length; i++) {
    if (i === sorted[next]) {
      if (depth > 0) return true;
      next++;
    }
    const c = code.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x29 || c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** `mod name {`, wherever it is (in a text, a comment or string only adds a module that is never entered). */
const INLINE_MODULE = /(?<![A-Za-z0-9_])mod\s+(?:r#)?([A-Za-z_][A-Za-z0-9_]*)\s*\{/g;

/** The names of the inline modules of a text or of its code (`codeOnly`), in order, as matched. */
export function inlineModuleNames(text: string): string[] {
  const names: string[] = [];
  INLINE_MODULE.lastIndex = 0;
  for (let found = INLINE_MODULE.exec(text); found !== null; found = INLINE_MODULE.exec(text)) names.push(found[1] as string);
  return names;
}

/** The cheap whole-text check: a module declaration anywhere after the first test attribute. */
function moduleAfterTestAttribute(text: string): boolean {
  TEST_ATTRIBUTE.lastIndex = 0;
  const attribute = TEST_ATTRIBUTE.exec(text);
  if (attribute === null) return false;
  FILE_MODULE.lastIndex = attribute.index;
  LOOSE_FILE_MODULE.lastIndex = attribute.index;
  return FILE_MODULE.test(text) || LOOSE_FILE_MODULE.test(text);
}

function moduleStarts(code: string): number[] {
  const starts = new Set<number>();
  for (const pattern of [FILE_MODULE, LOOSE_FILE_MODULE]) {
    pattern.lastIndex = 0;
    for (let found = pattern.exec(code); found !== null; found = pattern.exec(code)) {
      starts.add(found.index);
      // LOOSE_FILE_MODULE may match empty text at the end; never loop on it.
      pattern.lastIndex = Math.max(pattern.lastIndex, found.index + 1);
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * Where the code a test attribute at `start` marks ends (exclusive): the end of its block for an inner
 * attribute; otherwise the end of the item after it (and after any further attributes).
 */
function testCodeEnd(code: string, start: number): number {
  let at = start + 1;
  while (isSpace(code.charCodeAt(at))) at++;
  const inner = code[at] === '!';
  at = groupEnd(code, code.indexOf('[', at));
  if (inner) return blockEnd(code, at);
  for (;;) {
    at = skipSpace(code, at);
    if (code[at] !== '#') break;
    const open = skipSpace(code, at + 1);
    if (code[open] !== '[') break;
    at = groupEnd(code, open);
  }
  return itemEnd(code, at, endsWithBody(code, at));
}

/** Whether the item at `at` is one that ends with its body (`pub(crate) async fn f() {}`), by its leading words. */
function endsWithBody(code: string, at: number): boolean {
  for (;;) {
    at = skipSpace(code, at);
    const word = /^(?:r#)?[A-Za-z_][A-Za-z0-9_]*/.exec(code.slice(at, at + 40))?.[0];
    if (word === undefined) return false;
    at += word.length;
    if (word === 'pub') {
      const next = skipSpace(code, at);
      if (code[next] === '(') at = groupEnd(code, next);
      continue;
    }
    if (QUALIFIERS.has(word)) continue;
    if (word === 'const') {
      const next = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(code.slice(at, at + 40))?.[1];
      if (next !== undefined && CONST_FUNCTION_WORDS.has(next)) continue;
      return false;
    }
    return ITEMS_ENDING_WITH_A_BODY.has(word);
  }
}

/**
 * The end of the item at `at`: a `;` at its own depth, or the end of its block; for an item that ends
 * with its body, also a closing `}` at its own depth that is not followed by more of the same item
 * (`Foo<{ N }>` in a signature, `} else {`).
 */
function itemEnd(code: string, at: number, endsWithItsBody: boolean): number {
  let depth = 0;
  for (let i = at; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      depth--;
      if (depth < 0) return i;
      if (endsWithItsBody && depth === 0 && c === 0x7d && !continuesAfterBrace(code, i + 1)) return i + 1;
    } else if (c === 0x3b && depth === 0) return i + 1;
  }
  return code.length;
}

function continuesAfterBrace(code: string, at: number): boolean {
  const next = skipSpace(code, at);
  const c = code[next];
  if (c === undefined) return false;
  if ('>,)].+=?-*&|:'.includes(c)) return true;
  return /^(?:else|as|where)(?![A-Za-z0-9_])/.test(code.slice(next, next + 6));
}

/** The end of the block that holds `at` (or of the text). */
function blockEnd(code: string, at: number): number {
  let depth = 0;
  for (let i = at; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if ((c === 0x29 || c === 0x5d || c === 0x7d) && --depth < 0) return i;
  }
  return code.length;
}

/** Just after the bracket that closes the one opening at `open` (the text's end when none does). */
function groupEnd(code: string, open: number): number {
  if (open < 0) return code.length;
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if ((c === 0x29 || c === 0x5d || c === 0x7d) && --depth === 0) return i + 1;
  }
  return code.length;
}

function skipSpace(code: string, at: number): number {
  while (isSpace(code.charCodeAt(at))) at++;
  return at;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x0b;
}
