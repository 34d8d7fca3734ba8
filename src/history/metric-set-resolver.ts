import { createHash } from 'node:crypto';
import type { BlobReader } from '../git/cat-file.js';
import type { BlobFacts } from '../extract/facts.js';
import { crateLayout, fileModule, type CrateLayout } from '../model/crate-layout.js';
import type { MetricDefinition } from '../model/metric.js';
import { ModuleIndex, type SourceFile } from '../model/module-index.js';
import { combineResolutions, dependsOnOtherFiles, resolveFile, type FileResolution } from '../model/resolve-metrics.js';
import type { FactsResult, FactsSource } from './facts-source.js';
import { isManifestPath, type TreeState } from './tree-state.js';

/** Blobs whose facts can change what a tree defines; the rest (plain code) never matter to resolution. */
export function isRelevant(facts: BlobFacts): boolean {
  return (
    facts.registrations.length > 0 ||
    facts.registerCalls.length > 0 ||
    facts.customRegistries.length > 0 ||
    facts.constants.length > 0 ||
    facts.modules.some((m) => m.test)
  );
}

export interface ResolvedSet {
  /** Non-test metrics, in no particular order. */
  readonly defs: readonly MetricDefinition[];
  /** Blobs that could not be read: facts derived from this set are uncertain. */
  readonly missing: readonly string[];
}

/** A file of one crate layout, with its resolution once computed (only for files that need no other file). */
interface CachedSource {
  readonly file: SourceFile;
  readonly dependent: boolean;
  result: FileResolution | null;
}

/**
 * Resolves tree states (relevant blobs only) to metric sets. Whole states are memoised, and so is
 * each file that needs no other file, so a commit that edits one metrics file re-resolves one file.
 */
export class MetricSetResolver {
  private readonly relevance = new Map<string, Promise<boolean>>();
  private readonly factsByOid = new Map<string, FactsResult>();
  private readonly sourceFiles = new Map<string, CachedSource>();
  private readonly memo = new Map<string, ResolvedSet>();
  private readonly manifestText = new Map<string, string | null>();
  private readonly layouts = new Map<string, { layout: CrateLayout; id: number }>();
  resolutions = 0;

  constructor(
    private readonly facts: FactsSource,
    private readonly blobs: BlobReader,
  ) {}

  /** Whether a blob can affect resolution; reads and extracts it through the cache on first sight. */
  relevant(oid: string, path: string): Promise<boolean> {
    if (isManifestPath(path)) return Promise.resolve(true);
    let known = this.relevance.get(oid);
    if (!known) {
      known = this.facts.factsOf(oid, path).then((r) => {
        this.factsByOid.set(oid, r);
        return r.kind === 'facts' ? isRelevant(r.facts) : r.kind === 'missing';
      });
      this.relevance.set(oid, known);
    }
    return known;
  }

  async resolve(state: TreeState): Promise<ResolvedSet> {
    const entries = [...state].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const key = createHash('sha1').update(entries.map(([p, o]) => `${p}\0${o}`).join('\n')).digest('hex');
    const cached = this.memo.get(key);
    if (cached) return cached;
    const result = await this.resolveEntries(entries);
    this.memo.set(key, result);
    return result;
  }

  private async resolveEntries(entries: readonly (readonly [string, string])[]): Promise<ResolvedSet> {
    this.resolutions++;
    const missing: string[] = [];
    const manifestEntries = entries.filter(([path]) => isManifestPath(path));
    const layoutKey = manifestEntries.map(([p, o]) => `${p}:${o}`).join(',');
    let known = this.layouts.get(layoutKey);
    if (!known) {
      const manifests = new Map<string, string>();
      for (const [path, oid] of manifestEntries) {
        const text = await this.manifest(oid);
        if (text === null) missing.push(path);
        else manifests.set(path, text);
      }
      known = { layout: crateLayout(manifests), id: this.layouts.size };
      this.layouts.set(layoutKey, known);
    }
    const layout = known.layout;
    const sources: CachedSource[] = [];
    for (const [path, oid] of entries) {
      if (isManifestPath(path)) continue;
      // A short layout number, not the manifest list itself: these keys are built for every file of every commit.
      const key = `${known.id}|${path}|${oid}`;
      let source = this.sourceFiles.get(key);
      if (!source) {
        const result = this.factsByOid.get(oid) ?? (await this.facts.factsOf(oid, path));
        if (result.kind === 'missing') missing.push(path);
        if (result.kind !== 'facts') continue;
        const file: SourceFile = { path, oid, facts: result.facts, module: fileModule(path, layout.crates) };
        source = { file, dependent: dependsOnOtherFiles(file), result: null };
        this.sourceFiles.set(key, source);
      }
      sources.push(source);
    }
    const files = sources.map((s) => s.file);
    let context: { index: ModuleIndex; files: readonly SourceFile[] } | null = null;
    const results = sources.map((source) => {
      if (source.dependent) {
        context ??= { index: new ModuleIndex(files, layout.crates), files };
        return resolveFile(source.file, context);
      }
      source.result ??= resolveFile(source.file, { index: new ModuleIndex([source.file], layout.crates), files: [source.file] });
      return source.result;
    });
    // The index orders sets by definition number itself; sorting names here would be wasted work.
    const defs = combineResolutions(results, files, { sort: false }).metrics.filter((m) => !m.test);
    return { defs, missing };
  }

  private async manifest(oid: string): Promise<string | null> {
    if (this.manifestText.has(oid)) return this.manifestText.get(oid) ?? null;
    const blob = await this.blobs.read(oid);
    const text = blob.kind === 'found' ? blob.bytes.toString('utf8') : null;
    this.manifestText.set(oid, text);
    return text;
  }
}
