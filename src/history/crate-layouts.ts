import type { BlobReader } from '../git/cat-file.js';
import { crateLayoutOfParsed, parseManifest, type CrateLayout, type ParsedManifest } from '../model/crate-layout.js';
import { layoutMeaning } from '../model/layout-meaning.js';
import { CONFIG_PATH } from '../model/wrapper-config.js';
import { getRecent, setRecent } from '../util/recent-map.js';
import type { StateDiff } from './state-digest.js';
import { isManifestPath, type TreeState } from './tree-state.js';

/** Manifest sets remembered, the least recently met forgotten first (each is re-read from git when met again). */
const LAYOUTS_KEPT = 256;
/**
 * Parsed manifests kept, the least recently used forgotten first: a history holds thousands of
 * versions, and a walk needs those of the trees around it (a tree of greptimedb holds 72).
 */
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
  manifestEntries.sort(byPath);
  return { manifestEntries, configOid };
}

function byPath(x: readonly [string, string], y: readonly [string, string]): number {
  return x[0] < y[0] ? -1 : 1;
}

/** The manifests of a state reached from one whose manifests were `entries` by `diff`, as `structureOf` gives them. */
export function manifestEntriesAfter(entries: readonly (readonly [string, string])[], diff: StateDiff): readonly (readonly [string, string])[] {
  const manifests = new Map(entries);
  for (const path of diff.removed) if (isManifestPath(path)) manifests.delete(path);
  for (const [path, oid] of diff.changed) if (isManifestPath(path)) manifests.set(path, oid);
  return [...manifests].sort(byPath);
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
    let known = getRecent(this.byManifests, manifestsKey);
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
      setRecent(this.byManifests, manifestsKey, known, LAYOUTS_KEPT);
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
    const known = getRecent(this.manifests, oid);
    if (known !== undefined) return known;
    const blob = await this.blobs.read(oid);
    const manifest = blob.kind === 'found' ? parseManifest(blob.bytes.toString('utf8')) : null;
    if (manifest === null) this.missingManifests.add(oid);
    setRecent(this.manifests, oid, manifest, MANIFESTS_KEPT);
    return manifest;
  }
}
