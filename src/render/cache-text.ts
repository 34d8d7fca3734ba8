import type { ClearedCache } from '../cache/clear-cache.js';
import type { CacheInventory } from '../history/cache-inventory.js';

/** `cache info` as text: the directory, its size, and a line per kind of file. */
export function renderCacheInventory(inventory: CacheInventory): string {
  const lines = [`cache: ${inventory.directory}`, `size: ${formatBytes(inventory.bytes)} in ${inventory.files} ${plural(inventory.files, 'file')}`];
  for (const k of inventory.kinds) {
    const extra = [k.stale > 0 ? `${k.stale} stale` : '', k.corrupt > 0 ? `${k.corrupt} corrupt` : ''].filter(Boolean).join(', ');
    const files = `${k.files} ${plural(k.files, 'file')}${extra ? `, ${extra}` : ''}`;
    if (k.kind === 'index') lines.push(`history index: ${inventory.indexedCommits ?? 0} ${plural(inventory.indexedCommits ?? 0, 'commit')} (${files})`);
    // Its commits are counted in the index's line above.
    else if (k.kind === 'index-tail') lines.push(`history index tail: appended by later runs (${files})`);
    else if (k.kind === 'states') lines.push(`ref tip states: ${k.entries} ${plural(k.entries, 'tip')} (${files})`);
    else lines.push(`${k.kind}: ${k.entries} ${plural(k.entries, 'entry', 'entries')} (${files})`);
  }
  if (inventory.temporary > 0) lines.push(`temporary: ${inventory.temporary} ${plural(inventory.temporary, 'file')} being written or left by an interrupted run`);
  return `${lines.join('\n')}\n`;
}

/** `cache clear` as text: a line per directory emptied. */
export function renderClearedCaches(cleared: readonly ClearedCache[]): string {
  if (cleared.length === 0) return 'no cache to clear\n';
  return cleared.map((c) => `cleared ${c.directory}: ${c.files} ${plural(c.files, 'file')}, ${formatBytes(c.bytes)}\n`).join('');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
