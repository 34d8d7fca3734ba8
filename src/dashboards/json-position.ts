/**
 * Where `JSON.parse` failed, as line and column. Node puts "at position N" in some messages but not all
 * ("Unexpected token '}', ... is not valid JSON" has none), so a small validator finds the rest.
 */

export interface JsonErrorLocation {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** Node's description without the position and the quoted input. */
  readonly reason: string;
}

export function locateJsonError(text: string, error: SyntaxError): JsonErrorLocation {
  const position = /at position (\d+)/.exec(error.message);
  const offset = position?.[1] !== undefined ? Number(position[1]) : (firstInvalidOffset(text) ?? text.length);
  const reason = error.message
    .replace(/, .*is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/\s+/g, ' ');
  return { offset, ...lineColumnAt(text, offset), reason };
}

/** 1-based line and column (in UTF-16 units, as editors count them) of `offset`. */
export function lineColumnAt(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class Invalid {
  constructor(readonly offset: number) {}
}

/** The offset of the first character that makes `text` invalid JSON, or `undefined` if it is valid. */
function firstInvalidOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw new Invalid(at);
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[at] !== ch) fail();
      at++;
    }
  };
  const string = (): void => {
    at++;
    for (;;) {
      const ch = text[at];
      if (ch === undefined || ch < ' ') fail();
      if (ch === '"') {
        at++;
        return;
      }
      if (ch === '\\') {
        at++;
        const esc = text[at];
        if (esc === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[at + k] ?? '')) fail();
          at += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) at++;
        else fail();
        continue;
      }
      at++;
    }
  };
  const number = (): void => {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = at;
    const found = m.exec(text);
    if (found === null || found[0] === '' || found[0] === '-') fail();
    at += (found as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const ch = text[at];
    if (ch === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        string();
        space();
        if (text[at] !== ':') fail();
        at++;
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return;
        }
        fail();
      }
    }
    if (ch === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return;
        }
        fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    number();
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Invalid) return error.offset;
    // Nesting deep enough to overflow the stack: no position rather than a crash.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
