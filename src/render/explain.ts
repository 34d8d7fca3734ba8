import type { Explanation, RefDefining, Verdict } from '../analyses/explain.js';
import type { CommitInfo } from '../git/repo.js';
import type { MetricDefinition } from '../model/metric.js';
import { envelope, metricJson } from './json.js';
import { kindLabel } from './kind-label.js';
import { groupBy } from '../util/group-by.js';
import { compactRefList } from './ref-list.js';

export type CommitInfos = ReadonlyMap<string, CommitInfo>;

export function shortSha(commit: string): string {
  return commit.slice(0, 10);
}

export function describeCommit(commit: string, infos: CommitInfos): string {
  const info = infos.get(commit);
  if (!info) return shortSha(commit);
  return `${shortSha(commit)}  "${info.subject}"  ${info.author}  ${info.date.slice(0, 10)}`;
}

function site(def: MetricDefinition): string {
  return `${def.path}:${def.line}   ${def.static ? `static ${def.static}` : 'no static'} (${def.holder})`;
}

const LABEL_WIDTH = 15;
const row = (label: string, value: string): string => `  ${label.padEnd(LABEL_WIDTH)}${value}\n`;

export function renderExplainText(e: Explanation, infos: CommitInfos): string {
  if (!e.name) {
    const close = e.closest.length > 0 ? `; closest defined names: ${e.closest.join(', ')}` : '';
    return `${e.query}   never defined in any branch, remote-tracking branch or tag${close}\n`;
  }
  const def = e.definition;
  let out = `${e.name}   ${def ? kindLabel(def) : ''}   ${def?.help !== null && def?.help !== undefined ? `"${def.help}"` : ''}`.trimEnd() + '\n';
  if (e.matchedVia === 'series') out += row('matched', `${e.query} is a series of ${e.name}`);
  out += definedInRows(e);
  for (const intro of e.introductions) {
    const where = intro.atShallowBoundary
      ? `introduced at or before ${shortSha(intro.commit)} (shallow clone: older history is not here)`
      : describeCommit(intro.commit, infos);
    out += row(intro.atShallowBoundary ? 'introduced' : 'introduced by', where + (intro.landedOn ? `   landed on ${intro.landedOn} via ${shortSha(intro.commit)}` : ''));
  }
  for (const merge of e.merges) out += row('merged', `into ${merge.into} by ${describeCommit(merge.commit, infos)}`);
  out += removedFromRows(e, infos);
  if (e.verdict) out += renderVerdictRows(e.verdict, infos);
  if (e.uncertain) out += row('note', 'some blobs are missing (partial clone); these facts may be incomplete');
  return out;
}

/** With this many refs or fewer, each gets its own line; more are grouped by what they share. */
const REFS_LINE_BY_LINE = 3;

/** The refs a reader looks for first: the deployed one and the line introductions landed on. */
function pinnedRefs(e: Explanation): string[] {
  const verdictRef = e.verdict && e.verdict.kind !== 'never-defined' ? [e.verdict.ref] : [];
  return [...verdictRef, ...e.introductions.map((i) => i.landedOn).filter((r): r is string => r !== null)];
}

function definedInRows(e: Explanation): string {
  if (e.definedIn.length === 0) return row('defined in', 'no branch or tag defines it now');
  let out = '';
  if (e.definedIn.length <= REFS_LINE_BY_LINE) {
    for (const ref of e.definedIn) for (const d of ref.definitions) out += row('defined in', `${ref.ref}   ${site(d)}`);
    return out;
  }
  // Dozens of branches and tags usually share one definition site: say it once, with the refs that have it.
  const pinned = pinnedRefs(e);
  for (const refs of groupBy(e.definedIn, (r) => r.definitions.map(site).join('\n')).values()) {
    (refs[0] as RefDefining).definitions.forEach((d, i) => (out += row(i === 0 ? 'defined in' : '', site(d))));
    out += row('', `on ${compactRefList(refs.map((r) => r.ref), pinned)}`);
  }
  return out;
}

function removedFromRows(e: Explanation, infos: CommitInfos): string {
  const by = (commit: string | null) => (commit ? ` by ${describeCommit(commit, infos)}` : '');
  if (e.removedFrom.length <= REFS_LINE_BY_LINE) return e.removedFrom.map((r) => row('removed from', `${r.ref}${by(r.removedBy)}`)).join('');
  return [...groupBy(e.removedFrom, (r) => r.removedBy ?? '').values()]
    .map((refs) => row('removed from', `${compactRefList(refs.map((r) => r.ref), pinnedRefs(e))}${by(refs[0]?.removedBy ?? null)}`))
    .join('');
}

