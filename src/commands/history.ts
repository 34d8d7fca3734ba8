import { metricHistory } from '../analyses/metric-history.js';
import { EXIT_FINDINGS, InvalidMetricNameError } from '../errors.js';
import type { Io } from '../io.js';
import { isAskableMetricName } from '../model/naming.js';
import { renderHistoryJson } from '../render/history-json.js';
import { renderHistoryText } from '../render/history-text.js';
import { withIndexedRepository } from './repository-run.js';

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
  return withIndexedRepository(options.repo, io, { extraRefPatterns: options.refs ?? [], onlyRefs: options.onlyRefs ?? [] }, async (indexed) => {
    const history = metricHistory(options.metric, indexed.view, indexed.tips);
    const infos = await indexed.describeCommits(history.events.map((e) => e.commit));
    io.stdout(options.json ? renderHistoryJson(history, infos) : renderHistoryText(history, infos));
    for (const w of indexed.warnings) io.stderr(`warning: ${w}\n`);
    return history.name ? 0 : EXIT_FINDINGS;
  });
}
