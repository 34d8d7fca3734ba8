import type { MetricFinding } from '../analyses/dashboard-report.js';
import type { LazyRegistration } from '../analyses/metric-status.js';
import type { Cause, InitializeFix, LazyMetric, RootCauseSummary } from '../analyses/root-cause.js';
import type { SourceSite } from '../analyses/startup-status.js';
import { adviceOrder } from '../analyses/ref-order.js';
import { shortSha, type CommitInfos } from './commit-infos.js';
import { terminalText } from './terminal-text.js';

/**
 * At most this many names (or sites, refs, statics) per cause in the text: a real dashboard once made
 * one summary line of 16,272 characters. `--json` lists every one.
 */
export const NAMES_LISTED = 10;
/** Introducing commits carry their subjects, so fewer of them fit in a sentence. */
const COMMITS_LISTED = 3;
/** Initialise fixes, one line per file, after which the rest are counted. */
const FIXES_LISTED = 10;

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

function commitPhrase(commit: string, infos: CommitInfos): string {
  const info = infos.get(commit);
  return info ? `${shortSha(commit)} "${terminalText(info.subject)}"` : shortSha(commit);
}

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `a, b, c`, or the first `max` and `and N more; --json lists all`. */
export function limitedList(items: readonly string[], max = NAMES_LISTED, separator = ', '): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)} and ${items.length - max} more; --json lists all`;
}

function siteText(site: SourceSite): string {
  return `${terminalText(site.path)}:${site.line}${site.function ? ` in ${site.function}` : ''}`;
}

function lazyDetail(registration: LazyRegistration, uses: readonly SourceSite[], reason: string | null): string {
  const first = uses[0];
  const more = uses.length > 1 ? ` (+${uses.length - 1} more)` : '';
  switch (registration) {
    case 'never-used':
      return 'lazy, and nothing in the code uses it: never registered, never appears';
    case 'error-path':
      return `lazy, used only in error handling: appears after the first error${first ? ` at ${siteText(first)}${more}` : ''}`;
    case 'first-use':
      return `lazy, not forced at startup: appears at its first use${first ? ` at ${siteText(first)}${more}` : ''}`;
    case 'unknown':
      return `lazy; whether start-up code forces it is undetermined: ${reason ?? 'no reason recorded'}`;
  }
}

/** `only on main (3 ahead)`, with how many other refs have it rather than all their names. */
function notDeployedDetail(s: Extract<MetricFinding['status'], { kind: 'not-deployed' }>, deployed: string, defaultBranch: string | null, infos: CommitInfos): string {
  const [first, ...others] = adviceOrder(s.refs, { deployed, defaultBranch });
  const where = first ? `only on ${first.ref} (${first.ahead} ahead)${others.length > 0 ? ` and ${plural(others.length, 'other ref')}` : ''}` : 'on no current ref';
  return `${where}${s.introducedBy[0] ? `, introduced by ${commitPhrase(s.introducedBy[0], infos)}` : ''}`;
}

export function metricDetail(m: MetricFinding, summary: RootCauseSummary, infos: CommitInfos): string {
  const s = m.status;
  switch (s.kind) {
    case 'ok':
      return s.how === 'forced' ? 'registered at startup (forced)' : 'registered at startup';
    case 'external':
      return s.reason;
    case 'lazy':
      return lazyDetail(s.registration, s.uses, s.reason);
    case 'no-series-yet':
      return `${s.definition.kind} vec: no series until the first with_label_values`;
    case 'not-deployed':
      return notDeployedDetail(s, summary.deployed, summary.defaultBranch, infos);
    case 'removed':
      return s.removedBy ? `removed by ${commitPhrase(s.removedBy, infos)}` : 'removed';
    case 'query-problem':
      return s.reason;
    case 'unknown':
      return `${s.reason}${s.closest.length > 0 ? `; closest: ${s.closest.join(', ')}` : ''}`;
  }
}

function lazySentence(registration: LazyRegistration, metrics: readonly LazyMetric[], deployed: string): string {
  const n = metrics.length;
  const names = (list: readonly LazyMetric[]) => limitedList(list.map((m) => m.name));
  const withSites = limitedList(metrics.map((m) => `${m.name}${m.uses[0] ? ` (${siteText(m.uses[0])})` : ''}`));
  switch (registration) {
    case 'never-used':
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} never used in the code, so ${n === 1 ? 'it never appears' : 'they never appear'}: ${names(metrics)}.`;
    case 'error-path':
      return `${plural(n, 'metric')} ${n === 1 ? 'appears' : 'appear'} only after ${n === 1 ? 'its' : 'their'} first error (used only in error handling): ${withSites}. Until then the panel may show No data.`;
    case 'first-use':
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} registered lazily on ${deployed} and ${n === 1 ? 'appears' : 'appear'} at first use: ${withSites}. Until then the panel may show No data.`;
    case 'unknown':
      return `For ${plural(n, 'lazily held metric')} start-up registration is undetermined: ${limitedList(metrics.map((m) => `${m.name} (${m.reason ?? 'no reason recorded'})`))}.`;
  }
}

/** `Force A, B at startup: in crates/x/src/metrics.rs, add a function that calls lazy_static::initialize on each, and call it from the main of crates/x/src/main.rs.` */
export function initializeSentence(fix: InitializeFix): string {
  const where = fix.callFrom.length > 0 ? `the main of ${fix.callFrom.length > NAMES_LISTED ? limitedList(fix.callFrom) : listPhrase(fix.callFrom)}` : 'the main of each binary that links it';
  const statics = limitedList(fix.statics);
  switch (fix.holder) {
    case 'Once':
      return `Force ${statics} at startup: in ${fix.file}, the metrics are registered inside ${fix.statics.length === 1 ? 'its' : 'their'} call_once; call the function that runs it from ${where}.`;
    case 'OnceLock':
      return `Force ${statics} at startup: in ${fix.file}, add a function that fills each with get_or_init (the same initialiser as its uses), and call it from ${where}.`;
    default:
      return `Force ${statics} at startup: in ${fix.file}, add a function that calls ${FORCE_CALL[fix.holder]} on each, and call it from ${where}.`;
  }
}

const FORCE_CALL = { lazy_static: 'lazy_static::initialize', 'once_cell::Lazy': 'Lazy::force', LazyLock: 'LazyLock::force' } as const;

function commitsPhrase(commits: readonly string[], infos: CommitInfos): string {
  const phrases = commits.map((c) => commitPhrase(c, infos));
  if (phrases.length <= COMMITS_LISTED) return listPhrase(phrases);
  return `${phrases.slice(0, COMMITS_LISTED).join(', ')} and ${plural(phrases.length - COMMITS_LISTED, 'more commit')}`;
}

export function causeSentence(cause: Cause, deployed: string, infos: CommitInfos): string {
  switch (cause.kind) {
    case 'not-deployed': {
      const n = cause.metrics.length;
      const best = cause.bestRef;
      const where = best
        ? `${cause.onBestRef === n ? (n === 1 ? 'it exists' : `all ${n} exist`) : `${cause.onBestRef} of them exist`} on ${best.ref} (${plural(best.ahead ?? 0, 'commit')} ahead${best.behind ? `, ${best.behind} behind` : ''}${cause.introducedBy.length > 0 ? `, introduced in ${commitsPhrase(cause.introducedBy, infos)}` : ''})`
        : 'no current ref has them';
      const also = cause.otherRefs.length > 0 ? ` Also on: ${limitedList(cause.otherRefs)}.` : '';
      const action = best ? ` Deploy ${best.ref} or merge it into ${deployed}.` : '';
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} not defined on ${deployed}: ${where}.${action}${also}`;
    }
    case 'lazy':
      return lazySentence(cause.registration, cause.metrics, deployed);
    case 'query-problem': {
      const n = cause.metrics.length;
      const problems = cause.metrics.map((m) => `${m.reasons.join('; ')} (${limitedList(m.panels.map((p) => `"${p}"`), COMMITS_LISTED)})`);
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} queried in a way that cannot match any series: ${limitedList(problems, NAMES_LISTED, '; ')}.`;
    }
    case 'no-series-yet': {
      const n = cause.metrics.length;
      return `${plural(n, 'labelled metric')} ${n === 1 ? 'is' : 'are'} registered on ${deployed} but expose${n === 1 ? 's' : ''} no series until the first with_label_values(..): ${limitedList(cause.metrics.map((m) => m.name))}. Pre-create the expected label values at startup.`;
    }
    case 'removed': {
      const n = cause.metrics.length;
      return `${plural(n, 'metric')} ${n === 1 ? 'was' : 'were'} removed from ${deployed}: ${limitedList(cause.metrics.map((m) => `${m.name}${m.removedBy ? ` by ${commitPhrase(m.removedBy, infos)}` : ''}`))}. Update the dashboard or restore the metric.`;
    }
    case 'unknown': {
      const n = cause.metrics.length;
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} not defined by any ref of this repository: ${limitedList(cause.metrics.map((m) => `${m.query}${m.closest.length > 0 ? ` (did you mean ${m.closest.join(' or ')}?)` : ''}`))}.`;
    }
  }
}

export function summarySentences(summary: RootCauseSummary, infos: CommitInfos): string[] {
  const certain = summary.panelsWithoutData;
  const delayed = summary.panelsUntilFirstUse;
  const head =
    certain === 0 && delayed === 0
      ? `All ${plural(summary.panelsAnalysed, 'panel')} query metrics that ${summary.deployed} registers at startup.`
      : `${plural(certain, 'panel')} show${certain === 1 ? 's' : ''} No data (of ${summary.panelsAnalysed} with Prometheus queries)${delayed > 0 ? `; ${plural(delayed, 'more panel')} may show No data until an error or a first use` : ''}.`;
  const fixes = summary.initialize.slice(0, FIXES_LISTED).map(initializeSentence);
  const more = summary.initialize.length - FIXES_LISTED;
  if (more > 0) fixes.push(`And ${plural(more, 'more file')} of lazy statics to force at startup; --json lists all.`);
  return [head, ...summary.causes.map((c) => causeSentence(c, summary.deployed, infos)), ...fixes];
}
