import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheLocations } from './cache-dir.js';

/** One cache directory emptied by `cache clear`. */
export interface ClearedCache {
  readonly directory: string;
  readonly files: number;
  readonly bytes: number;
}

/**
 * Empties both places the repository's cache can be (see `cacheLocations`), sparing temp files younger
 * than a minute, which a running command is about to rename into place.
 */
export function clearCache(commonGitDir: string, env: Readonly<Record<string, string | undefined>>): ClearedCache[] {
  const { inside, outside } = cacheLocations(commonGitDir, env);
  const cleared: ClearedCache[] = [];
  for (const directory of [inside, outside]) {
    // A file in place of the directory is what sent the cache elsewhere: not ours to delete.
    if (!existsSync(directory) || !statSync(directory).isDirectory()) continue;
    let files = 0;
    let bytes = 0;
    // The directory itself stays: a run writing right now renames its temp file into it.
    for (const name of readdirSync(directory)) {
      const file = path.join(directory, name);
      try {
        const stat = statSync(file);
        if (name.endsWith('.tmp') && Date.now() - stat.mtimeMs < 60_000) continue;
        rmSync(file, { recursive: true, force: true });
        files++;
        bytes += stat.size;
      } catch {
        // Removed by a concurrent run meanwhile.
      }
    }
    cleared.push({ directory, files, bytes });
  }
  return cleared;
}
