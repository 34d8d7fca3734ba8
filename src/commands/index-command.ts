import type { Io } from '../io.js';
import { envelope } from '../render/json.js';
import { withIndexedRepository } from './repository-run.js';

export interface IndexCommandOptions {
  readonly repo: string;
  readonly refs?: readonly string[];
  /** `--only-refs`: index only these refs (see RefSelection). */
  readonly onlyRefs?: readonly string[];
  readonly json: boolean;
}

export async function runIndex(options: IndexCommandOptions, io: Io): Promise<number> {
  return withIndexedRepository(options.repo, io, { extraRefPatterns: options.refs ?? [], onlyRefs: options.onlyRefs ?? [] }, async (indexed, { context }) => {
    const summary = {
      commits: indexed.view.commitCount,
      newCommits: indexed.stats.newCommits,
      metrics: indexed.view.allMetricNames().length,
      refs: indexed.tips.length,
      blobsExtracted: context.facts.counters.extracted,
      blobsPrefiltered: context.facts.counters.prefiltered,
      blobsDeferred: context.facts.counters.deferred,
      cacheHits: context.facts.counters.cacheHits,
      cacheDirectory: context.cacheDir,
    };
    if (options.json) io.stdout(envelope('index', summary));
    else {
      io.stdout(
        `indexed ${summary.commits} commits (${summary.newCommits} new) on ${summary.refs} refs: ${summary.metrics} metrics ever defined\n` +
          `blobs parsed ${summary.blobsExtracted}, skipped by prefilter ${summary.blobsPrefiltered}, ` +
          `deferred ${summary.blobsDeferred} (names and call sites only, parsed when a tree needs them), from cache ${summary.cacheHits}\n` +
          `cache: ${summary.cacheDirectory}\n`,
      );
    }
    for (const w of indexed.warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  });
}
