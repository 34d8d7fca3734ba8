import { isEmptyDiff, type MetricDiff } from '../analyses/diff-metrics.js';
import { markdownCommit, type CommitDisplay } from './commit-display.js';
import { fieldChangeText, NO_METRIC_CHANGES, siteText, summaryLine } from './diff-wording.js';
import { kindLabel } from './kind-label.js';
import { markdownCode, markdownText } from './markdown-text.js';

function markdownAttribution(a: { readonly commit: string | null; readonly baseSide: string | null }, diff: MetricDiff, display: CommitDisplay): string {
  if (a.commit !== null) return markdownCommit(a.commit, display);
  if (a.baseSide !== null) return `${markdownCommit(a.baseSide, display)} (only in ${markdownCode(diff.base.ref)})`;
  return '-';
}

function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |\n`;
  return line(head) + line(head.map(() => '---')) + rows.map(line).join('');
}

/** For a pull-request comment. */
export function renderDiffMarkdown(diff: MetricDiff, display: CommitDisplay): string {
  let out = `### Metric changes in ${markdownCode(diff.range)}\n\n${summaryLine(diff, markdownCode)}\n`;
  if (isEmptyDiff(diff)) return `${out}\n${NO_METRIC_CHANGES}\n`;
  const code = markdownCode;
  if (diff.added.length > 0) {
    const rows = diff.added.map((m) => [
      code(m.name),
      code(kindLabel(m.definition)),
      m.definition.help === null ? '' : markdownText(m.definition.help),
      markdownAttribution(m, diff, display) + (m.mergedBy ? `, merged by ${markdownCommit(m.mergedBy, display)}` : ''),
    ]);
    out += `\n**Added (${rows.length})**\n\n${markdownTable(['Metric', 'Kind', 'Help', 'Introduced by'], rows)}`;
  }
  if (diff.removed.length > 0) {
    const rows = diff.removed.map((m) => [code(m.name), code(kindLabel(m.definition)), markdownAttribution(m, diff, display)]);
    out += `\n**Removed (${rows.length})**\n\n${markdownTable(['Metric', 'Kind', 'Removed by'], rows)}`;
  }
  if (diff.changed.length > 0) {
    const rows = diff.changed.flatMap((m) =>
      m.changes.map((c, i) => [i === 0 ? code(m.name) : '', markdownText(fieldChangeText(c)), markdownAttribution(c, diff, display)]),
    );
    out += `\n**Changed (${diff.changed.length})**\n\n${markdownTable(['Metric', 'Change', 'Commit'], rows)}`;
  }
  if (diff.moved.length > 0) {
    const rows = diff.moved.map((m) => [code(m.name), code(siteText(m.before)), code(siteText(m.after)), markdownAttribution(m, diff, display)]);
    out += `\n**Moved (${rows.length})**\n\n${markdownTable(['Metric', 'From', 'To', 'Commit'], rows)}`;
  }
  return out;
}