function aheadPhrase(r: RefDefining, deployed: string): string {
  return `${r.ref} is ${r.ahead} commit${r.ahead === 1 ? '' : 's'} ahead of ${deployed} (${r.behind} behind)`;
}

function renderVerdictRows(v: Verdict, infos: CommitInfos): string {
  switch (v.kind) {
    case 'deployed':
      return row(`deployed ${v.ref}`, `defined at ${v.definitions.map((d) => `${d.path}:${d.line}`).join(', ')}`) + row('verdict', `deployed in ${v.ref}`);
    case 'only-in': {
      const [nearest] = nearestFirst(v.refs);
      const relation = nearest ? `${aheadPhrase(nearest, v.ref)}, merge-base ${nearest.mergeBase ? shortSha(nearest.mergeBase) : 'none'}` : '';
      return row(`deployed ${v.ref}`, `NOT DEFINED — ${relation}`) + row('verdict', onlyInPhrase(v));
    }
    case 'removed':
      return row(`deployed ${v.ref}`, 'NOT DEFINED') + row('verdict', `removed from ${v.ref}${v.removedBy ? ` by ${describeCommit(v.removedBy, infos)}` : ''}`);
    case 'never-defined':
      return row('verdict', `never defined${v.closest.length > 0 ? `; did you mean ${v.closest.join(', ')}?` : ''}`);
  }
}

/** The ref closest to the deployed one first: the branch to deploy or merge. */
function nearestFirst(refs: readonly RefDefining[]): RefDefining[] {
  return [...refs].sort((a, b) => (a.ahead ?? 0) + (a.behind ?? 0) - ((b.ahead ?? 0) + (b.behind ?? 0)) || (a.ref < b.ref ? -1 : 1));
}

export function onlyInPhrase(v: Extract<Verdict, { kind: 'only-in' }>): string {
  const [nearest, ...others] = nearestFirst(v.refs);
  if (!nearest) return `not in ${v.ref}`;
  const listed = others.slice(0, REFS_LINE_BY_LINE).map((r) => `${r.ref}, ${r.ahead} ahead`);
  if (others.length > REFS_LINE_BY_LINE) listed.push(`and ${others.length - REFS_LINE_BY_LINE} more`);
  const also = listed.length > 0 ? ` (also in ${listed.join('; ')})` : '';
  return `exists only in ${nearest.ref}, ${nearest.ahead} commit${nearest.ahead === 1 ? '' : 's'} ahead of ${v.ref}${also}`;
}

function commitJson(commit: string | null, infos: CommitInfos) {
  if (!commit) return null;
  const info = infos.get(commit);
  return { sha: commit, subject: info?.subject ?? null, author: info?.author ?? null, date: info?.date ?? null };
}

export function renderExplainJson(e: Explanation, infos: CommitInfos): string {
  const refJson = (r: RefDefining) => ({
    ref: r.ref,
    commit: r.commit,
    ahead: r.ahead,
    behind: r.behind,
    mergeBase: r.mergeBase,
    definitions: r.definitions.map(metricJson),
  });
  const verdict = e.verdict;
  return envelope('explain', {
    query: e.query,
    name: e.name,
    matchedVia: e.matchedVia,
    definition: e.definition ? metricJson(e.definition) : null,
    definedIn: e.definedIn.map(refJson),
    removedFrom: e.removedFrom.map((r) => ({ ref: r.ref, removedBy: commitJson(r.removedBy, infos) })),
    introductions: e.introductions.map((i) => ({
      commit: commitJson(i.commit, infos),
      atShallowBoundary: i.atShallowBoundary,
      landedOn: i.landedOn,
    })),
    merges: e.merges.map((m) => ({ commit: commitJson(m.commit, infos), into: m.into, fromParent: m.fromParent })),
    verdict: verdict
      ? {
          kind: verdict.kind,
          ref: verdict.kind === 'never-defined' ? null : verdict.ref,
          refs: verdict.kind === 'only-in' ? verdict.refs.map(refJson) : [],
          removedBy: verdict.kind === 'removed' ? commitJson(verdict.removedBy, infos) : null,
          closest: verdict.kind === 'never-defined' ? verdict.closest : [],
          summary: verdict.kind === 'only-in' ? onlyInPhrase(verdict) : null,
        }
      : null,
    uncertain: e.uncertain,
    closest: e.closest,
  });
}
