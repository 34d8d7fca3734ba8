/** Markers whose absence proves a blob registers no metric (every extraction path needs one). */
const METRIC_MARKERS = ['register', 'Opts', 'Counter', 'Gauge', 'Histogram', 'describe_', 'Registry'];

/** Lower-case macro names (`counter!`, `increment_gauge!`, ...), where whitespace may precede the `!`. */
const MACRO_MARKERS = ['counter', 'gauge', 'histogram'];

const CONSTANT_KEYWORDS = ['const', 'static', 'mod', 'use'];

interface Haystack {
  indexOf(marker: string, from: number): number;
  /** The ASCII code at an index (a byte of a Buffer, a UTF-16 unit of a string). */
  codeAt(index: number): number | undefined;
}

function bufferHaystack(bytes: Buffer): Haystack {
  return { indexOf: (marker, from) => bytes.indexOf(marker, from, 'latin1'), codeAt: (i) => bytes[i] };
}

function textHaystack(text: string): Haystack {
  return { indexOf: (marker, from) => text.indexOf(marker, from), codeAt: (i) => (i < text.length ? text.charCodeAt(i) : undefined) };
}

function isWhitespace(code: number | undefined): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Whether `marker` occurs followed by `!` (macro call) or, with `keyword`, by whitespace. */
function occurs(haystack: Haystack, marker: string, mode: 'macro' | 'keyword'): boolean {
  for (let at = haystack.indexOf(marker, 0); at !== -1; at = haystack.indexOf(marker, at + 1)) {
    let next = at + marker.length;
    if (mode === 'keyword') {
      if (isWhitespace(haystack.codeAt(next))) return true;
      continue;
    }
    while (isWhitespace(haystack.codeAt(next))) next++;
    if (haystack.codeAt(next) === 0x21) return true;
  }
  return false;
}

function mightDefineMetricsIn(haystack: Haystack): boolean {
  for (const marker of METRIC_MARKERS) if (haystack.indexOf(marker, 0) !== -1) return true;
  for (const marker of MACRO_MARKERS) if (occurs(haystack, marker, 'macro')) return true;
  return false;
}

/** Cheap byte check: false means `extractBlob` cannot find a registration in this blob. */
export function mightDefineMetrics(bytes: Buffer): boolean {
  return mightDefineMetricsIn(bufferHaystack(bytes));
}

/** Cheap byte check: false means the blob declares no `const`/`static`, `mod` or `use`. */
export function mightDefineConstants(bytes: Buffer): boolean {
  const haystack = bufferHaystack(bytes);
  return CONSTANT_KEYWORDS.some((keyword) => occurs(haystack, keyword, 'keyword'));
}

/** `mightDefineMetrics` for decoded text, such as a macro's token tree. */
export function mightDefineMetricsText(text: string): boolean {
  return mightDefineMetricsIn(textHaystack(text));
}
