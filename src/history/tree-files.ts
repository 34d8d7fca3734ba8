import type { TreeEntry } from '../git/parse.js';

/** Source files larger than this are generated code, not hand-written metric definitions: skipped with a warning. */
export const MAX_RUST_FILE_BYTES = 2 * 1024 * 1024;

export interface TreeSelection {
  readonly rust: readonly TreeEntry[];
  readonly manifests: readonly TreeEntry[];
  readonly notes: readonly string[];
}

/** The entries of a tree that matter: `.rs` blobs and `Cargo.toml` manifests; submodules and symlinks are noted. */
export function selectTreeFiles(entries: readonly TreeEntry[]): TreeSelection {
  const rust: TreeEntry[] = [];
  const manifests: TreeEntry[] = [];
  const notes: string[] = [];
  for (const entry of entries) {
    if (entry.type === 'commit') {
      notes.push(`submodule ${entry.path} skipped: provenance reads only this repository's objects`);
      continue;
    }
    if (entry.type !== 'blob') continue;
    const isRust = entry.path.endsWith('.rs');
    const isManifest = entry.path === 'Cargo.toml' || entry.path.endsWith('/Cargo.toml');
    if (!isRust && !isManifest) continue;
    if (entry.mode === '120000') {
      if (isRust) notes.push(`${entry.path} is a symbolic link; skipped (its target is analysed where it lives)`);
      continue;
    }
    (isRust ? rust : manifests).push(entry);
  }
  return { rust, manifests, notes };
}
