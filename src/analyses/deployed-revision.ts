import type { LabelSet } from '../dashboards/prometheus-api.js';
import type { IndexView } from '../history/index-queries.js';
import type { RefPoint } from './explain.js';
import { displayOrder } from './ref-order.js';
import { applicationNames, rankCommits, type ScrapeMatch } from './scrape-check.js';

/** Labels that name the running build, most specific first. */
export const REVISION_LABELS: readonly string[] = ['revision', 'git_sha', 'commit', 'sha', 'version', 'tag'];

/** One `*_build_info` series and the revisions its labels could name, to try in order. */
export interface BuildInfoInstance {
  readonly metric: string;
  readonly job: string;
  readonly instance: string;
  /** `[label, value, revisions to try]`, in REVISION_LABELS order. */
  readonly claims: readonly { readonly label: string; readonly value: string; readonly revisions: readonly string[] }[];
}

/** A build-info series once its claims were tried against the repository. */
export interface ResolvedInstance {
  readonly metric: string;
  readonly job: string;
  readonly instance: string;
  /** The label and value that named the commit, or the first claim when none did. */
  readonly label: string | null;
  readonly value: string | null;
  readonly commit: string | null;
}

export interface RunningRevision {
  readonly commit: string | null;
  /** As the label wrote it, e.g. `83b7d94`. */
  readonly value: string | null;
  readonly label: string | null;
  readonly metric: string;
  /** Branch and tag tips at this commit, the default branch first. */
  readonly refs: readonly string[];
  readonly instances: readonly string[];
}

export interface JobDeployment {
  readonly job: string;
  readonly revisions: readonly RunningRevision[];
}

export interface Deployment {
  readonly source: 'build-info' | 'metric-match';
  readonly jobs: readonly JobDeployment[];
  /** The revision the analysis runs against, or null when nothing identifies one. */
  readonly chosen: RefPoint | null;
  /** Jobs or instances run more than one revision. */
  readonly mixed: boolean;
  /** With `metric-match`: the refs whose metric set fits the names Prometheus has, best first. */
  readonly matches: readonly ScrapeMatch[];
  readonly sentences: readonly string[];
}

const SHA = /^[0-9a-f]{7,40}$/i;
const DESCRIBE = /-g([0-9a-f]{7,40})(?:-dirty)?$/i;
const VERSION = /^v?[0-9A-Za-z][0-9A-Za-z._+-]*$/;

/** The revisions a label value may name: a SHA prefix, the SHA in `git describe` output, or a tag `v<version>` / `<version>`. */
export function revisionsNamedBy(value: string): string[] {
  const out: string[] = [];
  if (SHA.test(value)) out.push(value.toLowerCase());
  const described = DESCRIBE.exec(value);
  if (described) out.push((described[1] as string).toLowerCase());
  if (VERSION.test(value) && !value.includes('..')) {
    if (value.startsWith('v')) out.push(`refs/tags/${value}`);
    else out.push(`refs/tags/v${value}`, `refs/tags/${value}`);
  }
  return out;
}

/** The claims of each build-info series; series without any revision label are left out. */
export function buildInfoInstances(series: readonly LabelSet[]): BuildInfoInstance[] {
  const out: BuildInfoInstance[] = [];
  for (const s of series) {
    const claims = REVISION_LABELS.flatMap((label) => {
      const value = s[label];
      if (value === undefined || value === '') return [];
      return [{ label, value, revisions: revisionsNamedBy(value) }];
    });
    if (claims.length === 0) continue;
    out.push({ metric: s['__name__'] ?? 'build_info', job: s['job'] ?? '', instance: s['instance'] ?? '', claims });
  }
  return out;
}

