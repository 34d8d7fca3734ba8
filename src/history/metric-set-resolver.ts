import { createHash } from 'node:crypto';
import type { BlobReader } from '../git/cat-file.js';
import type { BlobFacts } from '../extract/facts.js';
import { crateLayout, fileModule } from '../model/crate-layout.js';
import type { MetricDefinition } from '../model/metric.js';
import type { SourceFile } from '../model/module-index.js';
import { resolveMetrics } from '../model/resolve-metrics.js';
import type { FactsSource } from './facts-source.js';
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
  /** Non-test metrics, sorted by name then path. */
  readonly defs: readonly MetricDefinition[];
  /** Blobs that could not be read: facts derived from this set are uncertain. */
  readonly missing: readonly string[];
}

/**
 * Resolves a tree state to its metric set, memoised on the relevant blobs and manifests:
 * commits that change only plain code share the parent's result without any resolution work.
 */
export class MetricSetResolver {
  private readonly relevance = new Map<string, boolean>();
  private readonly memo = new Map<string, ResolvedSet>();
  private readonly manifestText = new Map<string, string | null>();
  resolutions = 0;

  constructor(
    private readonly facts: FactsSource,
    private readonly blobs: BlobReader,
  ) {}

  /** Whether a blob can affect resolution; reads and extracts it through the cache on first sight. */
  async relevant(oid: string, path: string): Promise<boolean> {
    if (isManifestPath(path)) return true;
    const known = this.relevance.get(oid);
    if (known !== undefined) return known;
    const result = await this.facts.factsOf(oid, path);
    const relevant = result.kind === 'facts' ? isRelevant(result.facts) : result.kind === 'missing';
    this.relevance.set(oid, relevant);
    return relevant;
  }

  async resolve(state: TreeState): Promise<ResolvedSet> {
    const entries = [...state].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const relevantFlags = await Promise.all(entries.map(([path, oid]) => this.relevant(oid, path)));
    const relevantEntries = entries.filter((_, i) => relevantFlags[i]);
    const key = createHash('sha1').update(relevantEntries.map(([p, o]) => `${p}\0${o}`).join('\n')).digest('hex');
    const cached = this.memo.get(key);
    if (cached) return cached;
    const result = await this.resolveEntries(relevantEntries);
    this.memo.set(key, result);
    return result;
  }

  private async resolveEntries(entries: readonly (readonly [string, string])[]): Promise<ResolvedSet> {
    this.resolutions++;
    const manifests = new Map<string, string>();
    const missing: string[] = [];
    const rustEntries: (readonly [string, string])[] = [];
    for (const entry of entries) {
      if (!isManifestPath(entry[0])) {
        rustEntries.push(entry);
        continue;
      }
      const text = await this.manifest(entry[1]);
      if (text === null) missing.push(entry[0]);
      else manifests.set(entry[0], text);
    }
    const layout = crateLayout(manifests);
    const files: SourceFile[] = [];
    for (const [path, oid] of rustEntries) {
      const result = await this.facts.factsOf(oid, path);
      if (result.kind === 'missing') missing.push(path);
      if (result.kind !== 'facts') continue;
      files.push({ path, oid, facts: result.facts, module: fileModule(path, layout.crates) });
    }
    const defs = resolveMetrics(files, layout.crates).metrics.filter((m) => !m.test);
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
