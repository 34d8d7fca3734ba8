/** PromQL string literals: where one ends, and the value it holds. */

/** Whether the literal has its closing quote (an escaped quote does not close it). */
export function isTerminated(literal: string): boolean {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) return false;
  if (quote === '`') return true;
  let backslashes = 0;
  for (let i = literal.length - 2; i > 0 && literal[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** The value of a PromQL string literal, which follows Go's quoting rules. */
export function unquote(literal: string): string {
  const quote = literal[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') return literal;
  const body = literal.slice(1, isTerminated(literal) ? -1 : undefined);
  if (quote === '`' || !body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const hex = body.slice(i + 2, i + 2 + hexLength);
    if (hexLength > 0 && hex.length === hexLength && /^[0-9a-fA-F]+$/.test(hex)) {
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + hexLength;
      continue;
    }
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal)) {
      out += String.fromCharCode(parseInt(octal, 8));
      i += 3;
      continue;
    }
    out += next;
    i++;
  }
  return out;
}
