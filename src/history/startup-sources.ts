import type { BlobReader } from '../git/cat-file.js';
import { DiskBlobCache } from '../cache/blob-cache.js';
import { extractionCrashed } from '../extract/pool/extractor-pool.js';
import type { StartupFacts } from '../extract/startup/fact-types.js';
import { startupFingerprint } from '../extract/pool/startup-fingerprint.js';
import { runsInService, type CrateInfo, type FileModule } from '../model/crate-layout.js';
import { holderPath } from '../model/metric.js';
import type { FactsSource } from './facts-source.js';
import { snapshotOfCommit, type Snapshot, type TreeFile } from './snapshot.js';
import type { Repository } from '../git/repo.js';
import { MAX_RUST_FILE_BYTES } from './tree-files.js';

/** A Rust file with what it says about start-up paths. */
export interface StartupFile {
  readonly path: string;
  readonly module: FileModule;
  readonly facts: StartupFacts;
}

export interface StartupSources {
  readonly files: readonly StartupFile[];
  /** Every crate of the snapshot, read or not: names and the dependency graph. */
  readonly crates: readonly CrateInfo[];
  readonly warnings: readonly string[];
  /** Every relevant blob was read and no cache file was damaged: the same inputs give the same facts. */
  readonly complete: boolean;
}

export interface StartupDeps {
  readonly blobs: BlobReader;
  readonly facts: FactsSource;
  readonly cacheDir: string;
}

/** How far reading a commit's code for its start-up paths has come. */
export interface StartupProgress {
  /** Files whose facts are in hand, of `of` relevant files. */
  readonly files: number;
  readonly of: number;
  /** Of those, the ones parsed in this run (the others came from the cache). */
  readonly parsed: number;
}

/** Below this many start-up parses a run does them inline: starting the workers costs more. */
const INLINE_PARSES = 24;

function cratesOf(files: readonly TreeFile[]): CrateInfo[] {
  const crates = new Map<string, CrateInfo>();
  for (const file of files) if (file.module.crate) crates.set(file.module.crate.dir, file.module.crate);
  return [...crates.values()];
}

/**
 * Only crates whose metrics start-up analysis asks about (lazily held, or labelled), the crates that
 * depend on them directly or through other crates (their mains and code may touch those statics) and
 * files outside any crate are read, and of those only the files of library and binary targets. A crate
 * left out cannot name an asked static.
 */
function relevantFiles(snapshot: Pick<Snapshot, 'files' | 'metrics'>, crates: readonly CrateInfo[]): TreeFile[] {
  const byPath = new Map(snapshot.files.map((s) => [s.path, s]));
  const wanted = new Set<string>();
  for (const metric of snapshot.metrics) {
    if (metric.holder === 'eager' && !metric.vec) continue;
    const crate = byPath.get(holderPath(metric))?.module.crate;
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
  // Tests, benches, examples and build scripts never run in the service: start-up paths never pass through them.
  return snapshot.files.filter((s) => runsInService(s.module) && (s.module.crate === null || wanted.has(s.module.crate.packageName)));
}

/**
 * Start-up facts of a snapshot's relevant files, through their own per-blob cache. Misses are read
 * together and parsed on the worker threads when there are many (a cold run reads most of a
 * workspace's code).
 */
export async function startupSourcesOf(
  snapshot: Pick<Snapshot, 'files' | 'metrics'>,
  deps: StartupDeps,
  onProgress: (progress: StartupProgress) => void = () => undefined,
): Promise<StartupSources> {
  const cache = new DiskBlobCache<StartupFacts>(deps.cacheDir, startupFingerprint(), 'startup');
  const crates = cratesOf(snapshot.files);
  try {
    const relevant = relevantFiles(snapshot, crates);
    const known = relevant.map((file) => cache.get(file.oid));
    const misses = known.filter((facts) => facts === undefined).length;
    const many = misses > INLINE_PARSES;
    const progress = { files: relevant.length - misses, of: relevant.length, parsed: 0 };
    onProgress({ ...progress });
    const read = await Promise.all(
      relevant.map(async (file, i): Promise<StartupFile | string | null> => {
        let facts = known[i];
        if (facts === undefined) {
          const blob = await deps.blobs.read(file.oid);
          const found = blob.kind === 'missing' ? null : blob.bytes;
          // Generated code is skipped as the listing skips it (and says so there).
          if (found !== null && found.length <= MAX_RUST_FILE_BYTES) {
            facts = await deps.facts.startupFacts(found, file.path, many);
            // A crashed worker is not a property of the blob: the next run tries again.
            if (!extractionCrashed(facts)) cache.set(file.oid, facts);
            progress.parsed++;
          }
          progress.files++;
          onProgress({ ...progress });
          if (found === null) return `${file.path} (blob ${file.oid}) is not in the local object store; its start-up paths are unknown`;
          if (facts === undefined) return null;
        }
        return { path: file.path, module: file.module, facts };
      }),
    );
    const files: StartupFile[] = [];
    const warnings: string[] = [];
    for (const result of read) {
      if (typeof result === 'string') warnings.push(result);
      else if (result !== null) {
        files.push(result);
        for (const d of result.facts.diagnostics) warnings.push(`${result.path}:${d.line}:${d.column}: ${d.message}`);
      }
    }
    const missing = read.some((result) => typeof result === 'string');
    return { files, crates, warnings: [...warnings, ...cache.warnings], complete: !missing && cache.warnings.length === 0 };
  } finally {
    cache.flush();
  }
}

/**
 * What start-up analysis of one commit (`ref` as the user named it) needs: its metrics (only the files they need are parsed for
 * them) and the start-up facts of the code that can touch their statics.
 */
export async function startupInputsAt(
  repo: Repository,
  ref: string,
  commit: string,
  deps: StartupDeps,
  onProgress?: (progress: StartupProgress) => void,
): Promise<{ readonly snapshot: Snapshot; readonly sources: StartupSources }> {
  const snapshot = await snapshotOfCommit(repo, ref, commit, deps, 'metric-files');
  return { snapshot, sources: await startupSourcesOf(snapshot, deps, onProgress) };
}
