import { clearCache } from '../cache/clear-cache.js';
import { openRepository } from '../git/repo.js';
import { cacheInventory } from '../history/cache-inventory.js';
import type { Io } from '../io.js';
import { renderCacheInventory, renderClearedCaches } from '../render/cache-text.js';
import { envelope } from '../render/json.js';

export interface CacheCommandOptions {
  readonly repo: string;
  readonly json: boolean;
}

// Only git is opened, not the analysis context: reading a directory needs no cat-file child, nor a partial clone's object list.
export async function runCacheInfo(options: CacheCommandOptions, io: Io): Promise<number> {
  const repo = await openRepository(options.repo);
  const inventory = cacheInventory(repo.commonDir, io.env);
  io.stdout(options.json ? envelope('cache info', inventory) : renderCacheInventory(inventory));
  return 0;
}

export async function runCacheClear(options: CacheCommandOptions, io: Io): Promise<number> {
  const repo = await openRepository(options.repo);
  const cleared = clearCache(repo.commonDir, io.env);
  io.stdout(options.json ? envelope('cache clear', { cleared }) : renderClearedCaches(cleared));
  return 0;
}
