import { createHash } from 'node:crypto';
import type { CrateInfo, CrateLayout, DependencyInfo } from './crate-layout.js';
import { EXPORTER } from './facade-naming.js';

/** Registry packages whose presence decides which library a registration belongs to (see library-attribution). */
const LIBRARY_PACKAGES: ReadonlySet<string> = new Set(['metrics', 'prometheus-client', EXPORTER]);

/**
 * What a crate layout means for resolution, hashed: crates, their own versions (`env!`), binaries,
 * local dependencies, and of the registry dependencies only those resolution reads: the metric
 * libraries (the exporter with its version, which decides names) and packages named like a crate of
 * the workspace (wrapper visibility). Adding `serde` or bumping `tokio` means nothing to resolution,
 * and on a real history most manifest edits are such; they need no new layout.
 */
export function layoutMeaning(layout: CrateLayout): string {
  const workspace = new Set(layout.crates.map((c) => c.packageName));
  const workspaceKey = [...workspace].sort().join(' ');
  const parts = layout.crates.map((crate) => crateMeaning(crate, workspace, workspaceKey));
  return createHash('sha1').update(`[${parts.join(',')}]`).digest('hex');
}

/** Each crate's part, by the workspace's package names: a walk's layouts share most of their crate objects. */
const crateMeanings = new WeakMap<CrateInfo, { readonly workspaceKey: string; readonly text: string }>();

function crateMeaning(crate: CrateInfo, workspace: ReadonlySet<string>, workspaceKey: string): string {
  const known = crateMeanings.get(crate);
  if (known !== undefined && known.workspaceKey === workspaceKey) return known.text;
  const read = (d: DependencyInfo) => d.local || LIBRARY_PACKAGES.has(d.packageName) || workspace.has(d.packageName);
  const text = JSON.stringify([
    crate.name,
    crate.packageName,
    crate.version,
    crate.dir,
    crate.binPaths ?? [],
    // Filtered before sorting: of a crate's dozens of dependencies, resolution reads a few.
    [...crate.dependencies]
      .filter(([, d]) => read(d))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([name, d]) => [name, d.packageName, d.local, d.packageName === EXPORTER ? (d.version ?? null) : null]),
  ]);
  crateMeanings.set(crate, { workspaceKey, text });
  return text;
}
