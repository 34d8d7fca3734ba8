import { accessSync, constants, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * The cache lives inside the repository's common git dir (shared by linked worktrees), or under
 * `$XDG_CACHE_HOME/provenance/<hash>` where that is not writable (a read-only checkout, someone else's repo).
 */
export function cacheDirectory(commonGitDir: string, env: Readonly<Record<string, string | undefined>>): string {
  const inside = path.join(commonGitDir, 'provenance');
  if (isWritableDirectory(inside)) return inside;
  const base = env['XDG_CACHE_HOME'] || path.join(env['HOME'] || os.homedir(), '.cache');
  const key = createHash('sha256').update(path.resolve(commonGitDir)).digest('hex').slice(0, 16);
  const outside = path.join(base, 'provenance', key);
  mkdirSync(outside, { recursive: true });
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
