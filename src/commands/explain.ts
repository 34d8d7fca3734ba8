import { commitsMentioned, explainMetric } from '../analyses/explain.js';
import { EXIT_FINDINGS, InvalidMetricNameError } from '../errors.js';
import { resolveCommit } from '../git/repo.js';
import type { Io } from '../io.js';
import { isAskableMetricName } from '../model/naming.js';
import { renderExplainJson } from '../render/explain-json.js';
import { renderExplainText } from '../render/explain-text.js';
import { metricSeriesEvidence } from '../analyses/metric-series.js';
import { buildSelector, nameAlternation } from '../dashboards/promql-selector.js';
import { jobMatchers } from '../analyses/prometheus-evidence.js';
import { UsageError } from '../errors.js';
import { explainPrometheusJson } from '../render/prometheus-json.js';
import { explainPrometheusRows } from '../render/prometheus-text.js';
import { withOpenedRepository } from './repository-run.js';
import { AUTO, buildInfoSeries, deploymentOf, prometheusSource, resolveBuildInfo, type PrometheusCommandOptions, type PrometheusSource } from './prometheus-source.js';

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
  const source = prometheusSource(options, io.env);
  const auto = options.deployed === AUTO;
  if (auto && !source) throw new UsageError('--deployed auto reads the revision from Prometheus: give --prometheus URL too');
  if (source) await source.client.serverVersion();
  const buildInfo = source && auto ? await buildInfoSeries(source, options.buildInfo ?? null) : null;
  return withOpenedRepository(options.repo, io, async (opened) => {
    const running = buildInfo ? await resolveBuildInfo(opened.repo, buildInfo) : null;
    // Resolved while the index loads; an unknown ref still fails the run before anything is printed.
    const resolving = options.deployed && !auto ? resolveCommit(opened.repo, options.deployed) : Promise.resolve(null);
    const extraCommits = running ? Promise.resolve(running.flatMap((r) => (r.commit ? [r.commit] : []))) : resolving.then((commit) => (commit ? [commit] : []));
    // Awaited below (or inside the index update); these only keep an early failure elsewhere from leaving them unhandled.
    resolving.catch(() => undefined);
    extraCommits.catch(() => undefined);
    const indexed = await opened.index({ extraRefPatterns: options.refs ?? [], onlyRefs: options.onlyRefs ?? [], extraCommits });
    const deployedCommit = await resolving;
    const deployment = running && source ? await deploymentOf(source, running, indexed) : null;
    const explanation = explainMetric({
      query: options.metric,
      view: indexed.view,
      tips: indexed.tips,
      deployed: deployment?.chosen ?? (options.deployed && deployedCommit ? { ref: options.deployed, commit: deployedCommit } : null),
      mainline: indexed.mainline,
    });
    const infos = await indexed.describeCommits(commitsMentioned(explanation));
    const series = source ? await seriesOf(source, explanation.definition?.series ?? [options.metric], explanation.verdict) : null;
    if (options.json) io.stdout(renderExplainJson(explanation, infos, source && series ? explainPrometheusJson(source.url, series, deployment) : null));
    else io.stdout(renderExplainText(explanation, infos) + (source && series ? explainPrometheusRows(source.url, series, deployment) : ''));
    for (const w of [...indexed.warnings, ...(source?.client.warnings ?? []).map((w) => `--prometheus: ${w}`)]) io.stderr(`warning: ${w}\n`);
    const verdict = explanation.verdict?.kind;
    return verdict === 'deployed' || (verdict === undefined && explanation.name) ? 0 : EXIT_FINDINGS;
  });
}

/** Every series of the metric in the window, and the newest sample per job (an instant query sees the last five minutes). */
async function seriesOf(source: PrometheusSource, names: readonly string[], verdict: Parameters<typeof metricSeriesEvidence>[5]) {
  const unique = [...new Set(names)];
  const found = await source.client.series(
    unique.map((n) => buildSelector(n, jobMatchers(source.job))),
    source.window,
  );
  const any = buildSelector(null, [{ label: '__name__', op: '=~', value: nameAlternation(unique) }, ...jobMatchers(source.job)]);
  const last = found.series.length > 0 ? await source.client.instantVector(`max by (job) (timestamp(${any}))`, source.now) : [];
  return metricSeriesEvidence(found.series, last, source.now, source.windowText, source.job, verdict);
}
