import type { BlobReader } from '../git/cat-file.js';
import type { TreeEntry } from '../git/parse.js';
import { BlobRelevance } from './blob-relevance.js';
import type { Deferred, FactsResult, FactsSource } from './facts-source.js';
import { MetricSetResolver } from './metric-set-resolver.js';
import { treeStateOfEntries } from './tree-state.js';

/**
 * The facts of a tree's Rust files (in the order of `rust`), parsing only what its metrics need:
 * files that may register a metric or define a wrapper, and of the others those whose names,
 * re-exports or modules a registration reaches, by the rule the history index follows. Every other
 * file comes back 'deferred': it cannot change what the tree defines, and most files of a real
 * repository are such files.
 */
export async function factsForMetrics(
  entries: readonly TreeEntry[],
  rust: readonly TreeEntry[],
  facts: FactsSource,
  blobs: BlobReader,
): Promise<(FactsResult | Deferred)[]> {
  const relevance = new BlobRelevance(facts, true);
  const state = await treeStateOfEntries(entries, (oid, path) => relevance.relevant(oid, path));
  const resolver = new MetricSetResolver(facts, blobs, relevance);
  await resolver.resolve(state);
  const parsed = resolver.parsedFiles();
  return Promise.all(
    rust.map((entry) => {
      const file = parsed.get(entry.path);
      return file?.oid === entry.oid ? { kind: 'facts' as const, facts: file.facts } : relevance.factsOf(entry.oid, entry.path);
    }),
  );
}
