import { isUtf8 } from 'node:buffer';

/**
 * git output as text without losing bytes: valid UTF-8 decodes as usual, and each byte of an invalid
 * sequence becomes the lone surrogate U+DC00 + byte (Python's `surrogateescape`, PEP 383). Two file
 * names that differ only in non-UTF-8 bytes stay two names (a plain UTF-8 decode turns both into
 * U+FFFD), JSON carries them as `\udcff` escapes, and text renderers show them as `\xff`.
 */
export function decodeExact(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let text = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += bytes.toString('utf8', runStart, i) + String.fromCharCode(0xdc00 + (bytes[i] ?? 0));
    i++;
    runStart = i;
  }
  return text + bytes.toString('utf8', runStart, i);
}

/** The length of the well-formed UTF-8 sequence starting at `i` (Unicode table 3-7), 0 if there is none. */
function validSequenceLength(bytes: Buffer, i: number): number {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [low, high] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [low, high] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** `decodeExact` over a stream: a sequence cut by a chunk boundary is held back for the next chunk. */
export class ExactDecoder {
  private pending: Buffer = Buffer.alloc(0);

  write(chunk: Buffer): string {
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = completeLength(bytes);
    this.pending = Buffer.from(bytes.subarray(cut));
    return decodeExact(bytes.subarray(0, cut));
  }

  end(): string {
    const rest = decodeExact(this.pending);
    this.pending = Buffer.alloc(0);
    return rest;
  }
}

/** Where a trailing, possibly incomplete multi-byte sequence starts (the whole length when there is none). */
function completeLength(bytes: Buffer): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > k ? bytes.length - k : bytes.length;
  }
  return bytes.length;
}
