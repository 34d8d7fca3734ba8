import { DiskBlobCache } from '../cache/blob-cache.js';
import type { StartupFile } from '../analyses/startup.js';
import type { StartupFacts } from '../extract/startup-facts.js';
import { startupFingerprint } from '../extract/startup-fingerprint.js';
import type { AnalysisContext } from '../history/analysis-context.js';
import type { Snapshot } from '../history/snapshot.js';
import type { SourceFile } from '../model/module-index.js';

export interface StartupSources {
  readonly files: readonly StartupFile[];
  readonly warnings: readonly string[];
}

/**
 * Only crates whose metrics start-up analysis asks about (lazily held, or labelled), the crates that
 * depend on them (their mains may force a library's statics) and files outside any crate are read.
 */
function relevantSources(snapshot: Snapshot): SourceFile[] {
  const byPath = new Map(snapshot.sources.map((s) => [s.path, s]));
  const asked = new Set<string>();
  for (const metric of snapshot.metrics) {
    if (metric.holder === 'eager' && !metric.vec) continue;
    const crate = byPath.get(metric.path)?.module.crate;
    if (crate) asked.add(crate.packageName);
  }
  return snapshot.sources.filter((s) => {
    const crate = s.module.crate;
    if (crate === null || asked.has(crate.packageName)) return true;
    return [...crate.dependencies.values()].some((d) => d.local && asked.has(d.packageName));
  });
}

/** Start-up facts of a snapshot's relevant sources, through their own per-blob cache; parses only on a miss. */
export async function startupSourcesOf(context: AnalysisContext, snapshot: Snapshot): Promise<StartupSources> {
  const cache = new DiskBlobCache<StartupFacts>(context.cacheDir, startupFingerprint(), 'startup');
  const files: StartupFile[] = [];
  const warnings: string[] = [];
  let extract: ((source: Buffer, path: string) => StartupFacts) | null = null;
  try {
    for (const source of relevantSources(snapshot)) {
      let facts = cache.get(source.oid);
      if (facts === undefined) {
        const blob = await context.blobs.read(source.oid);
        if (blob.kind === 'missing') {
          warnings.push(`${source.path} (blob ${source.oid}) is not in the local object store; its start-up paths are unknown`);
          continue;
        }
        // tree-sitter loads only on a cache miss, so warm runs never pay for it.
        extract ??= (await import('../extract/startup-facts.js')).extractStartupFacts;
        facts = extract(blob.bytes, source.path);
        cache.set(source.oid, facts);
      }
      for (const d of facts.diagnostics) warnings.push(`${source.path}:${d.line}:${d.column}: ${d.message}`);
      files.push({ path: source.path, module: source.module, facts });
    }
  } finally {
    cache.flush();
  }
  return { files, warnings: [...warnings, ...cache.warnings] };
}
