/** Two independent 32-bit hashes of a string (FNV-1a and a MurmurHash2-style mix), unsigned. */
export function stringHashes(text: string): [number, number] {
  let x = 0x811c9dc5;
  let y = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    x = Math.imul(x ^ c, 0x01000193);
    y = Math.imul(y ^ c, 0x5bd1e995);
    y ^= y >>> 15;
  }
  return [x >>> 0, y >>> 0];
}
