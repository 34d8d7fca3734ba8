import { DiskBlobCache } from '../cache/blob-cache.js';
import type { StartupFile } from '../analyses/startup.js';
import type { StartupFacts } from '../extract/startup-fact-types.js';
import { startupFingerprint } from '../extract/startup-fingerprint.js';
import type { AnalysisContext } from '../history/analysis-context.js';
import type { Snapshot } from '../history/snapshot.js';
import type { CrateInfo } from '../model/crate-layout.js';
import type { SourceFile } from '../model/module-index.js';

export interface StartupSources {
  readonly files: readonly StartupFile[];
  /** Every crate of the snapshot, read or not: names and the dependency graph. */
  readonly crates: readonly CrateInfo[];
  readonly warnings: readonly string[];
}

function cratesOf(snapshot: Snapshot): CrateInfo[] {
  const crates = new Map<string, CrateInfo>();
  for (const source of snapshot.sources) if (source.module.crate) crates.set(source.module.crate.dir, source.module.crate);
  return [...crates.values()];
}

/**
 * Only crates whose metrics start-up analysis asks about (lazily held, or labelled), the crates that
 * depend on them directly or through other crates (their mains and code may touch those statics) and
 * files outside any crate are read. A crate left out cannot name an asked static.
 */
function relevantSources(snapshot: Snapshot, crates: readonly CrateInfo[]): SourceFile[] {
  const byPath = new Map(snapshot.sources.map((s) => [s.path, s]));
  const wanted = new Set<string>();
  for (const metric of snapshot.metrics) {
    if (metric.holder === 'eager' && !metric.vec) continue;
    const crate = byPath.get(metric.path)?.module.crate;
    if (crate) wanted.add(crate.packageName);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const crate of crates) {
      if (wanted.has(crate.packageName)) continue;
      if ([...crate.dependencies.values()].some((d) => d.local && wanted.has(d.packageName))) {
        wanted.add(crate.packageName);
        grew = true;
      }
    }
  }
  return snapshot.sources.filter((s) => s.module.crate === null || wanted.has(s.module.crate.packageName));
}

/** Start-up facts of a snapshot's relevant sources, through their own per-blob cache; parses only on a miss. */
export async function startupSourcesOf(context: AnalysisContext, snapshot: Snapshot): Promise<StartupSources> {
  const cache = new DiskBlobCache<StartupFacts>(context.cacheDir, startupFingerprint(), 'startup');
  const files: StartupFile[] = [];
  const crates = cratesOf(snapshot);
  const warnings: string[] = [];
  let extract: ((source: Buffer, path: string) => StartupFacts) | null = null;
  try {
    for (const source of relevantSources(snapshot, crates)) {
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
  return { files, crates, warnings: [...warnings, ...cache.warnings] };
}
