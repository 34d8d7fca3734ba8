import { isEmptyDiff, type MetricDiff } from '../analyses/diff-metrics.js';
import { shortSha, type CommitInfos } from './commit-infos.js';
import { fieldChangeText, NO_METRIC_CHANGES, siteText, summaryLine } from './diff-wording.js';
import { kindLabel } from './kind-label.js';
import { renderTable, type TableStyle } from './table.js';
import { terminalText } from './terminal-text.js';

function commitText(commit: string, infos: CommitInfos): string {
  const subject = infos.get(commit)?.subject;
  return subject === undefined ? shortSha(commit) : `${shortSha(commit)} ${terminalText(subject)}`;
}

/** The commit in the range, or else the one only base has (head is behind it), or `-`. */
function attribution(a: { readonly commit: string | null; readonly baseSide: string | null }, diff: MetricDiff, infos: CommitInfos): string {
  if (a.commit !== null) return commitText(a.commit, infos);
  if (a.baseSide !== null) return `${commitText(a.baseSide, infos)} (only in ${diff.base.ref})`;
  return '-';
}

export function renderDiffTable(diff: MetricDiff, infos: CommitInfos, style: TableStyle): string {
  let out = `${summaryLine(diff)}\n`;
  if (isEmptyDiff(diff)) return `${out}${NO_METRIC_CHANGES}\n`;
  if (diff.added.length > 0) {
    const rows = diff.added.map((m) => [
      m.name,
      kindLabel(m.definition),
      siteText(m.definition),
      attribution(m, diff, infos) + (m.atShallowBoundary ? ' (or older: shallow clone)' : ''),
      m.mergedBy ? commitText(m.mergedBy, infos) : '-',
    ]);
    out += `\nadded (${rows.length})\n${renderTable(['METRIC', 'KIND', 'DEFINED AT', 'INTRODUCED BY', 'MERGED BY'], rows, style)}`;
  }
  if (diff.removed.length > 0) {
    const rows = diff.removed.map((m) => [m.name, kindLabel(m.definition), siteText(m.definition), attribution(m, diff, infos)]);
    out += `\nremoved (${rows.length})\n${renderTable(['METRIC', 'KIND', 'WAS AT', 'REMOVED BY'], rows, style)}`;
  }
  if (diff.changed.length > 0) {
    const rows = diff.changed.flatMap((m) => m.changes.map((c, i) => [i === 0 ? m.name : '', fieldChangeText(c), attribution(c, diff, infos)]));
    out += `\nchanged (${diff.changed.length})\n${renderTable(['METRIC', 'CHANGE', 'COMMIT'], rows, style)}`;
  }
  if (diff.moved.length > 0) {
    const rows = diff.moved.map((m) => [m.name, siteText(m.before), siteText(m.after), attribution(m, diff, infos)]);
    out += `\nmoved (${rows.length})\n${renderTable(['METRIC', 'FROM', 'TO', 'COMMIT'], rows, style)}`;
  }
  return out;
}
