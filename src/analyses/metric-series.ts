import type { InstantSample, LabelSet } from '../dashboards/prometheus-api.js';
import type { Verdict } from './explain.js';
import { jobsOf } from './prometheus-evidence.js';

export interface JobSeries {
  readonly job: string;
  readonly series: number;
  /** Seconds since the job's newest sample, when it has one in the last five minutes. */
  readonly lastSampleAgo: number | null;
}

/** What Prometheus has of one metric, next to the git verdict (`explain --prometheus`). */
export interface MetricSeriesEvidence {
  readonly window: string;
  readonly job: string | null;
  readonly present: boolean;
  readonly series: number;
  readonly jobs: readonly JobSeries[];
  readonly text: string;
}

/**
 * `series`: every series of the metric's sample names in the window; `lastSamples`: the newest sample
 * time per job (`max by (job) (timestamp(...))`, which sees the last five minutes).
 */
export function metricSeriesEvidence(
  series: readonly LabelSet[],
  lastSamples: readonly InstantSample[],
  now: number,
  window: string,
  job: string | null,
  verdict: Verdict | null,
): MetricSeriesEvidence {
  const where = `in the last ${window}${job ? ` (job ${job})` : ''}`;
  if (series.length === 0) {
    const why = verdict?.kind === 'deployed' ? `, although ${verdict.ref} defines it: it is registered lazily and not used yet, or this Prometheus does not scrape the service` : '';
    return { window, job, present: false, series: 0, jobs: [], text: `Prometheus has no series for this metric ${where}${why}` };
  }
  const jobs = jobsOf(series).map((name) => {
    const last = lastSamples.find((s) => s.labels['job'] === name);
    return {
      job: name,
      series: series.filter((s) => s['job'] === name).length,
      lastSampleAgo: last && Number.isFinite(last.value) ? Math.max(0, Math.round(now - last.value)) : null,
    };
  });
  const newest = jobs.map((j) => j.lastSampleAgo).filter((a): a is number => a !== null);
  const last = newest.length > 0 ? `last sample ${agoText(Math.min(...newest))}` : 'no sample in the last 5 minutes';
  const from = jobs.length > 0 ? ` from job${jobs.length === 1 ? '' : 's'} ${jobs.map((j) => j.job).join(', ')}` : '';
  const notDeployed =
    verdict && (verdict.kind === 'only-in' || verdict.kind === 'removed') ? `; ${verdict.ref} does not define it, so production is not running ${verdict.ref}` : '';
  return { window, job, present: true, series: series.length, jobs, text: `Prometheus has ${series.length} series for this metric${from} (${last})${notDeployed}` };
}

function agoText(seconds: number): string {
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
