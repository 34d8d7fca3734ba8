import { FOREIGN_MACROS } from '../macro-vocabulary.js';
import { CALL_METHOD_NAMES, CALL_PATH_NAMES, FACADE_MACROS, METRIC_TYPES, REGISTER_MACRO } from './registration-vocabulary.js';

/** Markers whose absence proves a blob registers no metric (every extraction path needs one). */
const METRIC_MARKERS = ['register', 'Opts', 'Counter', 'Gauge', 'Histogram', 'describe_', 'Registry'];

/** Lower-case macro names (`counter!`, `increment_gauge!`, ...), where whitespace may precede the `!`. */
const MACRO_MARKERS = ['counter', 'gauge', 'histogram'];

const CONSTANT_KEYWORDS = ['const', 'static', 'mod', 'use'];

/**
 * A marker, or a macro marker followed by `!` (whitespace may come between). One regular expression
 * scans a blob once; a search per marker scanned it ten times, and a history walk checks every blob.
 */
const METRIC_PATTERN = new RegExp(`${METRIC_MARKERS.join('|')}|(?:${MACRO_MARKERS.join('|')})[ \\t\\n\\r]*!`);

/** A constant keyword not followed by a name character (tree-sitter recovers from odd bytes after it, such as NUL). */
const CONSTANT_PATTERN = new RegExp(`(?:${CONSTANT_KEYWORDS.join('|')})(?![A-Za-z0-9_])`);


function isWhitespace(code: number | undefined): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isNameCode(code: number | undefined, first: boolean): boolean {
  if (code === undefined) return false;
  const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a;
  return letter || (!first && code >= 0x30 && code <= 0x39);
}

/** Whether the `(` at `open` follows `name!` for one of the foreign macros. */
function followsForeignMacro(bytes: Buffer, open: number): boolean {
  let at = open - 1;
  while (isWhitespace(bytes[at])) at--;
  if (bytes[at] !== 0x21) return false;
  const end = at;
  for (at--; at >= 0 && isNameCode(bytes[at], false); at--);
  return FOREIGN_MACROS.has(bytes.toString('latin1', at + 1, end));
}

/**
 * A string literal spelled like a metric name (or a `format!` template) right after `(` or `,`: an
 * argument that may name a metric. Over-approximates what the extractor records as possible wrapper
 * calls, whose call sites need not mention any registration marker. (A constant as the name needs a
 * `use` or `const` in the blob, or a lower-case path, so it is found by other checks or not at all.)
 */
function mightCallWithName(bytes: Buffer): boolean {
  for (let quote = bytes.indexOf(0x22); quote !== -1; quote = bytes.indexOf(0x22, quote + 1)) {
    let end = quote + 1;
    // `{` and `}`: a `format!` template such as "shard_{}_total".
    while (isNameCode(bytes[end], end === quote + 1) || bytes[end] === 0x7b || bytes[end] === 0x7d) end++;
    if (end === quote + 1 || bytes[end] !== 0x22) continue;
    // `r"x"` and `r#"x"#` count as well.
    let start = quote;
    while (bytes[start - 1] === 0x23) start--;
    if (bytes[start - 1] === 0x72 && !isNameCode(bytes[start - 2], false)) start--;
    let before = start - 1;
    while (isWhitespace(bytes[before])) before--;
    if (bytes[before] === 0x2c || (bytes[before] === 0x28 && !followsForeignMacro(bytes, before))) return true;
  }
  return false;
}

/** The word `str` (`&str`, `AsRef<str>`, not `struct`) or `String`: a parameter type that can carry a name. */
function mentionsStringType(text: string): boolean {
  if (text.includes('String')) return true;
  for (let at = text.indexOf('str'); at !== -1; at = text.indexOf('str', at + 3)) {
    if (!isNameCode(codeAt(text, at - 1), false) && !isNameCode(codeAt(text, at + 3), false)) return true;
  }
  return false;
}

function codeAt(text: string, index: number): number | undefined {
  return index >= 0 && index < text.length ? text.charCodeAt(index) : undefined;
}

/** `fn` with a string-typed parameter, which may pass a name on to a wrapper; or a `macro_rules!`. */
function mightForwardNames(text: string): boolean {
  if (text.includes('macro_rules')) return true;
  return mentionsStringType(text) && text.includes('fn ');
}

