/**
 * Text from the repository (commit subjects, file names, help strings, ref names) and from dashboards
 * and scrapes is data: it must never drive the terminal. Control characters (ESC, which starts colour,
 * clear-screen and OSC-8 hyperlink sequences; CR, which overwrites a line; newlines, which fake lines),
 * C1 controls, bidirectional overrides and lone surrogates are shown as visible escapes instead.
 */

// C0 and C1 controls, DEL, the bidi embedding/override/isolate controls, line and paragraph separators,
// and surrogates without their pair (non-UTF-8 bytes of file names, see git/exact-text.ts).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** What the program itself writes: bold (`ESC[1m` … `ESC[22m`) in table headings. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[[0-9;]*m/y;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  // A byte that is not UTF-8, kept exactly by git/exact-text.ts: shown as git quotes it.
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text for the terminal: every control character (newlines too) as a visible escape. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Like `terminalText`, but the newlines stay: for cells and blocks whose lines the program chose. */
export function terminalLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escapeChar);
}

/**
 * The last line of defence, for whole output as written: escapes what `terminalLines` escapes except
 * the program's own bold sequences, and, on a terminal's stderr, a progress line's leading CR and
 * trailing erase-line. JSON is left meaning the same: it holds no raw C0 control or lone surrogate,
 * and a raw DEL or C1 control in a JSON string becomes a `\u00XX` escape of itself.
 */
export function guardOutput(text: string, progress = false): string {
  if (!hasUnsafe(text)) return text;
  let body = text;
  let prefix = '';
  let suffix = '';
  if (progress) {
    if (body.startsWith('\r')) [prefix, body] = ['\r', body.slice(1)];
    if (body.endsWith('\u001b[K')) [body, suffix] = [body.slice(0, -3), '\u001b[K'];
  }
  let out = '';
  let last = 0;
  UNSAFE_BUT_NEWLINE.lastIndex = 0;
  for (let match = UNSAFE_BUT_NEWLINE.exec(body); match !== null; match = UNSAFE_BUT_NEWLINE.exec(body)) {
    const at = match.index;
    if (match[0] === '\u001b') {
      OWN_SGR.lastIndex = at;
      if (OWN_SGR.test(body)) continue;
    }
    out += body.slice(last, at) + escapeChar(match[0]);
    last = at + match[0].length;
  }
  return prefix + out + body.slice(last) + suffix;
}

function hasUnsafe(text: string): boolean {
  UNSAFE_BUT_NEWLINE.lastIndex = 0;
  return UNSAFE_BUT_NEWLINE.test(text);
}
