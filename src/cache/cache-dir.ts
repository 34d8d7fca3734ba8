import { accessSync, constants, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { CacheUnwritableError } from '../errors.js';

/** The two places a repository's cache can be: inside its common git dir, or the per-user fallback. */
export function cacheLocations(
  commonGitDir: string,
  env: Readonly<Record<string, string | undefined>>,
): { readonly inside: string; readonly outside: string } {
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored: it would put the cache
  // wherever the command happens to run.
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] || os.homedir(), '.cache');
  const key = createHash('sha256').update(path.resolve(commonGitDir)).digest('hex').slice(0, 16);
  return { inside: path.join(commonGitDir, 'provenance'), outside: path.join(base, 'provenance', key) };
}

/**
 * The cache lives inside the repository's common git dir (shared by linked worktrees), or under
 * `$XDG_CACHE_HOME/provenance/<hash>` where that is not writable (a read-only checkout, someone else's repo).
 */
export function cacheDirectory(
  commonGitDir: string,
  env: Readonly<Record<string, string | undefined>>,
  isWritable: (dir: string) => boolean = isWritableDirectory,
): string {
  const { inside, outside } = cacheLocations(commonGitDir, env);
  if (isWritable(inside)) return inside;
  try {
    mkdirSync(outside, { recursive: true });
    accessSync(outside, constants.W_OK);
  } catch (error) {
    throw new CacheUnwritableError(inside, outside, (error as Error).message);
  }
  return outside;
}

function isWritableDirectory(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