/*
 * The checks run on the blob read as latin1 (one character per byte, so offsets and ASCII codes are
 * the bytes'): string search in a string is much faster than Buffer.indexOf with a string needle,
 * which converts the needle on every call.
 */

/** Cheap byte check: false means `extractBlob` cannot find a registration, a wrapper or a wrapper call in this blob. */
export function mightDefineMetrics(bytes: Buffer, text = bytes.toString('latin1')): boolean {
  return METRIC_PATTERN.test(text) || mightCallWithName(bytes) || mightForwardNames(text);
}

/** Cheap byte check: false means the blob declares no `const`/`static`, `mod` or `use`. */
export function mightDefineConstants(bytes: Buffer, text = bytes.toString('latin1')): boolean {
  return CONSTANT_PATTERN.test(text);
}

/** Whether a blob is worth parsing at all: `mightDefineMetrics` or `mightDefineConstants` holds. */
export function worthParsing(bytes: Buffer, text = bytes.toString('latin1')): boolean {
  return prefilterVerdict(bytes, text) !== 'skip';
}

/**
 * Cheap text check: false means the blob registers nothing itself, so no function or macro of it is a
 * wrapper on its own, only one that calls a wrapper found elsewhere. Such a blob, when worth parsing
 * at all, holds constants, re-exports, module declarations (test modules in other files among them,
 * see `testModuleFiles`), call sites and forwarding functions: facts that matter to a tree
 * only when one of its registrations names something from another file, when it has a wrapper, or
 * when a parsed file sits in a module below the blob's own. The history's stored tip states record
 * which blobs this left unparsed: a change that makes it narrower must come with a new index format
 * (INDEX_FORMAT), so that no run trusts an older record.
 */
export function mightDefineOwnMetrics(text: string): boolean {
  return registersItself(text);
}

/**
 * Both checks of a history walk: `skip` (`worthParsing` is false), `defer` (worth parsing, but
 * `mightDefineOwnMetrics` is false) or `parse`.
 */
export function prefilterVerdict(bytes: Buffer, text = bytes.toString('latin1')): 'skip' | 'defer' | 'parse' {
  if (registersItself(text)) return 'parse';
  // The constant keywords first: nearly every blob has one near its top, and then none of the longer scans is needed.
  if (!CONSTANT_PATTERN.test(text) && !METRIC_PATTERN.test(text) && !mightCallWithName(bytes) && !mightForwardNames(text)) return 'skip';
  return 'defer';
}

/** `mightDefineMetrics` for decoded text, such as a macro's token tree. */
export function mightDefineMetricsText(text: string): boolean {
  return METRIC_PATTERN.test(text);
}

/** What may stand between two tokens: white space and comments. */
const GAP = String.raw`(?:\s|//[^\n]*\n|/\*[\s\S]*?\*/)*`;
const WORD_START = '(?<![A-Za-z0-9_])';

const FACADE_WORDS = Object.keys(FACADE_MACROS);
const TYPE_WORDS = Object.keys(METRIC_TYPES);
/** Calls that register by their name alone; `register` itself needs a look at its arguments (REGISTER_CALL). */
const CALL_WORDS = [...CALL_PATH_NAMES].filter((n) => n !== 'register');

/** `register_int_counter!(`, `counter!(`: a registration macro of either library, as a whole token. */
const REGISTRATION_MACRO = `${REGISTER_MACRO.source.slice(1, -1)}|${FACADE_WORDS.join('|')}`;

/**
 * Whole tokens that begin a registration the extractor reads: a registration macro followed by `!`,
 * a metric type followed by `::` or `<` (`IntCounter::new`, `GenericCounter::<AtomicU64>::new`), or a
 * call of a custom registry constructor. Substrings of other identifiers (`IndexerOpts`,
 * `RecordCounter`, `register_task`) do not count: real code is full of them.
 */
const OWN_REGISTRATION = new RegExp(`${WORD_START}(?:(?:${REGISTRATION_MACRO})${GAP}!|(?:${TYPE_WORDS.join('|')})${GAP}(?:::|<)|(?:${CALL_WORDS.join('|')})${GAP}\\()`);

