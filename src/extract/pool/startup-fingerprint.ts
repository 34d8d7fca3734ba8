import { createHash } from 'node:crypto';
import { extractorFingerprint } from './fingerprint.js';

/** Bump whenever extractStartupFacts's output can change for the same bytes. */
export const STARTUP_FACTS_VERSION = '7';

let cached: string | undefined;

/** Cache key part for start-up facts; it covers the tree-sitter versions through the extractor's fingerprint. */
export function startupFingerprint(): string {
  cached ??= createHash('sha256').update(`startup ${STARTUP_FACTS_VERSION}\0${extractorFingerprint()}`).digest('hex');
  return cached;
}
