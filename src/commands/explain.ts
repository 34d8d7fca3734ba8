import { commitsMentioned, explainMetric } from '../analyses/explain.js';
import { EXIT_FINDINGS, InvalidMetricNameError } from '../errors.js';
import { resolveCommit } from '../git/repo.js';
import { openAnalysis } from '../history/analysis-context.js';
import { describeCommits } from '../history/commit-summaries.js';
import { indexedRepository } from '../history/indexed-refs.js';
import type { Io } from '../io.js';
import { isAskableMetricName } from '../model/naming.js';
import { renderExplainJson, renderExplainText } from '../render/explain.js';
import { indexProgress } from './progress.js';

export interface ExplainCommandOptions {
  readonly metric: string;
  readonly deployed?: string;
  readonly repo: string;
  readonly refs?: readonly string[];
  /** `--only-refs`: index only these refs (see RefSelection). */
  readonly onlyRefs?: readonly string[];
  readonly json: boolean;
}

export async function runExplain(options: ExplainCommandOptions, io: Io): Promise<number> {
  // Only valid names are ever indexed, so anything else is a typo or a mangled argument, not a finding.
  if (!isAskableMetricName(options.metric)) throw new InvalidMetricNameError(options.metric);
  const context = await openAnalysis(options.repo, io.env);
  try {
    // Resolved while the index loads; an unknown ref still fails the run before anything is printed.
    const resolving = options.deployed ? resolveCommit(context.repo, options.deployed) : Promise.resolve(null);
    const extraCommits = resolving.then((commit) => (commit ? [commit] : []));
    // Awaited below (or inside the index update); these only keep an early failure elsewhere from leaving them unhandled.
    resolving.catch(() => undefined);
    extraCommits.catch(() => undefined);
    const progress = indexProgress(io);
    const indexed = await indexedRepository(context, {
      extraRefPatterns: options.refs ?? [],
      onlyRefs: options.onlyRefs ?? [],
      extraCommits,
      onProgress: progress.onProgress,
    });
    progress.done();
    const deployedCommit = await resolving;
    const explanation = explainMetric({
      query: options.metric,
      view: indexed.view,
      tips: indexed.tips,
      deployed: options.deployed && deployedCommit ? { ref: options.deployed, commit: deployedCommit } : null,
      mainline: indexed.mainline,
    });
    const infos = await describeCommits(context.repo, indexed.view, commitsMentioned(explanation));
    if (options.json) io.stdout(renderExplainJson(explanation, infos));
    else io.stdout(renderExplainText(explanation, infos));
    for (const w of [...context.warnings, ...indexed.warnings]) io.stderr(`warning: ${w}\n`);
    const verdict = explanation.verdict?.kind;
    return verdict === 'deployed' || (verdict === undefined && explanation.name) ? 0 : EXIT_FINDINGS;
  } finally {
    await context.close();
  }
}
