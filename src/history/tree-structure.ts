import type { BlobReader } from '../git/cat-file.js';
import type { TreeEntry } from '../git/parse.js';
import { crateLayout, type CrateLayout } from '../model/crate-layout.js';
import { CONFIG_PATH, NO_WRAPPER_CONFIG, parseWrapperConfig, type WrapperConfig } from '../model/wrapper-config.js';
import { selectTreeFiles, type TreeSelection } from './tree-files.js';

/** What a tree says about itself before any Rust file is read: its crates and its configuration. */
export interface TreeStructure {
  readonly files: TreeSelection;
  readonly config: WrapperConfig;
  readonly layout: CrateLayout;
  readonly warnings: readonly string[];
  /** False when the configuration or a manifest could not be read. */
  readonly complete: boolean;
}

/**
 * The manifests and `provenance.json` of one commit's tree, read as they were at that commit (never
 * from the work tree). `ref` names the commit in messages as the user gave it.
 */
export async function treeStructureOf(entries: readonly TreeEntry[], ref: string, blobs: BlobReader): Promise<TreeStructure> {
  const files = selectTreeFiles(entries);
  const warnings: string[] = [...files.notes];
  let complete = true;

  let config: WrapperConfig = NO_WRAPPER_CONFIG;
  const configEntry = entries.find((e) => e.path === CONFIG_PATH && e.type === 'blob');
  if (configEntry) {
    const blob = await blobs.read(configEntry.oid);
    if (blob.kind === 'found') config = parseWrapperConfig(blob.bytes.toString('utf8'), `${CONFIG_PATH} at ${ref}`);
    else {
      complete = false;
      warnings.push(`${CONFIG_PATH} (blob ${configEntry.oid}) is not in the local object store; configured wrappers are unknown`);
    }
  }

  const manifests = new Map<string, string>();
  for (const entry of files.manifests) {
    const blob = await blobs.read(entry.oid);
    if (blob.kind === 'found') manifests.set(entry.path, blob.bytes.toString('utf8'));
    else {
      complete = false;
      warnings.push(`${entry.path} (blob ${entry.oid}) is not in the local object store; its crate name and dependencies are unknown`);
    }
  }
  const layout = crateLayout(manifests);
  warnings.push(...layout.warnings);
  return { files, config, layout, warnings, complete };
}
