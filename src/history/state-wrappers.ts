import type { BlobReader } from '../git/cat-file.js';
import type { CrateLayout } from '../model/crate-layout.js';
import { wrapperSetOf } from '../model/resolve-metrics.js';
import { CONFIG_PATH, NO_WRAPPER_CONFIG, parseWrapperConfig, type WrapperConfig } from '../model/wrapper-config.js';
import type { WrapperSet } from '../model/wrapper-set.js';
import type { CachedSource } from './source-files.js';

/** The wrappers of the states a walk meets, inferred once per set of defining blobs and configuration. */
export class StateWrappers {
  private readonly configs = new Map<string, WrapperConfig>();
  private readonly byBlobs = new Map<string, WrapperSet>();
  private readonly byMeaning = new Map<string, WrapperSet>();
  /** Wrapper sets inferred (not answered from memory): tests assert on reuse. */
  inferences = 0;

  constructor(private readonly blobs: BlobReader) {}

  /**
   * The wrappers of a state, memoised by the blobs that can define one (and the config); a set that
   * means the same as an earlier one is that one, so per-file results keyed by it stay valid.
   */
  of(layoutId: number, layout: CrateLayout, sources: Iterable<CachedSource>, configOid: string | null, config: WrapperConfig): WrapperSet {
    const defining = [...sources].filter((s) => s.defining).sort((x, y) => (x.key < y.key ? -1 : 1));
    const key = `${layoutId}|${configOid ?? ''}|${defining.map((s) => s.key).join('|')}`;
    let wrappers = this.byBlobs.get(key);
    if (!wrappers) {
      this.inferences++;
      const inferred = wrapperSetOf(
        defining.map((s) => s.file),
        layout.crates,
        config,
      );
      // Edits that leave every wrapper (and every candidate) meaning the same keep the earlier set.
      const meaning = `${layoutId}|${inferred.key}`;
      wrappers = this.byMeaning.get(meaning) ?? inferred;
      this.byMeaning.set(meaning, wrappers);
      this.byBlobs.set(key, wrappers);
    }
    return wrappers;
  }

  /** A commit's `provenance.json`; one that does not parse configures nothing here (`list` at that commit reports it). */
  async config(oid: string | null): Promise<WrapperConfig> {
    if (oid === null) return NO_WRAPPER_CONFIG;
    let config = this.configs.get(oid);
    if (!config) {
      const blob = await this.blobs.read(oid);
      try {
        config = blob.kind === 'found' ? parseWrapperConfig(blob.bytes.toString('utf8'), CONFIG_PATH) : NO_WRAPPER_CONFIG;
      } catch {
        config = NO_WRAPPER_CONFIG;
      }
      this.configs.set(oid, config);
    }
    return config;
  }

  /** Forgets the sets of a layout whose files were dropped. */
  forget(layoutId: number): void {
    const prefix = `${layoutId}|`;
    for (const key of this.byBlobs.keys()) if (key.startsWith(prefix)) this.byBlobs.delete(key);
    for (const key of this.byMeaning.keys()) if (key.startsWith(prefix)) this.byMeaning.delete(key);
  }
}
