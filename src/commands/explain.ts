import { commitsMentioned, explainMetric } from '../analyses/explain.js';
import { EXIT_FINDINGS, InvalidMetricNameError } from '../errors.js';
import { resolveCommit } from '../git/repo.js';
import type { Io } from '../io.js';
import { isAskableMetricName } from '../model/naming.js';
import { renderExplainJson } from '../render/explain-json.js';
import { renderExplainText } from '../render/explain-text.js';
import { UsageError } from '../errors.js';
import { withOpenedRepository } from './repository-run.js';
import { AUTO, rejectPrometheusOnlyOptions, type PrometheusCommandOptions } from './prometheus-options.js';

export interface ExplainCommandOptions extends PrometheusCommandOptions {
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
  const auto = options.deployed === AUTO;
  if (options.prometheus === undefined) {
    rejectPrometheusOnlyOptions(options);
    if (auto) throw new UsageError('--deployed auto reads the revision from Prometheus: give --prometheus URL too');
  }
  const prometheus = options.prometheus === undefined ? null : await (await import('./explain-prometheus.js')).openExplainPrometheus(options, io.env);
  return withOpenedRepository(options.repo, io, async (opened) => {
    const running = prometheus ? await prometheus.running(opened.repo) : null;
    // Resolved while the index loads; an unknown ref still fails the run before anything is printed.
    const resolving = options.deployed && !auto ? resolveCommit(opened.repo, options.deployed) : Promise.resolve(null);
    const extraCommits = running ? Promise.resolve(running.flatMap((r) => (r.commit ? [r.commit] : []))) : resolving.then((commit) => (commit ? [commit] : []));
    // Awaited below (or inside the index update); these only keep an early failure elsewhere from leaving them unhandled.
    resolving.catch(() => undefined);
    extraCommits.catch(() => undefined);
    const indexed = await opened.index({ extraRefPatterns: options.refs ?? [], onlyRefs: options.onlyRefs ?? [], extraCommits });
    const deployedCommit = await resolving;
    const deployment = running && prometheus ? await prometheus.deployment(running, indexed) : null;
    const explanation = explainMetric({
      query: options.metric,
      view: indexed.view,
      tips: indexed.tips,
      deployed: deployment?.chosen ?? (options.deployed && deployedCommit ? { ref: options.deployed, commit: deployedCommit } : null),
      mainline: indexed.mainline,
    });
    const infos = await indexed.describeCommits(commitsMentioned(explanation));
    const series = prometheus ? await prometheus.series(explanation, options.metric) : null;
    if (options.json) io.stdout(renderExplainJson(explanation, infos, prometheus && series ? prometheus.json(series, deployment) : null));
    else io.stdout(renderExplainText(explanation, infos) + (prometheus && series ? prometheus.text(series, deployment) : ''));
    for (const w of [...indexed.warnings, ...(prometheus?.warnings ?? [])]) io.stderr(`warning: ${w}\n`);
    const verdict = explanation.verdict?.kind;
    return verdict === 'deployed' || (verdict === undefined && explanation.name) ? 0 : EXIT_FINDINGS;
  });
}
