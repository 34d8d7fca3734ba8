/** `--prometheus` and its options, shared by `dashboard` and `explain`: the client, the window, and which revision runs. */
import {
  buildInfoInstances,
  deploymentFromBuildInfo,
  deploymentFromMetricNames,
  type Deployment,
  type ResolvedInstance,
} from '../analyses/deployed-revision.js';
import type { RefPoint } from '../analyses/explain.js';
import { jobMatchers, selectorText, type SeriesObservations } from '../analyses/prometheus-evidence.js';
import { parseDuration, relativeWindowSeconds } from '../dashboards/dashboard-settings.js';
import { redactUrl } from '../dashboards/http-fetch.js';
import { PrometheusClient, type LabelSet, type TimeWindow } from '../dashboards/prometheus-api.js';
import { buildSelector, isMetricName } from '../dashboards/promql-selector.js';
import { ProvenanceError, UsageError } from '../errors.js';
import { resolveCommit, type Repository } from '../git/repo.js';
import { rejectPrometheusOnlyOptions, type PrometheusCommandOptions } from './prometheus-options.js';
import type { IndexView } from '../history/index-queries.js';

export { AUTO, type PrometheusCommandOptions } from './prometheus-options.js';

export interface PrometheusSource {
  readonly client: PrometheusClient;
  readonly url: string;
  readonly window: TimeWindow;
  /** As written in messages: `1h`, `6h`. */
  readonly windowText: string;
  readonly job: string | null;
  readonly now: number;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Checks the options that need `--prometheus` and builds its client; null without `--prometheus`. */
export function prometheusSource(options: PrometheusCommandOptions, env: Readonly<Record<string, string | undefined>>, dashboardFrom: string | null = null): PrometheusSource | null {
  if (options.prometheus === undefined) {
    rejectPrometheusOnlyOptions(options);
    return null;
  }
  if (options.buildInfo !== undefined && !isMetricName(options.buildInfo)) {
    throw new UsageError(`--build-info ${JSON.stringify(options.buildInfo)} is not a metric name (names match [a-zA-Z_:][a-zA-Z0-9_:]*)`);
  }
  let seconds: number;
  let windowText: string;
  if (options.since !== undefined) {
    const parsed = parseDuration(options.since);
    if (parsed === null) throw new UsageError(`--since ${JSON.stringify(options.since)} is not a duration; give one such as 30m, 1h, 6h or 2d`);
    seconds = parsed;
    windowText = options.since;
  } else {
    const relative = relativeWindowSeconds(dashboardFrom);
    seconds = relative ?? 3600;
    windowText = relative !== null ? (dashboardFrom as string).replace(/^now-/, '') : '1h';
  }
  const headers = parseHeaders(options.header ?? [], env);
  const client = new PrometheusClient({ url: options.prometheus, headers, env, ...(options.prometheusLimits ? { limits: options.prometheusLimits } : {}) });
  const now = Date.now() / 1000;
  return { client, url: redactUrl(options.prometheus), window: { start: now - seconds, end: now }, windowText, job: options.job ?? null, now };
}

/** `Name: value` pairs; `${NAME}` in a value comes from the environment, so a token need not be typed into the shell. */
export function parseHeaders(values: readonly string[], env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of values) {
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) throw new UsageError(`--header ${JSON.stringify(raw.slice(0, 40))}: give 'Name: value', e.g. --header 'Authorization: Bearer \${PROM_TOKEN}'`);
    const value = raw.slice(colon + 1).trim().replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, variable: string) => {
      const found = env[variable];
      if (found === undefined) throw new UsageError(`--header ${name}: environment variable ${variable} is not set`);
      return found;
    });
    // eslint-disable-next-line no-control-regex
    if (/[\r\n\u0000]/.test(value)) throw new UsageError(`--header ${name}: the value holds a line break or NUL`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Every `*_build_info` series (or `--build-info METRIC`) in the window, restricted to `--job`. */
export async function buildInfoSeries(source: PrometheusSource, metric: string | null): Promise<LabelSet[]> {
  const selector = metric !== null ? buildSelector(metric, jobMatchers(source.job)) : buildSelector(null, [{ label: '__name__', op: '=~', value: '.+_build_info' }, ...jobMatchers(source.job)]);
  return [...(await source.client.series([selector], source.window)).series];
}

/** Tries each claim of each build-info series against the repository: a SHA prefix, then tags. */
export async function resolveBuildInfo(repo: Repository, series: readonly LabelSet[]): Promise<ResolvedInstance[]> {
  const cache = new Map<string, string | null>();
  const resolve = async (revision: string): Promise<string | null> => {
    if (!cache.has(revision)) {
      try {
        cache.set(revision, await resolveCommit(repo, revision));
      } catch (error) {
        if (!(error instanceof ProvenanceError)) throw error;
        cache.set(revision, null);
      }
    }
    return cache.get(revision) ?? null;
  };
  const out: ResolvedInstance[] = [];
  for (const instance of buildInfoInstances(series)) {
    let found: ResolvedInstance | null = null;
    for (const claim of instance.claims) {
      for (const revision of claim.revisions) {
        const commit = await resolve(revision);
        if (commit) {
          found = { metric: instance.metric, job: instance.job, instance: instance.instance, label: claim.label, value: claim.value, commit };
          break;
        }
      }
      if (found) break;
    }
    const first = instance.claims[0];
    out.push(found ?? { metric: instance.metric, job: instance.job, instance: instance.instance, label: first?.label ?? null, value: first?.value ?? null, commit: null });
  }
  return out;
}

/** Which revision runs: from build info when it names one, else the ref whose metric set fits what Prometheus has. */
export async function deploymentOf(
  source: PrometheusSource,
  resolved: readonly ResolvedInstance[],
  index: { readonly view: IndexView; readonly tips: readonly RefPoint[]; readonly mainline: RefPoint | null },
): Promise<Deployment> {
  const defaultBranch = index.mainline?.ref ?? null;
  const fromBuildInfo = deploymentFromBuildInfo(resolved, index.tips, defaultBranch);
  if (fromBuildInfo.chosen) return fromBuildInfo;
  const reference = index.mainline ?? index.tips[0];
  const names = await metricNamesIn(source);
  const fromNames = reference ? deploymentFromMetricNames(names, index.view, index.tips, reference, resolved.length) : null;
  if (!fromNames?.chosen) {
    throw new UsageError(`--deployed auto: ${fromNames?.sentences[0] ?? 'nothing tells which revision runs'}; pass --deployed REF${source.job ? '' : ' (or --job JOB)'}`);
  }
  return { ...fromNames, sentences: [...fromBuildInfo.sentences, ...fromNames.sentences] };
}

/** Names of every metric with series in the window (`__name__` values), within `--job`. */
export async function metricNamesIn(source: PrometheusSource): Promise<Set<string>> {
  const matches = source.job === null ? [] : [buildSelector(null, jobMatchers(source.job))];
  return new Set(await source.client.labelValues('__name__', matches, source.window));
}

/** Series of every name, in batches, and the series count of each selector with matchers, one request each. */
export async function observeSeries(source: PrometheusSource, questions: { names: readonly string[]; selectors: readonly string[] }): Promise<SeriesObservations> {
  const byName = new Map<string, LabelSet[]>();
  const answer = await source.client.series(
    questions.names.map((n) => selectorText(n, [], source.job)),
    source.window,
  );
  for (const s of answer.series) {
    const name = s['__name__'];
    if (name === undefined) continue;
    const list = byName.get(name) ?? [];
    list.push(s);
    byName.set(name, list);
  }
  let truncated = answer.truncated;
  const bySelector = new Map<string, number>();
  for (const selector of questions.selectors) {
    const one = await source.client.series([selector], source.window);
    truncated ||= one.truncated;
    bySelector.set(selector, one.series.length);
  }
  return { window: source.windowText, job: source.job, byName, truncated, bySelector };
}
