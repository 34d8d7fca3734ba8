/** A piece of a `format!` string: literal text, or a `{}` placeholder naming its argument. */
export type FormatPiece =
  | { readonly kind: 'text'; readonly value: string }
  /** `{}` (next positional), `{0}`, `{name}`; only plain Display placeholders are accepted. */
  | { readonly kind: 'argument'; readonly position: number | null; readonly name: string | null };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits a format string into text and placeholders; null when a placeholder has a format spec
 * (`{:?}`, `{:>8}`, ...), whose output is not the argument's plain text.
 */
export function parseFormatString(format: string): FormatPiece[] | null {
  const pieces: FormatPiece[] = [];
  let text = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c === '}') {
      if (format[i + 1] !== '}') return null;
      text += '}';
      i++;
      continue;
    }
    if (c !== '{') {
      text += c;
      continue;
    }
    if (format[i + 1] === '{') {
      text += '{';
      i++;
      continue;
    }
    const end = format.indexOf('}', i);
    if (end === -1) return null;
    const inside = format.slice(i + 1, end).trim();
    const colon = inside.indexOf(':');
    if (colon !== -1 && colon !== inside.length - 1) return null;
    const target = colon === -1 ? inside : inside.slice(0, colon);
    if (text !== '') pieces.push({ kind: 'text', value: text });
    text = '';
    if (target === '') pieces.push({ kind: 'argument', position: null, name: null });
    else if (/^\d+$/.test(target)) pieces.push({ kind: 'argument', position: Number(target), name: null });
    else if (IDENTIFIER.test(target)) pieces.push({ kind: 'argument', position: null, name: target });
    else return null;
    i = end;
  }
  if (text !== '') pieces.push({ kind: 'text', value: text });
  return pieces;
}
