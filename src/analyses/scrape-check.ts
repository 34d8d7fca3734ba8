import type { Exposition } from '../dashboards/exposition.js';
import { isExternalMetric } from '../dashboards/known-external.js';
import type { IndexView } from '../history/index-queries.js';
import type { MetricDefinition } from '../model/metric.js';
import type { DashboardReport } from './dashboard-report.js';
import type { LazyRegistration } from './metric-status.js';
import type { RefPoint } from './explain.js';

export interface ScrapeMatch {
  readonly ref: string | null;
  readonly commit: string;
  /** Application metrics of the scrape that this commit defines. */
  readonly matched: number;
  /** Application metrics of the scrape that this commit does not define. */
  readonly unexplained: number;
}

export interface ScrapeCheck {
  readonly findings: readonly string[];
  /** Present when the scrape has metrics the deployed ref does not define: the commits that fit it best. */
  readonly bestMatch: readonly ScrapeMatch[] | null;
}

/** Cross-checks a `/metrics` scrape of the running service against the dashboard findings and the history. */
export function checkScrape(exposition: Exposition, report: DashboardReport, view: IndexView, tips: readonly RefPoint[], deployed: RefPoint): ScrapeCheck {
  const samples = new Set<string>();
  for (const family of exposition.families) {
    samples.add(family.name);
    for (const sample of family.sampleNames) samples.add(sample);
  }
  const exposed = (def: MetricDefinition) => def.series.some((s) => samples.has(s)) || samples.has(def.name);
  const findings: string[] = [];
  for (const m of report.metrics) {
    const s = m.status;
    if (s.kind === 'lazy') {
      findings.push(lazyFinding(m.query, s.registration, exposed(s.definition), deployed.ref));
    } else if (s.kind === 'ok' && !s.definitions.some(exposed)) {
      findings.push(`${m.query}: registered at startup on ${deployed.ref} but absent from the scrape: ${deployed.ref} is probably not what runs`);
    } else if ((s.kind === 'not-deployed' || s.kind === 'removed') && samples.has(m.query)) {
      findings.push(`${m.query}: in the scrape but not defined on ${deployed.ref}: ${deployed.ref} is not what runs`);
    }
  }

  const appNames = applicationNames(samples, view);
  const deployedNames = view.metricNamesAt(deployed.commit);
  const foreign = [...appNames].filter((n) => !deployedNames.has(n));
  if (foreign.length === 0) return { findings, bestMatch: null };
  findings.push(`${foreign.length} application metric(s) in the scrape are not defined on ${deployed.ref}: ${foreign.sort().join(', ')}`);
  const bestMatch = rankCommits(appNames, view, tips, deployed);
  const best = bestMatch[0];
  if (best) findings.push(`the scrape matches ${best.ref ?? 'commit'} at ${best.commit.slice(0, 10)} (${best.matched} of ${appNames.size} metrics)`);
  return { findings, bestMatch };
}

/** Metric names (as the code names them) behind the scrape's samples, leaving out well-known external ones. */
export function applicationNames(samples: ReadonlySet<string>, view: IndexView): Set<string> {
  const names = new Set<string>();
  for (const def of view.data.defs) {
    if (def.series.some((s) => samples.has(s)) && view.knowsMetric(def.name)) names.add(def.name);
  }
  for (const sample of samples) if (!isExternalMetric(sample) && view.knowsMetric(sample)) names.add(sample);
  return names;
}

export function rankCommits(appNames: ReadonlySet<string>, view: IndexView, tips: readonly RefPoint[], deployed: RefPoint): ScrapeMatch[] {
  // Among refs with the same metric set, the one closest to the deployed ref is the likelier build.
  const distance = (tip: RefPoint) => {
    const { ahead, behind } = view.aheadBehind(deployed.commit, tip.commit);
    return ahead + behind;
  };
  const tipBySet = new Map<number, RefPoint>();
  for (const tip of [...tips].sort((a, b) => distance(a) - distance(b) || (a.ref < b.ref ? -1 : 1))) {
    const set = view.setOf(tip.commit);
    if (set !== undefined && !tipBySet.has(set)) tipBySet.set(set, tip);
  }
  // The newest commit of each distinct metric set stands for it when no ref points there.
  const newestBySet = view.newestCommitPerSet();
  const matches: ScrapeMatch[] = [];
  for (const [set, commit] of newestBySet) {
    const names = new Set((view.data.sets[set] ?? []).map((id) => (view.data.defs[id] as MetricDefinition).name));
    let matched = 0;
    for (const n of appNames) if (names.has(n)) matched++;
    const tip = tipBySet.get(set);
    matches.push({ ref: tip?.ref ?? null, commit: tip?.commit ?? commit, matched, unexplained: appNames.size - matched });
  }
  const distanceOf = (m: ScrapeMatch) => {
    const { ahead, behind } = view.aheadBehind(deployed.commit, m.commit);
    return ahead + behind;
  };
  return matches
    .sort((a, b) => b.matched - a.matched || a.unexplained - b.unexplained || Number(b.ref !== null) - Number(a.ref !== null) || distanceOf(a) - distanceOf(b))
    .slice(0, 3);
}

/** What the presence or absence of a lazily held metric in a scrape says, given when the code registers it. */
function lazyFinding(query: string, registration: LazyRegistration, present: boolean, deployed: string): string {
  switch (registration) {
    case 'never-used':
      return present
        ? `${query}: present in the scrape although nothing in the code of ${deployed} uses it: ${deployed} is probably not what runs`
        : `${query}: absent from the scrape, as predicted: nothing uses it (confirmed)`;
    case 'error-path':
      return present
        ? `${query}: present in the scrape, so its error path has run since the last restart`
        : `${query}: absent from the scrape, as predicted: it appears only after its first error (confirmed)`;
    case 'first-use':
      return present
        ? `${query}: present in the scrape, so its first use has already happened since the last restart`
        : `${query}: absent from the scrape, as lazy registration predicts: not used since the last restart (confirmed)`;
    case 'unknown':
      return present ? `${query}: present in the scrape` : `${query}: absent from the scrape; start-up registration was undetermined, so this is consistent with lazy registration`;
  }
}
