import type { CommitInfo, Repository } from '../git/repo.js';
import { openAnalysis, type AnalysisContext } from '../history/analysis-context.js';
import { describeCommits } from '../history/commit-summaries.js';
import type { IndexView } from '../history/index-queries.js';
import type { IndexStats } from '../history/index-run.js';
import { indexedRepository, type IndexedRepositoryOptions, type RefTip } from '../history/indexed-repository.js';
import type { Io } from '../io.js';
import { indexProgress } from './progress.js';

/** A repository opened for one command: git, its blob reader and extraction cache, closed when the command ends. */
export interface OpenedRepository {
  readonly repo: Repository;
  /** For analyses that read blobs and stored answers themselves (listings, start-up analysis, dependencies). */
  readonly context: AnalysisContext;
  /** Builds or updates the history index, drawing its progress on stderr. */
  index(options?: Omit<IndexedRepositoryOptions, 'onProgress'>): Promise<IndexedRun>;
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
    get warnings() {
      return context.warnings;
    },
  };
}
