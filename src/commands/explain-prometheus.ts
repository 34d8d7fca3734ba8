/**
 * What `explain --prometheus` asks of Prometheus: which revision runs (`--deployed auto`), and the
 * metric's series in the window. Loaded only with `--prometheus`, so a plain `explain` does not load
 * the client and its HTTP stack.
 */
import type { Deployment, ResolvedInstance } from '../analyses/deployed-revision.js';
import type { Explanation, RefPoint } from '../analyses/explain.js';
import { metricSeriesEvidence, type MetricSeriesEvidence } from '../analyses/metric-series.js';
import { jobMatchers } from '../analyses/prometheus-evidence.js';
import { buildSelector, nameAlternation } from '../dashboards/promql-selector.js';
import type { Repository } from '../git/repo.js';
import type { IndexView } from '../history/index-queries.js';
import { explainPrometheusJson } from '../render/prometheus-json.js';
import { explainPrometheusRows } from '../render/prometheus-text.js';
import { AUTO } from './prometheus-options.js';
import { buildInfoSeries, deploymentOf, prometheusSource, resolveBuildInfo, type PrometheusCommandOptions, type PrometheusSource } from './prometheus-source.js';

export interface ExplainPrometheus {
  /** With `--deployed auto`: the instances build info names, resolved in the repository; null otherwise. */
  running(repo: Repository): Promise<ResolvedInstance[] | null>;
  /** The revision that runs, from build info or from the metric names Prometheus has. */
  deployment(running: readonly ResolvedInstance[], index: { readonly view: IndexView; readonly tips: readonly RefPoint[]; readonly mainline: RefPoint | null }): Promise<Deployment>;
  series(explanation: Explanation, asked: string): Promise<MetricSeriesEvidence>;
  json(series: MetricSeriesEvidence, deployment: Deployment | null): object;
  text(series: MetricSeriesEvidence, deployment: Deployment | null): string;
  /** The client's warnings, as the command prints them. */
  readonly warnings: readonly string[];
}

/** Checks the server answers and, with `--deployed auto`, reads build info, before the repository is opened. */
export async function openExplainPrometheus(options: PrometheusCommandOptions & { readonly deployed?: string }, env: Readonly<Record<string, string | undefined>>): Promise<ExplainPrometheus> {
  const source = prometheusSource(options, env);
  // Called only when --prometheus was given, which is when there is a source.
  if (source === null) throw new Error('explain: no --prometheus URL to open');
  await source.client.serverVersion();
  const buildInfo = options.deployed === AUTO ? await buildInfoSeries(source, options.buildInfo ?? null) : null;
  return {
    running: async (repo) => (buildInfo ? resolveBuildInfo(repo, buildInfo) : null),
    deployment: (running, index) => deploymentOf(source, running, index),
    series: (explanation, asked) => seriesOf(source, explanation.definition?.series ?? [asked], explanation.verdict),
    json: (series, deployment) => explainPrometheusJson(source.url, series, deployment),
    text: (series, deployment) => explainPrometheusRows(source.url, series, deployment),
    get warnings() {
      return source.client.warnings.map((w) => `--prometheus: ${w}`);
    },
  };
}

/** Every series of the metric in the window, and the newest sample per job (an instant query sees the last five minutes). */
async function seriesOf(source: PrometheusSource, names: readonly string[], verdict: Explanation['verdict']): Promise<MetricSeriesEvidence> {
  const unique = [...new Set(names)];
  const found = await source.client.series(
    unique.map((n) => buildSelector(n, jobMatchers(source.job))),
    source.window,
  );
  const any = buildSelector(null, [{ label: '__name__', op: '=~', value: nameAlternation(unique) }, ...jobMatchers(source.job)]);
  const last = found.series.length > 0 ? await source.client.instantVector(`max by (job) (timestamp(${any}))`, source.now) : [];
  return metricSeriesEvidence(found.series, last, source.now, source.windowText, source.job, verdict);
}
