export interface DecodedSource {
  readonly text: string;
  /** Byte offset of the first byte that is not valid UTF-8, or null. */
  readonly invalidAt: number | null;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x80 && byte <= 0xbf;
}

/** Offset of the first ill-formed UTF-8 sequence (overlong forms and surrogates included). */
export function firstInvalidByte(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (length > 1) {
      const second = bytes[i + 1];
      if (second === undefined || second < low || second > high) return i;
      for (let k = 2; k < length; k++) if (!isContinuation(bytes[i + k])) return i;
    }
    i += length;
  }
  return null;
}

/** Decodes a blob as UTF-8 (dropping a BOM, as rustc does); bad bytes become U+FFFD. */
export function decodeSource(source: Buffer | string): DecodedSource {
  if (typeof source === 'string') {
    return { text: source.startsWith('\uFEFF') ? source.slice(1) : source, invalidAt: null };
  }
  try {
    return { text: strict.decode(source), invalidAt: null };
  } catch {
    return { text: lenient.decode(source), invalidAt: firstInvalidByte(source) };
  }
}
