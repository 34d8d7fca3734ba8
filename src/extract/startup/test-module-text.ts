import { blankSpan, literalEnd } from '../syntax/rust-lexing.js';

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
    const end = LITERAL_STARTS.has(c) ? literalEnd(text, i) : -1;
    if (end === Infinity) return text;
    if (end !== -1) {
      i = end;
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
  const pieces: string[] = [];
  let at = 0;
  for (const [from, to] of blanked) {
    pieces.push(text.slice(at, from), blankSpan(text, from, to));
    at = to;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}
