import type { BlobReader } from '../git/cat-file.js';
import { commitAndTreeOf, listTree, resolveCommit, type Repository } from '../git/repo.js';
import type { TreeEntry } from '../git/parse.js';
import { fileModule } from '../model/crate-layout.js';
import type { MetricDefinition, UnresolvedRegistration } from '../model/metric.js';
import type { SourceFile } from '../model/module-index.js';
import { resolveMetrics, type WrapperUse } from '../model/resolve-metrics.js';
import type { FactsSource } from './facts-source.js';
import type { SnapshotStore } from './snapshot-store.js';
import { treeStructureOf } from './tree-structure.js';

/** Every metric defined by one commit's tree. */
export interface Snapshot {
  readonly ref: string;
  readonly commit: string;
  readonly metrics: readonly MetricDefinition[];
  readonly unresolved: readonly UnresolvedRegistration[];
  readonly warnings: readonly string[];
  /** False when some blob could not be read: the metric list may be missing entries. */
  readonly complete: boolean;
  /** The parsed Rust files with their facts. */
  readonly sources: readonly SourceFile[];
  /** Every Rust file of the tree that could be read, parsed or not, for analyses that read all code (start-up paths). */
  readonly files: readonly TreeFile[];
  /** Functions and macros that register metrics for their callers, inferred or from `provenance.json`. */
  readonly wrappers: readonly WrapperUse[];
}

export interface SnapshotDeps {
  readonly blobs: BlobReader;
  readonly facts: FactsSource;
  /** Also warn about what cannot change the answer (syntax errors away from any registration). */
  readonly verbose?: boolean;
}

/** A Rust file of a tree and its place in the module tree. */
export type TreeFile = Omit<SourceFile, 'facts'>;

/** A snapshot without the files: all that listing a tree's metrics and wrappers needs. */
export type SnapshotListing = Omit<Snapshot, 'sources' | 'files'>;

/**
 * A tree's listing, from the store when the same tree was listed before (one file instead of every
 * blob of the tree), else computed and stored.
 */
export async function snapshotListingAt(repo: Repository, ref: string, deps: SnapshotDeps & { readonly store: SnapshotStore }): Promise<SnapshotListing> {
  const { commit, tree } = await commitAndTree(repo, ref, deps.blobs);
  // A quiet listing reads what the metrics need; a verbose one reads every file for its syntax warnings.
  const read: FilesRead = deps.verbose === true ? 'every-file' : 'metric-files';
  const key = tree === null ? null : `${tree}.${read}`;
  const stored = key === null ? null : deps.store.read<Omit<SnapshotListing, 'ref' | 'commit'>>(key);
  if (stored !== null) return { ref, commit, ...stored };
  const { sources: _sources, files: _files, ref: _ref, commit: _commit, ...summary } = await snapshotOfCommit(repo, ref, commit, deps, read);
  if (key !== null) deps.store.write(key, summary);
  return { ref, commit, ...summary };
}

/** The commit `ref` names and its tree (null when the commit object cannot be read): one git spawn in the usual case. */
export async function commitAndTree(repo: Repository, ref: string, blobs: BlobReader): Promise<{ readonly commit: string; readonly tree: string | null }> {
  const both = await commitAndTreeOf(repo, ref);
  if (both !== null) return both;
  const commit = await resolveCommit(repo, ref);
  return { commit, tree: await treeOfCommit(commit, blobs) };
}

/** The tree a commit records, read from the commit object (null when it cannot be read). */
async function treeOfCommit(commit: string, blobs: BlobReader): Promise<string | null> {
  const object = await blobs.read(commit);
  if (object.kind !== 'found') return null;
  return /^tree ([0-9a-f]{40,64})\n/.exec(object.bytes.toString('latin1', 0, 100))?.[1] ?? null;
}

export async function snapshotAt(repo: Repository, ref: string, deps: SnapshotDeps, read: FilesRead = 'every-file'): Promise<Snapshot> {
  return snapshotOfCommit(repo, ref, await resolveCommit(repo, ref), deps, read);
}

/**
 * Which Rust files a snapshot parses: every one, or only those its metrics need (see
 * `factsForMetrics`; the others' syntax warnings go unreported, and `sources` holds the parsed ones).
 */
export type FilesRead = 'every-file' | 'metric-files';

/** The snapshot of `commit`, which `ref` names (messages say the ref as the user gave it). */
export async function snapshotOfCommit(repo: Repository, ref: string, commit: string, deps: SnapshotDeps, read: FilesRead): Promise<Snapshot> {
  const entries = await listTree(repo, commit);
  const structure = await treeStructureOf(entries, ref, deps.blobs);
  const { files: tree, layout, config } = structure;
  const warnings: string[] = [...structure.warnings];
  let complete = structure.complete;

  deps.facts.expectTreeOf(tree.rust.length, read === 'every-file');
  const files =
    read === 'every-file'
      ? await Promise.all(tree.rust.map((entry) => deps.facts.factsOf(entry.oid, entry.path)))
      : await (await import('./facts-for-metrics.js')).factsForMetrics(entries, tree.rust, deps.facts, deps.blobs);
  const sources: SourceFile[] = [];
  const readable: TreeFile[] = [];
  for (const [i, result] of files.entries()) {
    const entry = tree.rust[i] as TreeEntry;
    if (result.kind === 'missing') {
      complete = false;
      warnings.push(`${entry.path} (blob ${entry.oid}) is not in the local object store (partial clone?); metrics it defines are unknown`);
      continue;
    }
    if (result.kind === 'too-large') {
      warnings.push(`${entry.path} is ${(result.bytes / 1048576).toFixed(1)} MiB, above the 2 MiB limit for Rust sources; skipped as generated code`);
      continue;
    }
    const file: TreeFile = { path: entry.path, oid: entry.oid, module: fileModule(entry.path, layout.crates) };
    readable.push(file);
    if (result.kind === 'deferred') continue;
    for (const d of result.facts.diagnostics) if (deps.verbose === true || d.quiet !== true) warnings.push(`${entry.path}:${d.line}:${d.column}: ${d.message}`);
    sources.push({ ...file, facts: result.facts });
  }
  const resolved = resolveMetrics(sources, layout.crates, config);
  return {
    ref,
    commit,
    metrics: resolved.metrics,
    unresolved: resolved.unresolved,
    warnings: [...warnings, ...resolved.warnings],
    complete,
    sources,
    files: readable,
    wrappers: resolved.wrappers,
  };
}
