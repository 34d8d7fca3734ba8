import type { Explanation, RefDefining } from '../analyses/explain.js';
import type { CommitInfos } from './commit-infos.js';
import { onlyInPhrase } from './explain-wording.js';
import { envelope, metricJson } from './json.js';

function commitJson(commit: string | null, infos: CommitInfos) {
  if (!commit) return null;
  const info = infos.get(commit);
  return { sha: commit, subject: info?.subject ?? null, author: info?.author ?? null, date: info?.date ?? null };
}

/** `prometheus`: what `--prometheus` found (render/prometheus-json.ts), added to the result when given. */
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
