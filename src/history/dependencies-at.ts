import { KNOWN_EXPORTERS, type DependencyInventory } from '../dashboards/dependency-exporters.js';
import type { BlobReader } from '../git/cat-file.js';
import type { TreeEntry } from '../git/parse.js';
import { listTree, type Repository } from '../git/repo.js';
import { lockedPackages } from '../model/cargo-lock.js';
import { crateLayout } from '../model/crate-layout.js';
import { parseExporterConfig } from '../model/exporter-config.js';
import { CONFIG_PATH } from '../model/wrapper-config.js';

export interface DependenciesAt extends DependencyInventory {
  readonly warnings: readonly string[];
}

const isFile = (entry: TreeEntry, name: string) =>
  entry.type === 'blob' && entry.mode !== '120000' && (entry.path === name || entry.path.endsWith(`/${name}`));

/**
 * The crates a commit builds with and the metric exporters among them: every package of its
 * `Cargo.lock` files (direct or not) and the manifests' direct dependencies, and the catalogue
 * extended by `provenance.json` of that commit (never of the work tree).
 */
export async function dependenciesAt(repo: Repository, commit: string, ref: string, blobs: BlobReader): Promise<DependenciesAt> {
  const entries = await listTree(repo, commit);
  const warnings: string[] = [];
  const read = async (entry: TreeEntry, what: string): Promise<string | null> => {
    const blob = await blobs.read(entry.oid);
    if (blob.kind === 'found') return blob.bytes.toString('utf8');
    warnings.push(`${entry.path} (blob ${entry.oid}) is not in the local object store; ${what}`);
    return null;
  };

  const manifests = new Map<string, string>();
  for (const entry of entries.filter((e) => isFile(e, 'Cargo.toml'))) {
    const text = await read(entry, 'the dependencies it declares are unknown');
    if (text !== null) manifests.set(entry.path, text);
  }
  // Warnings about the manifests themselves already come from the snapshot of the same commit.
  const crates = crateLayout(manifests).crates;
  const own = new Set(crates.map((c) => c.packageName));
  const direct = new Set<string>();
  for (const crate of crates) {
    for (const dependency of crate.dependencies.values()) {
      if (!dependency.local && !own.has(dependency.packageName)) direct.add(dependency.packageName);
    }
  }

  const locks = entries.filter((e) => isFile(e, 'Cargo.lock'));
  const locked = new Set<string>();
  for (const entry of locks) {
    const text = await read(entry, 'the packages it locks are unknown');
    if (text === null) continue;
    const result = lockedPackages(text, `${entry.path} at ${ref}`);
    if (result.warning !== null) warnings.push(result.warning);
    for (const name of result.packages) locked.add(name);
  }

  let configured: DependencyInventory['exporters'] = [];
  const config = entries.find((e) => e.path === CONFIG_PATH && e.type === 'blob');
  if (config) {
    const text = await read(config, 'configured exporters are unknown');
    if (text !== null) configured = parseExporterConfig(text, `${CONFIG_PATH} at ${ref}`);
  }
  return {
    // The direct ones are in the lock too, unless it is stale or unreadable: the union loses nothing.
    packages: [...new Set([...locked, ...direct])].sort(),
    direct: [...direct].sort(),
    exporters: [...configured, ...KNOWN_EXPORTERS],
    warnings,
  };
}