/**
 * Parts of words, one of which every token OWN_REGISTRATION matches holds: the names REGISTER_MACRO
 * matches all hold `counter`, `gauge` or `histogram`, and any other word is its own part unless it
 * holds one of those. One search for them rules out most blobs faster than that pattern, which tries
 * its look-behind at every offset.
 */
export const OWN_REGISTRATION_PARTS: readonly string[] = (() => {
  const parts = ['ounter', 'auge', 'istogram'];
  for (const word of [...FACADE_WORDS, ...TYPE_WORDS, ...CALL_WORDS]) if (!parts.some((part) => word.includes(part))) parts.push(word);
  return parts;
})();
const MAY_REGISTER = new RegExp(OWN_REGISTRATION_PARTS.join('|'));

/** A `register` call (`registry.register(`, `prometheus::register(`, `register_with_unit(`), not a `fn register(` of the code's own. */
const REGISTER_CALL = new RegExp(`(?<!${WORD_START}fn\\s+)${WORD_START}(${[...new Set([...CALL_PATH_NAMES, ...CALL_METHOD_NAMES])].filter((n) => n.startsWith('register')).join('|')})${GAP}\\(`, 'g');

/** prometheus registers a boxed collector: `register(Box::new(x))` needs `Box::new` in the file. */
const BOX_NEW = new RegExp(`${WORD_START}Box${GAP}::${GAP}new${GAP}\\(`);

/**
 * The argument list of a one-argument prometheus `register(` opens with `Box::new(` (through any path,
 * `std::boxed::Box::new(`, or a turbofish): the only argument the extractor reads as a registration.
 * Real code is full of other `register(` calls (`router.register(id, mailbox)`) in files that box something else.
 */
const BOXED_ARGUMENT = new RegExp(`${GAP}(?:::${GAP})?(?:[A-Za-z_][A-Za-z0-9_]*${GAP}::${GAP})*Box${GAP}(?:::${GAP}<[^;{}()]*>${GAP})?::${GAP}new${GAP}\\(`, 'y');

/**
 * Whether the blob registers a metric itself, read from whole tokens: the precise check of a history
 * walk, which decides what must be parsed at once. Everything the extractor records as a
 * registration, a register call or a custom registry starts with one of these tokens.
 */
export function registersItself(text: string): boolean {
  if (MAY_REGISTER.test(text) && OWN_REGISTRATION.test(text)) return true;
  if (!text.includes('register')) return false;
  const boxed = BOX_NEW.test(text);
  REGISTER_CALL.lastIndex = 0;
  for (let match = REGISTER_CALL.exec(text); match !== null; match = REGISTER_CALL.exec(text)) {
    if (match[1] === 'register_with_unit') return true;
    BOXED_ARGUMENT.lastIndex = match.index + match[0].length;
    if (boxed && BOXED_ARGUMENT.test(text)) return true;
    // prometheus-client's `registry.register("name", "help", metric)` has three arguments.
    if (mayHaveThreeArguments(text, match.index + match[0].length)) return true;
  }
  return false;
}

/**
 * Whether the argument list opening before `from` may hold three arguments or more: a token at its
 * own depth after two commas (a trailing comma opens no argument). Anything this scan cannot follow
 * exactly (a char literal or lifetime, a comment, a raw string, a very long list) counts as yes.
 */
function mayHaveThreeArguments(text: string, from: number): boolean {
  let depth = 0;
  let commas = 0;
  const end = Math.min(text.length, from + 20_000);
  for (let at = from; at < end; at++) {
    const c = text.charCodeAt(at);
    if (depth === 0 && commas >= 2 && c !== 0x29 && !isWhitespace(c)) return true;
    if (c === 0x22) {
      if (text.charCodeAt(at - 1) === 0x23 || (text.charCodeAt(at - 1) === 0x72 && !isNameCode(text.charCodeAt(at - 2), false))) return true;
      for (at++; at < end && text.charCodeAt(at) !== 0x22; at++) if (text.charCodeAt(at) === 0x5c) at++;
    } else if (c === 0x27 || (c === 0x2f && (text.charCodeAt(at + 1) === 0x2f || text.charCodeAt(at + 1) === 0x2a))) return true;
    else if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      if (depth === 0) return false;
      depth--;
    } else if (c === 0x2c && depth === 0) commas++;
  }
  return true;
}
