import type { DefinitionSite, Explanation, RefDefining, Verdict } from '../analyses/explain.js';
import type { CommitInfo } from '../git/repo.js';
import type { MetricDefinition } from '../model/metric.js';
import { envelope, metricJson } from './json.js';
import { kindLabel } from './kind-label.js';
import { groupBy } from '../util/group-by.js';
import { compactRefList } from './ref-list.js';
import { terminalText } from './terminal-text.js';

export type CommitInfos = ReadonlyMap<string, CommitInfo>;

export function shortSha(commit: string): string {
  return commit.slice(0, 10);
}

export function describeCommit(commit: string, infos: CommitInfos): string {
  const info = infos.get(commit);
  if (!info) return shortSha(commit);
  return `${shortSha(commit)}  "${terminalText(info.subject)}"  ${terminalText(info.author)}  ${terminalText(info.date.slice(0, 10))}`;
}

function site(def: MetricDefinition): string {
  return `${terminalText(def.path)}:${def.line}   ${def.static ? `static ${def.static}` : 'no static'} (${def.holder})`;
}

const LABEL_WIDTH = 15;
// A label as long as the column (`deployed v1.0.0`) still gets two spaces before its value.
const row = (label: string, value: string): string => `  ${label.padEnd(Math.max(LABEL_WIDTH, label.length + 2))}${value}\n`;
export { row as explainRow };

export function renderExplainText(e: Explanation, infos: CommitInfos): string {
  if (!e.name) {
    const close = e.closest.length > 0 ? `; closest defined names: ${e.closest.join(', ')}` : '';
    return `${e.query}   never defined in any branch, remote-tracking branch or tag${close}\n`;
  }
  const def = e.definition;
  let out = `${e.name}   ${def ? kindLabel(def) : ''}   ${def?.help !== null && def?.help !== undefined ? `"${terminalText(def.help)}"` : ''}`.trimEnd() + '\n';
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

/**
 * Each definition site once (path and static; a line that moved over time does not make a new row),
 * with the refs that have it, listed as `compactRefList` does whatever their number.
 */
function definedInRows(e: Explanation): string {
  if (e.sites.length === 0) return row('defined in', 'no branch or tag defines it now');
  let out = '';
  for (const s of e.sites) {
    out += row('defined in', siteText(s));
    out += row('', `on ${compactRefList(s.refs, [e.defaultBranch])}`);
  }
  return out;
}

/** `path:line   static X (holder)`, the line of the first ref; when it moved, the range across the refs too. */
function siteText(s: DefinitionSite): string {
  const first = s.lines[0];
  const last = s.lines[s.lines.length - 1];
  const range = s.lines.length > 1 ? `   (lines ${first}–${last} across these refs)` : '';
  return `${site(s.definition)}${range}`;
}

function removedFromRows(e: Explanation, infos: CommitInfos): string {
  const by = (commit: string | null) => (commit ? ` by ${describeCommit(commit, infos)}` : '');
  return [...groupBy(e.removedFrom, (r) => r.removedBy ?? '').values()]
    .map((refs) => row('removed from', `${compactRefList(refs.map((r) => r.ref), [e.defaultBranch])}${by(refs[0]?.removedBy ?? null)}`))
    .join('');
}

function aheadPhrase(r: RefDefining, deployed: string): string {
  return `${r.ref} is ${r.ahead} commit${r.ahead === 1 ? '' : 's'} ahead of ${deployed} (${r.behind} behind)`;
}

function renderVerdictRows(v: Verdict, infos: CommitInfos): string {
  switch (v.kind) {
    case 'deployed':
      return row(`deployed ${v.ref}`, `defined at ${v.definitions.map((d) => `${terminalText(d.path)}:${d.line}`).join(', ')}`) + row('verdict', `deployed in ${v.ref}`);
    case 'only-in': {
      const [suggested] = v.refs;
      const relation = suggested ? `${aheadPhrase(suggested, v.ref)}, merge-base ${suggested.mergeBase ? shortSha(suggested.mergeBase) : 'none'}` : '';
      return row(`deployed ${v.ref}`, `NOT DEFINED — ${relation}`) + row('verdict', onlyInPhrase(v));
    }
    case 'removed':
      return row(`deployed ${v.ref}`, 'NOT DEFINED') + row('verdict', `removed from ${v.ref}${v.removedBy ? ` by ${describeCommit(v.removedBy, infos)}` : ''}`);
    case 'never-defined':
      return row('verdict', `never defined${v.closest.length > 0 ? `; did you mean ${v.closest.join(', ')}?` : ''}`);
  }
}

/** Other refs named after the suggested one in the verdict. */
const OTHERS_LISTED = 3;

export function onlyInPhrase(v: Extract<Verdict, { kind: 'only-in' }>): string {
  // The analysis orders the refs as advice: default branch, newer releases, other branches.
  const [suggested, ...others] = v.refs;
  if (!suggested) return `not in ${v.ref}`;
  const listed = others.slice(0, OTHERS_LISTED).map((r) => `${r.ref}, ${r.ahead} ahead`);
  if (others.length > OTHERS_LISTED) listed.push(`and ${others.length - OTHERS_LISTED} more`);
  const also = listed.length > 0 ? ` (also in ${listed.join('; ')})` : '';
  return `exists only in ${suggested.ref}, ${suggested.ahead} commit${suggested.ahead === 1 ? '' : 's'} ahead of ${v.ref}${also}`;
}

function commitJson(commit: string | null, infos: CommitInfos) {
  if (!commit) return null;
  const info = infos.get(commit);
  return { sha: commit, subject: info?.subject ?? null, author: info?.author ?? null, date: info?.date ?? null };
}

/** `prometheus`: what `--prometheus` found (render/prometheus.ts), added to the result when given. */
export function renderExplainJson(e: Explanation, infos: CommitInfos, prometheus: object | null = null): string {
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
    defaultBranch: e.defaultBranch,
    definedIn: e.definedIn.map(refJson),
    sites: e.sites.map((s) => ({ path: s.path, static: s.static, line: s.definition.line, lines: s.lines, refs: s.refs })),
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
    ...(prometheus ? { prometheus } : {}),
  });
}
