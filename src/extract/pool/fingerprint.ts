import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { findPackageRoot } from '../../util/package-root.js';

/** Bump whenever extractBlob's output can change for the same bytes; it invalidates every cached fact. */
export const EXTRACTOR_VERSION = '7';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  const manifest = require(`${name}/package.json`) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

let cached: string | undefined;

/**
 * Cache key part for extracted facts: the extractor version, the tree-sitter and tree-sitter-rust
 * versions, and the query files shipped in `grammars/rust/` (found from src/ or dist/ alike).
 */
export function extractorFingerprint(): string {
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  hash.update(`extractor ${EXTRACTOR_VERSION}\0`);
  hash.update(`tree-sitter-rust ${packageVersion('tree-sitter-rust')}\0`);
  hash.update(`tree-sitter ${packageVersion('tree-sitter')}\0`);
  const grammars = path.join(findPackageRoot(import.meta.url), 'grammars', 'rust');
  const queries = existsSync(grammars) ? readdirSync(grammars).filter((f) => f.endsWith('.scm')).sort() : [];
  for (const file of queries) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(grammars, file)));
    hash.update('\0');
  }
  cached = hash.digest('hex');
  return cached;
}
