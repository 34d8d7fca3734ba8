/**
 * `#[cfg(test)] mod name { .. }` header, tried at code positions only: an attribute naming `test`
 * (alone or in `all(..)`), other attributes, a visibility, then `mod` and the opening brace.
 */
const TEST_MODULE_HEADER = /#\[\s*cfg\s*\(\s*(test|all\s*\(([^()\]]*)\))\s*\)\s*\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\s*\([^()]*\))?\s+)?mod\s+[A-Za-z_][A-Za-z0-9_]*\s*\{/y;

const MAY_HAVE_TEST_MODULE = /#\[\s*cfg\s*\(\s*(?:test|all)\b/;

/** Where the scan must look: braces, attributes, and what may open a comment, a string or a char literal. */
const INTERESTING = /[/"'#{}]|r#*"/;

/** Characters that may open a comment, a string or a char literal. */
const LITERAL_STARTS = new Set([0x2f, 0x22, 0x72, 0x27]);

function namesTest(match: RegExpExecArray): boolean {
  if (match[1] === 'test') return true;
  return (match[2] ?? '').split(',').some((part) => part.trim() === 'test');
}

function isIdentifierChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code > 0x7f;
}

/** Where a comment, string or char literal starting at `i` ends (exclusive), or -1 when none starts there, or Infinity when the file ends inside it. */
function skipLiteral(text: string, i: number): number {
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
 * The text with the insides of its `#[cfg(test)] mod .. { }` blocks turned into spaces (line breaks
 * kept, so every offset and line stays where it was). Test code never runs in the service, and it is
 * about a quarter of a typical crate's bytes: not parsing it makes start-up extraction that much cheaper.
 * A file the scan cannot follow to its end (an unclosed string or comment) comes back unchanged.
 */
export function withoutTestModules(text: string): string {
  if (!MAY_HAVE_TEST_MODULE.test(text)) return text;
  const blanked: [number, number][] = [];
  let depth = 0;
  let blankFrom = -1;
  let blankDepth = 0;
  const interesting = new RegExp(INTERESTING.source, 'g');
  for (let i = 0; i < text.length; ) {
    interesting.lastIndex = i;
    const found = interesting.exec(text);
    if (found === null) break;
    i = found.index;
    const c = text.charCodeAt(i);
    const literalEnd = LITERAL_STARTS.has(c) ? skipLiteral(text, i) : -1;
    if (literalEnd === Infinity) return text;
    if (literalEnd !== -1) {
      i = literalEnd;
      continue;
    }
    if (c === 0x23 && blankFrom === -1) {
      TEST_MODULE_HEADER.lastIndex = i;
      const match = TEST_MODULE_HEADER.exec(text);
      if (match !== null && namesTest(match)) {
        i = TEST_MODULE_HEADER.lastIndex;
        depth++;
        blankFrom = i;
        blankDepth = depth;
        continue;
      }
    }
    if (c === 0x7b) depth++;
    else if (c === 0x7d) {
      if (blankFrom !== -1 && depth === blankDepth) {
        blanked.push([blankFrom, i]);
        blankFrom = -1;
      }
      depth--;
    }
    i++;
  }
  if (blanked.length === 0 || blankFrom !== -1) return text;
  let out = '';
  let at = 0;
  for (const [from, to] of blanked) {
    out += text.slice(at, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ');
    at = to;
  }
  return out + text.slice(at);
}
