import { metricHistory } from '../analyses/metric-history.js';
import { EXIT_FINDINGS, InvalidMetricNameError } from '../errors.js';
import { openAnalysis } from '../history/analysis-context.js';
import { describeCommits } from '../history/commit-summaries.js';
import { indexedRepository } from '../history/indexed-refs.js';
import type { Io } from '../io.js';
import { isAskableMetricName } from '../model/naming.js';
import { renderHistoryJson, renderHistoryText } from '../render/history.js';
import { indexProgress } from './progress.js';

export interface HistoryCommandOptions {
  readonly metric: string;
  readonly repo: string;
  readonly refs?: readonly string[];
  /** `--only-refs`: index only these refs (see RefSelection). */
  readonly onlyRefs?: readonly string[];
  readonly json: boolean;
}

export async function runHistory(options: HistoryCommandOptions, io: Io): Promise<number> {
  // Only valid names are ever indexed, so anything else is a typo or a mangled argument, not a finding.
  if (!isAskableMetricName(options.metric)) throw new InvalidMetricNameError(options.metric);
  const context = await openAnalysis(options.repo, io.env);
  try {
    const progress = indexProgress(io);
    const indexed = await indexedRepository(context, { extraRefPatterns: options.refs ?? [], onlyRefs: options.onlyRefs ?? [], onProgress: progress.onProgress });
    progress.done();
    const history = metricHistory(options.metric, indexed.view, indexed.tips);
    const infos = await describeCommits(context.repo, indexed.view, history.events.map((e) => e.commit));
    io.stdout(options.json ? renderHistoryJson(history, infos) : renderHistoryText(history, infos));
    for (const w of [...context.warnings, ...indexed.warnings]) io.stderr(`warning: ${w}\n`);
    return history.name ? 0 : EXIT_FINDINGS;
  } finally {
    await context.close();
  }
}