/** Groups resolved build-info series by job and commit, picks the revision to analyse, and says so in sentences. */
export function deploymentFromBuildInfo(instances: readonly ResolvedInstance[], tips: readonly RefPoint[], defaultBranch: string | null): Deployment {
  const refsAt = (commit: string | null) => (commit === null ? [] : displayOrder(tips.filter((t) => t.commit === commit).map((t) => t.ref), defaultBranch));
  const byJob = new Map<string, Map<string, RunningRevision & { instances: string[] }>>();
  for (const i of [...instances].sort((a, b) => (a.job + a.instance < b.job + b.instance ? -1 : 1))) {
    const revisions = byJob.get(i.job) ?? new Map();
    byJob.set(i.job, revisions);
    const key = i.commit ?? `?${i.value ?? ''}`;
    const existing = revisions.get(key);
    if (existing) {
      if (!existing.instances.includes(i.instance)) existing.instances.push(i.instance);
    } else revisions.set(key, { commit: i.commit, value: i.value, label: i.label, metric: i.metric, refs: refsAt(i.commit), instances: [i.instance] });
  }
  const jobs: JobDeployment[] = [...byJob.keys()].sort().map((job) => ({
    job,
    revisions: [...(byJob.get(job) as Map<string, RunningRevision>).values()].sort((a, b) => b.instances.length - a.instances.length),
  }));
  const resolved = jobs.flatMap((j) => j.revisions.filter((r) => r.commit !== null).map((r) => ({ job: j.job, r })));
  const commits = new Set(resolved.map((x) => x.r.commit));
  const mixed = commits.size > 1 || jobs.some((j) => j.revisions.length > 1);
  // Most instances first; a tie goes to the job named first.
  const count = new Map<string, number>();
  for (const { r } of resolved) count.set(r.commit as string, (count.get(r.commit as string) ?? 0) + r.instances.length);
  const best = [...count].sort((a, b) => b[1] - a[1])[0];
  const bestRevision = best ? resolved.find((x) => x.r.commit === best[0])?.r : undefined;
  const chosen = bestRevision ? { ref: bestRevision.refs[0] ?? (bestRevision.value ?? (bestRevision.commit as string).slice(0, 10)), commit: bestRevision.commit as string } : null;

  const sentences: string[] = [];
  if (!mixed && bestRevision) {
    const job = jobs.find((j) => j.revisions.some((r) => r.commit === bestRevision.commit));
    sentences.push(`production runs ${revisionText(bestRevision, job ? `job ${job.job}, ` : '')}`);
  } else {
    if (commits.size > 1) sentences.push(`jobs or instances run different revisions; each job's:`);
    for (const job of jobs) {
      if (job.revisions.length === 1) sentences.push(`job ${job.job} runs ${revisionText(job.revisions[0] as RunningRevision, '')}`);
      else {
        const parts = job.revisions.map((r) => `${revisionText(r, '')} on ${r.instances.join(', ')}`);
        sentences.push(`job ${job.job} runs ${job.revisions.length} revisions (a rollout in progress?): ${parts.join('; ')}`);
      }
    }
    if (chosen && commits.size > 1) sentences.push(`analysed against ${chosen.commit.slice(0, 10)} (${chosen.ref}), the revision most instances run; pass --job JOB for another job, or --deployed REF`);
  }
  for (const job of jobs) {
    for (const r of job.revisions) {
      if (r.commit === null) sentences.push(`${claimText(r)} (job ${job.job}) names no commit or tag of this repository`);
    }
  }
  return { source: 'build-info', jobs, chosen, mixed, matches: [], sentences };
}

/** Without a revision label: which ref's metric set fits the names Prometheus has. */
export function deploymentFromMetricNames(names: ReadonlySet<string>, view: IndexView, tips: readonly RefPoint[], reference: RefPoint, buildInfoSeen: number): Deployment {
  const appNames = applicationNames(names, view);
  const matches = appNames.size === 0 ? [] : rankCommits(appNames, view, tips, reference);
  const best = matches[0];
  const why = buildInfoSeen > 0 ? `no *_build_info series names a commit or tag of this repository` : 'no *_build_info series with a revision label';
  if (!best || best.matched === 0) {
    return { source: 'metric-match', jobs: [], chosen: null, mixed: false, matches, sentences: [`${why}, and Prometheus has no metric of this repository: nothing tells which revision runs`] };
  }
  const chosen = { ref: best.ref ?? best.commit.slice(0, 10), commit: best.commit };
  const sentences = [`${why}; the ${appNames.size} metrics of this repository that Prometheus has match ${best.ref ?? 'commit'} at ${best.commit.slice(0, 10)} best (${best.matched} of ${appNames.size})`];
  return { source: 'metric-match', jobs: [], chosen, mixed: false, matches, sentences };
}

function claimText(r: RunningRevision): string {
  return r.label !== null && r.value !== null ? `${r.metric}{${r.label}=${JSON.stringify(r.value)}}` : r.metric;
}

function revisionText(r: RunningRevision, jobPart: string): string {
  const n = r.instances.length;
  const shown = r.commit ? r.commit.slice(0, 10) : (r.value ?? '?');
  const refs = r.refs.length > 0 ? `, which is ${r.refs.join(', ')}` : '';
  return `${shown} (from ${claimText(r)}, ${jobPart}${n} instance${n === 1 ? '' : 's'})${refs}`;
}
