/** Which metric a sample name can belong to, given the suffixes client libraries and exporters append. */

export type SeriesSuffix = '_bucket' | '_sum' | '_count' | '_total' | '_created' | '_info' | '_gcount' | '_gsum';

export type SeriesFamilyType = 'histogram' | 'summary' | 'counter' | 'info' | 'gaugehistogram';

export interface SeriesCandidate {
  /** The metric name the sample would belong to. */
  readonly name: string;
  /** The suffix that was stripped, or `null` when the sample name is the metric name itself. */
  readonly suffix: SeriesSuffix | null;
  /** Metric types that expose this suffix; empty for the name itself (any type). */
  readonly types: readonly SeriesFamilyType[];
}

/** In order of how often each suffix is the real explanation for a missing exact match. */
const SUFFIXES: readonly { readonly suffix: SeriesSuffix; readonly types: readonly SeriesFamilyType[] }[] = [
  { suffix: '_bucket', types: ['histogram', 'gaugehistogram'] },
  { suffix: '_sum', types: ['histogram', 'summary'] },
  { suffix: '_count', types: ['histogram', 'summary'] },
  // prometheus-client and OpenMetrics exporters append `_total` to a counter registered without it.
  { suffix: '_total', types: ['counter'] },
  { suffix: '_created', types: ['counter', 'histogram', 'summary'] },
  { suffix: '_info', types: ['info'] },
  { suffix: '_gcount', types: ['gaugehistogram'] },
  { suffix: '_gsum', types: ['gaugehistogram'] },
];

/** Every reading of `sample`: itself first, then each metric it could be a suffixed series of. */
export function seriesCandidates(sample: string): readonly SeriesCandidate[] {
  const candidates: SeriesCandidate[] = [{ name: sample, suffix: null, types: [] }];
  for (const { suffix, types } of SUFFIXES) {
    if (sample.length > suffix.length && sample.endsWith(suffix)) {
      const base = sample.slice(0, -suffix.length);
      candidates.push({ name: base, suffix, types });
      // A counter registered as `x_total` exposes its creation time as `x_created`.
      if (suffix === '_created') candidates.push({ name: `${base}_total`, suffix, types: ['counter'] });
    }
  }
  return candidates;
}

/** The metric names an exposed sample name can belong to, in priority order, the name itself first. */
export function candidateBaseNames(sample: string): string[] {
  return seriesCandidates(sample).map((c) => c.name);
}
