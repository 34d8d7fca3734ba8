import type { DefinitionSite, Explanation, RefDefining, Verdict } from '../analyses/explain.js';
import type { MetricDefinition } from '../model/metric.js';
import { describeCommit, shortSha, type CommitInfos } from './commit-infos.js';
import { explainRow as row } from './explain-row.js';
import { onlyInPhrase } from './explain-wording.js';
import { kindLabel } from './kind-label.js';
import { groupBy } from '../util/group-by.js';
import { compactRefList } from './ref-list.js';
import { terminalText } from './terminal-text.js';

function site(def: MetricDefinition): string {
  return `${terminalText(def.path)}:${def.line}   ${def.static ? `static ${def.static}` : 'no static'} (${def.holder})`;
}

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
