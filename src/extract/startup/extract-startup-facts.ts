/**
 * What one Rust blob says about start-up paths: its functions, what each calls, and where each
 * touches an UPPER_CASE static. Cached per blob id (namespace `startup`), so plain JSON only.
 */
import type { StartupFacts } from './fact-types.js';
import { collectStartupItems } from './items.js';
import { decodeSource } from '../syntax/utf8.js';

/**
 * Start-up facts of one Rust blob. Never throws: an internal failure becomes an `error` diagnostic.
 * The facts depend on the bytes only (they are cached by blob id), so `_path` does not reach them.
 */
export function extractStartupFacts(source: Buffer | string, _path: string): StartupFacts {
  try {
    const { text } = decodeSource(source);
    // Hand-written code never nests this deep; a file that does (generated, or hostile) would cost
    // seconds and gigabytes to copy into a tree.
    const depth = bracketDepth(text);
    if (depth > MAX_NESTING) {
      const message = `brackets nested ${depth} deep (more than ${MAX_NESTING}); start-up paths through this file are not followed`;
      return { ...emptyItems(), diagnostics: [{ severity: 'warning', line: 1, column: 1, message }] };
    }
    return { ...collectStartupItems(text), diagnostics: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...emptyItems(), diagnostics: [{ severity: 'error', line: 1, column: 1, message: `internal start-up extractor error: ${message}` }] };
  }
}

const MAX_NESTING = 2000;

function emptyItems(): Omit<StartupFacts, 'diagnostics'> {
  return { functions: [], derived: [], uses: [], modules: [], types: [] };
}

/** The deepest nesting of `(`, `[` and `{`; brackets in strings count too, which only ever overestimates. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}
