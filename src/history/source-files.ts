import { fileModule, type CrateLayout } from '../model/crate-layout.js';
import type { SourceFile } from '../model/module-index.js';
import { dependsOnOtherFiles } from '../model/file-dependence.js';
import type { FileResolution } from '../model/file-resolution.js';
import { hasWrapperFacts, isRelevant, type BlobRelevance } from './blob-relevance.js';

/** Layouts whose parsed files are kept: a walk alternates between few, and each holds every relevant file. */
const SOURCE_LAYOUTS_KEPT = 3;
/** Versions of one file kept per layout (branches alternate between a few; history moves on). */
const VERSIONS_PER_PATH = 8;

/**
 * A file of one crate layout, with its resolutions once computed (only for files that need no other
 * file), by the key of what the tree's wrappers mean for it ('' when nothing).
 */
export interface CachedSource {
  readonly key: string;
  readonly file: SourceFile;
  readonly dependent: boolean;
  /** May define a wrapper (functions or `macro_rules!` facts). */
  readonly defining: boolean;
  /** Declares a `#[cfg(test)] mod`, which marks metrics of other files as test code. */
  readonly testModules: boolean;
  readonly results: Map<string, FileResolution>;
}

/** A path's blob as resolution sees it: parsed, unreadable, left unparsed, or of no relevance. */
export type Source = CachedSource | 'missing' | 'deferred' | null;

/** Parsed files by layout, path and blob, for the few layouts a walk is between. */
export class SourceFiles {
  /** Layout number → path → blob id → source. */
  private readonly byLayout = new Map<number, Map<string, Map<string, CachedSource>>>();

  constructor(
    private readonly relevance: BlobRelevance,
    /** Told when a layout's files are dropped, so what was kept per layout goes too. */
    private readonly onDropped: (layoutId: number) => void,
  ) {}

  /** A file's source; a deferred file stays 'deferred' unless `parse` asks for its facts. */
  async of(layoutId: number, layout: CrateLayout, path: string, oid: string, parse = false): Promise<Source> {
    let byPath = this.byLayout.get(layoutId);
    if (byPath) {
      // Most recently used last: the oldest layout's files are dropped first.
      this.byLayout.delete(layoutId);
      this.byLayout.set(layoutId, byPath);
    } else {
      this.byLayout.set(layoutId, (byPath = new Map()));
      if (this.byLayout.size > SOURCE_LAYOUTS_KEPT) {
        const oldest = this.byLayout.keys().next().value as number;
        this.byLayout.delete(oldest);
        this.onDropped(oldest);
      }
    }
    let byOid = byPath.get(path);
    if (!byOid) byPath.set(path, (byOid = new Map()));
    let source = byOid.get(oid);
    if (!source) {
      let result = await this.relevance.factsOf(oid, path);
      if (result.kind === 'deferred') {
        if (!parse) return 'deferred';
        result = await this.relevance.parse(oid, path);
        // Parsed, it may turn out to hold nothing that matters, as plain code files never join a state.
        if (result.kind === 'facts' && !isRelevant(result.facts)) return null;
      }
      if (result.kind === 'missing') return 'missing';
      if (result.kind !== 'facts') return null;
      const file: SourceFile = { path, oid, facts: result.facts, module: fileModule(path, layout.crates) };
      source = {
        key: `${layoutId}|${path}|${oid}`,
        file,
        dependent: dependsOnOtherFiles(file),
        defining: hasWrapperFacts(file.facts),
        testModules: file.facts.modules.some((m) => m.test),
        results: new Map(),
      };
      byOid.set(oid, source);
      if (byOid.size > VERSIONS_PER_PATH) byOid.delete(byOid.keys().next().value as string);
    }
    return source;
  }
}
