import type { CommitInfo, Repository } from '../git/repo.js';
import { openAnalysis, type AnalysisContext } from '../history/analysis-context.js';
import { describeCommits } from '../history/commit-summaries.js';
import type { DependenciesAt } from '../history/dependencies-at.js';
import type { IndexView } from '../history/index-queries.js';
import type { IndexStats } from '../history/index-run.js';
import { indexedRepository, type IndexedRepositoryOptions, type RefTip } from '../history/indexed-repository.js';
import type { SnapshotListing } from '../history/snapshot.js';
import type { Io } from '../io.js';
import type { StartupAtCommit } from '../analyses/startup-at.js';
import { indexProgress, startupProgress } from './progress.js';

/** A repository opened for one command: git, its blob reader and extraction cache, closed when the command ends. */
export interface OpenedRepository {
  readonly repo: Repository;
  /** For analyses that read blobs and stored answers themselves (`startupAt`). */
  readonly context: AnalysisContext;
  /** Builds or updates the history index, drawing its progress on stderr. */
  index(options?: Omit<IndexedRepositoryOptions, 'onProgress'>): Promise<IndexedRun>;
  /** The metrics and wrappers of the tree `ref` names, from the stored listing when that tree was listed before. */
  listingAt(ref: string, options?: { readonly verbose?: boolean }): Promise<SnapshotListing>;
  /** The crates `commit` builds with and the metric exporters among them. */
  dependenciesAt(commit: string, ref: string): Promise<DependenciesAt>;
  /**
   * Start-up analysis of `ref` (see `startupAt`), drawing its progress on stderr while it reads the
   * code; `named` is how the progress names the commit (the ref the user gave), `ref` by default.
   */
  startupAt(ref: string, options: { readonly includeTests: boolean; readonly named?: string }): Promise<StartupAtCommit>;
  /** Cache and partial-clone problems; a getter, as they grow while the command works, so read it last. */
  readonly warnings: readonly string[];
}

/** The index, brought up to date for one command. */
export interface IndexedRun {
  readonly view: IndexView;
  readonly tips: readonly RefTip[];
  /** The checked-out branch, else `main`/`master`: where "landed on" is judged without --deployed. */
  readonly mainline: RefTip | null;
  readonly stats: IndexStats;
  /** Subject, author and date of each named commit, for the renderers. */
  describeCommits(commits: readonly string[]): Promise<Map<string, CommitInfo>>;
  /** The repository's warnings, then the index's; a getter, like `OpenedRepository.warnings`. */
  readonly warnings: readonly string[];
}

/**
 * Opens the repository, runs `run` with it, and closes it however `run` ends. Closing persists the
 * extraction cache, so a command that fails half-way still keeps what it parsed.
 */
export async function withOpenedRepository<T>(repo: string, io: Io, run: (opened: OpenedRepository) => Promise<T>): Promise<T> {
  const context = await openAnalysis(repo, io.env);
  try {
    return await run(openedRepository(context, io));
  } finally {
    await context.close();
  }
}

/** `withOpenedRepository` for a command that indexes before anything else (nothing to resolve first). */
export async function withIndexedRepository<T>(
  repo: string,
  io: Io,
  options: Omit<IndexedRepositoryOptions, 'onProgress'>,
  run: (indexed: IndexedRun, opened: OpenedRepository) => Promise<T>,
): Promise<T> {
  return withOpenedRepository(repo, io, async (opened) => run(await opened.index(options), opened));
}

function openedRepository(context: AnalysisContext, io: Io): OpenedRepository {
  return {
    repo: context.repo,
    context,
    async index(options = {}) {
      const progress = indexProgress(io);
      const indexed = await indexedRepository(context, { ...options, onProgress: progress.onProgress });
      progress.done();
      return {
        view: indexed.view,
        tips: indexed.tips,
        mainline: indexed.mainline,
        stats: indexed.stats,
        describeCommits: (commits) => describeCommits(context.repo, indexed.view, commits),
        get warnings() {
          return [...context.warnings, ...indexed.warnings];
        },
      };
    },
    // Listing, dependencies and start-up analysis load when asked: a command that only reads the index
    // (`explain`, `history`) would otherwise compile their code on every run.
    async listingAt(ref, options = {}) {
      const { snapshotListingAt } = await import('../history/snapshot.js');
      return snapshotListingAt(context.repo, ref, { blobs: context.blobs, facts: context.facts, store: context.snapshots, verbose: options.verbose === true });
    },
    async dependenciesAt(commit, ref) {
      const { dependenciesAt } = await import('../history/dependencies-at.js');
      return dependenciesAt(context.repo, commit, ref, context.blobs);
    },
    async startupAt(ref, { includeTests, named }) {
      const { startupAt } = await import('../analyses/startup-at.js');
      const progress = startupProgress(io, named ?? ref);
      try {
        return await startupAt(context, ref, { includeTests, onProgress: progress.onProgress });
      } finally {
        progress.done();
      }
    },
    get warnings() {
      return context.warnings;
    },
  };
}
