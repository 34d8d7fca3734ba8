import { startedLog } from '../git/log-stream.js';
import { headFromFile, headState, listRefs, shortRefName, type HeadState, type Repository } from '../git/repo.js';
import { refMatcher, type RefSelection } from '../model/ref-selection.js';
import type { RefRecord } from '../git/parse.js';
import { emptyIndex, hasCommit, type IndexData } from './index-model.js';
import type { IndexDeps, IndexProgress, IndexStats } from './index-run.js';
import { IndexFile } from './index-store.js';
import { staleIndexReason } from './index-staleness.js';

export const DEFAULT_REF_PATTERNS = ['refs/heads', 'refs/remotes', 'refs/tags'];

/**
 * for-each-ref's `*` stops at `/`, so `refs/pull/*` would miss `refs/pull/7/head`; a trailing `/*` or
 * `/**` means "everything below", which for-each-ref spells as the bare prefix.
 */
export function refPatterns(extra: readonly string[]): string[] {
  return [...DEFAULT_REF_PATTERNS, ...extra.map((p) => p.replace(/\/\*{1,2}$/, ''))];
}

export interface IndexOptions {
  /** Extra ref namespaces (`refs/pull/*`), beyond branches, remote-tracking branches and tags. */
  readonly extraRefPatterns?: readonly string[];
  /** Only these refs (see RefSelection); HEAD is indexed only when no selection is given. May still be read from the repository. */
  readonly selection?: RefSelection | Promise<RefSelection>;
  /** Commits to index even when no ref reaches them (a deployed SHA); may still be resolving. */
  readonly extraCommits?: readonly string[] | Promise<readonly string[]>;
  readonly onProgress?: (progress: IndexProgress) => void;
}

export interface IndexResult {
  readonly data: IndexData;
  /** The refs the index was brought up to date with, without the symbolic `origin/HEAD` kind. */
  readonly refs: readonly RefRecord[];
  readonly head: HeadState;
  /** The commits this run asked about (ref tips and extra commits): answers cover what they reach. */
  readonly roots: readonly string[];
  readonly stats: IndexStats;
  readonly warnings: readonly string[];
}

/** Brings the persisted index up to date with every ref, walking only commits it has not seen. */
export async function updateIndex(repo: Repository, deps: IndexDeps, options: IndexOptions = {}): Promise<IndexResult> {
  // git answers while the index file is read.
  const asked = Promise.all([listRefs(repo, refPatterns(options.extraRefPatterns ?? [])), options.extraCommits ?? [], options.selection ?? null]);
  asked.catch(() => undefined);
  const file = new IndexFile(deps.cacheDir, deps.fingerprint);
  const loaded = file.load();
  const warnings = [...loaded.warnings];
  const stale = loaded.data && staleIndexReason(loaded.data, repo, deps.localObjects ?? null);
  const data = loaded.data && !stale ? loaded.data : emptyIndex(deps.fingerprint);
  const [listed, extraCommits, selection] = await asked;
  const head = headFromFile(repo, listed) ?? (await headState(repo));
  const selected = refMatcher(selection);
  const refs = listed.filter((r) => !r.name.endsWith('/HEAD') && selected(r.name, shortRefName(r.name)));
  const tips = new Map<string, string>(refs.map((r) => [r.name, r.commit]));
  if (head.commit && selection === null) tips.set('HEAD', head.commit);

  const unseen = [...new Set([...tips.values(), ...extraCommits])].filter((c) => !hasCommit(data, c));
  let stats: IndexStats = { newCommits: 0, resolutions: 0, treeStateMisses: 0, deferredChecked: 0 };
  if (unseen.length > 0) {
    const known = Object.values(data.tips).filter((c) => hasCommit(data, c));
    // git walks the log, and cat-file starts (nearly every walk reads a blob), while the builder loads.
    const commits = startedLog(repo, [...unseen, ...[...new Set(known)].map((c) => `^${c}`)]);
    deps.blobs.prepare();
    // The builder and everything it needs load only when there are commits to add: warm runs skip them.
    const { addCommits } = await import('./index-builder.js');
    const walked = await addCommits(repo, data, deps, file, { commits, tips: new Set([...tips.values(), ...extraCommits]) }, options.onProgress);
    stats = { newCommits: walked.newCommits, resolutions: walked.resolutions, treeStateMisses: walked.treeStateMisses, deferredChecked: walked.deferredChecked };
    warnings.push(...walked.warnings);
  }
  const changedTips = [...tips].some(([name, commit]) => data.tips[name] !== commit) || Object.keys(data.tips).length !== tips.size;
  const result: IndexData = { ...data, tips: Object.fromEntries(tips), localObjects: deps.localObjects ?? undefined };
  if (stats.newCommits > 0 || changedTips || !loaded.data || stale || data.localObjects !== result.localObjects) file.save(result);
  return {
    data: result,
    refs,
    head,
    roots: [...new Set([...tips.values(), ...extraCommits])],
    stats,
    warnings,
  };
}

