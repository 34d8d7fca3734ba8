import type { BlobReader } from '../git/cat-file.js';
import { crateLayoutOfParsed, parseManifest, type CrateLayout, type ParsedManifest } from '../model/crate-layout.js';
import { layoutMeaning } from '../model/layout-meaning.js';
import { CONFIG_PATH } from '../model/wrapper-config.js';
import { isManifestPath, type TreeState } from './tree-state.js';

/** Manifest sets remembered before the table is cleared (each is re-read from git when met again). */
const LAYOUTS_KEPT = 256;
/** Parsed manifests kept (a history holds thousands of versions; a walk needs the recent ones). */
const MANIFESTS_KEPT = 128;

/** A crate layout and its number: layouts that mean the same for resolution share one. */
export interface NumberedLayout {
  readonly layout: CrateLayout;
  readonly id: number;
}

/** The manifests (by path, sorted) and the configuration blob of a state. */
export interface StateStructure {
  readonly manifestEntries: readonly (readonly [string, string])[];
  readonly configOid: string | null;
}

export function structureOf(state: TreeState): StateStructure {
  const manifestEntries: [string, string][] = [];
  let configOid: string | null = null;
  for (const [path, oid] of state) {
    if (path === CONFIG_PATH) configOid = oid;
    else if (isManifestPath(path)) manifestEntries.push([path, oid]);
  }
  manifestEntries.sort((x, y) => (x[0] < y[0] ? -1 : 1));
  return { manifestEntries, configOid };
}

/** Crate layouts of the states a walk meets, read from their manifests once per set of manifests. */
export class CrateLayouts {
  private readonly byManifests = new Map<string, NumberedLayout>();
  /** Layouts that mean the same (a version bump elsewhere) share one number. */
  private readonly byMeaning = new Map<string, NumberedLayout>();
  private nextId = 0;
  /** Parsed once per blob: a new manifest set mostly differs from the last in one file. */
  private readonly manifests = new Map<string, ParsedManifest | null>();
  private readonly missingManifests = new Set<string>();

  constructor(private readonly blobs: BlobReader) {}

  async of(manifestEntries: readonly (readonly [string, string])[]): Promise<NumberedLayout> {
    const manifestsKey = manifestEntries.map(([p, o]) => `${p}:${o}`).join(',');
    let known = this.byManifests.get(manifestsKey);
    if (!known) {
      const manifests = new Map<string, ParsedManifest>();
      for (const [path, oid] of manifestEntries) {
        const manifest = await this.manifest(oid);
        if (manifest !== null) manifests.set(path, manifest);
      }
      const layout = crateLayoutOfParsed(manifests);
      const meaning = layoutMeaning(layout);
      known = this.byMeaning.get(meaning);
      if (known === undefined) {
        known = { layout, id: this.nextId++ };
        this.byMeaning.set(meaning, known);
      }
      if (this.byManifests.size >= LAYOUTS_KEPT) this.byManifests.clear();
      this.byManifests.set(manifestsKey, known);
    }
    return known;
  }

  /** Whether a manifest blob could not be read: what its crate defines is uncertain. */
  isMissing(oid: string): boolean {
    return this.missingManifests.has(oid);
  }

  /** Forgets a layout: files keep its crate objects, so a layout met again later starts afresh, with a new number. */
  forget(id: number): void {
    for (const [key, known] of this.byMeaning) if (known.id === id) this.byMeaning.delete(key);
    for (const [key, known] of this.byManifests) if (known.id === id) this.byManifests.delete(key);
  }

  private async manifest(oid: string): Promise<ParsedManifest | null> {
    if (this.manifests.has(oid)) return this.manifests.get(oid) ?? null;
    const blob = await this.blobs.read(oid);
    const manifest = blob.kind === 'found' ? parseManifest(blob.bytes.toString('utf8')) : null;
    if (manifest === null) this.missingManifests.add(oid);
    if (this.manifests.size >= MANIFESTS_KEPT) this.manifests.clear();
    this.manifests.set(oid, manifest);
    return manifest;
  }
}
