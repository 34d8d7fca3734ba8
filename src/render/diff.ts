import type { FailOnHit } from '../analyses/change-fail-on.js';
import { isEmptyDiff, type FieldDiff, type KindShape, type MetricDiff } from '../analyses/diff-metrics.js';
import { commitUrl } from '../git/remote-url.js';
import type { MetricDefinition } from '../model/metric.js';
import { markdownCommit, type CommitDisplay } from './commit-display.js';
import { shortSha, type CommitInfos } from './commit-infos.js';
import { envelope, metricJson, registryLabel } from './json.js';
import { kindLabel } from './kind-label.js';
import { markdownCode, markdownText } from './markdown-text.js';
import { renderTable, type TableStyle } from './table.js';
import { terminalText } from './terminal-text.js';

export const NO_METRIC_CHANGES = 'no metric changes';

interface SummaryParts {
  readonly head: string;
  /** The base ref, or a description of the merge-base for `A...B`. */
  readonly over: string;
  readonly counts: string;
  readonly relation: string;
}

function summaryParts(diff: MetricDiff, ref: (name: string) => string): SummaryParts {
  const threeDot = diff.compareFrom !== diff.base.commit;
  const over = threeDot ? `the merge-base of ${ref(diff.base.ref)} and ${ref(diff.head.ref)} (${shortSha(diff.compareFrom)})` : ref(diff.base.ref);
  const moved = diff.moved.length > 0 ? `, ${diff.moved.length} moved` : '';
  const counts = `+${diff.added.length} metric${diff.added.length === 1 ? '' : 's'}, −${diff.removed.length}, ~${diff.changed.length} changed${moved}`;
  const relation = `${ref(diff.head.ref)} is ${diff.ahead} commit${diff.ahead === 1 ? '' : 's'} ahead and ${diff.behind} behind${threeDot ? ` ${ref(diff.base.ref)}` : ''}`;
  return { head: ref(diff.head.ref), over, counts, relation };
}

/** `deploying B over A: +N metrics, −M, ~K changed; B is X commits ahead and Y behind`. */
export function summaryLine(diff: MetricDiff, ref: (name: string) => string = (name) => name): string {
  const parts = summaryParts(diff, ref);
  return `deploying ${parts.head} over ${parts.over}: ${parts.counts}; ${parts.relation}`;
}

export function kindShapeLabel(shape: KindShape): string {
  return shape.vec ? `${shape.kind} vec` : shape.kind;
}

const quoted = (text: string | null): string => (text === null ? 'none' : JSON.stringify(text));
const listed = (values: readonly (string | number)[] | null): string => (values === null ? 'none' : `[${values.join(', ')}]`);
const constLabelsText = (labels: Readonly<Record<string, string>>): string => {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
};

/** `labels: -host +shard`, `help: "a" → "b"`, `holder: eager → lazy_static`. */
export function fieldChangeText(change: FieldDiff): string {
  switch (change.field) {
    case 'kind':
      return `kind: ${kindShapeLabel(change.before)} → ${kindShapeLabel(change.after)}`;
    case 'labels':
      return `labels: ${[...change.removed.map((l) => `-${l}`), ...change.added.map((l) => `+${l}`)].join(' ')}`;
    case 'help':
      return `help: ${quoted(change.before)} → ${quoted(change.after)}`;
    case 'buckets':
      return `buckets: ${listed(change.before)} → ${listed(change.after)}`;
    case 'namespace':
    case 'subsystem':
      return `${change.field}: ${change.before ?? 'none'} → ${change.after ?? 'none'}`;
    case 'holder':
      return `holder: ${change.before} → ${change.after}`;
    case 'constLabels':
      return `const labels: ${constLabelsText(change.before)} → ${constLabelsText(change.after)}`;
    case 'registry':
      return `registry: ${registryLabel(change.before)} → ${registryLabel(change.after)}`;
  }
}

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

const site = (def: MetricDefinition): string => `${def.path}:${def.line}${def.static ? ` (${def.static})` : ''}`;

export function renderDiffTable(diff: MetricDiff, infos: CommitInfos, style: TableStyle): string {
  let out = `${summaryLine(diff)}\n`;
  if (isEmptyDiff(diff)) return `${out}${NO_METRIC_CHANGES}\n`;
  if (diff.added.length > 0) {
    const rows = diff.added.map((m) => [
      m.name,
      kindLabel(m.definition),
      site(m.definition),
      attribution(m, diff, infos) + (m.atShallowBoundary ? ' (or older: shallow clone)' : ''),
      m.mergedBy ? commitText(m.mergedBy, infos) : '-',
    ]);
    out += `\nadded (${rows.length})\n${renderTable(['METRIC', 'KIND', 'DEFINED AT', 'INTRODUCED BY', 'MERGED BY'], rows, style)}`;
  }
  if (diff.removed.length > 0) {
    const rows = diff.removed.map((m) => [m.name, kindLabel(m.definition), site(m.definition), attribution(m, diff, infos)]);
    out += `\nremoved (${rows.length})\n${renderTable(['METRIC', 'KIND', 'WAS AT', 'REMOVED BY'], rows, style)}`;
  }
  if (diff.changed.length > 0) {
    const rows = diff.changed.flatMap((m) => m.changes.map((c, i) => [i === 0 ? m.name : '', fieldChangeText(c), attribution(c, diff, infos)]));
    out += `\nchanged (${diff.changed.length})\n${renderTable(['METRIC', 'CHANGE', 'COMMIT'], rows, style)}`;
  }
  if (diff.moved.length > 0) {
    const rows = diff.moved.map((m) => [m.name, site(m.before), site(m.after), attribution(m, diff, infos)]);
    out += `\nmoved (${rows.length})\n${renderTable(['METRIC', 'FROM', 'TO', 'COMMIT'], rows, style)}`;
  }
  return out;
}

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
    const rows = diff.moved.map((m) => [code(m.name), code(site(m.before)), code(site(m.after)), markdownAttribution(m, diff, display)]);
    out += `\n**Moved (${rows.length})**\n\n${markdownTable(['Metric', 'From', 'To', 'Commit'], rows)}`;
  }
  return out;
}

/** A commit in the JSON contract; `url` when a link can be built. */
export function commitJson(commit: string | null, display: CommitDisplay) {
  if (commit === null) return null;
  const info = display.infos.get(commit);
  return {
    sha: commit,
    subject: info?.subject ?? null,
    author: info?.author ?? null,
    date: info?.date ?? null,
    url: display.urlTemplate === null ? null : commitUrl(display.urlTemplate, commit),
  };
}

export function fieldChangeJson(change: FieldDiff, display: CommitDisplay) {
  const common = { field: change.field, commit: commitJson(change.commit, display), baseSide: commitJson(change.baseSide, display), text: fieldChangeText(change) };
  switch (change.field) {
    case 'labels':
      return { ...common, before: change.before, after: change.after, added: change.added, removed: change.removed };
    case 'registry':
      return { ...common, before: registryLabel(change.before), after: registryLabel(change.after), added: [], removed: [] };
    default:
      return { ...common, before: change.before, after: change.after, added: [], removed: [] };
  }
}

const location = (def: MetricDefinition) => ({ path: def.path, line: def.line, static: def.static });

/** The `result` of `diff --json`; `release-notes --format json` embeds the same shape. */
export function diffJson(diff: MetricDiff, display: CommitDisplay) {
  return {
    range: diff.range,
    base: { ref: diff.base.ref, commit: diff.base.commit },
    head: { ref: diff.head.ref, commit: diff.head.commit },
    compareFrom: diff.compareFrom,
    ahead: diff.ahead,
    behind: diff.behind,
    summary: summaryLine(diff),
    added: diff.added.map((m) => ({
      name: m.name,
      definition: metricJson(m.definition),
      introducedBy: commitJson(m.commit, display),
      mergedBy: commitJson(m.mergedBy, display),
      baseSide: commitJson(m.baseSide, display),
      atShallowBoundary: m.atShallowBoundary,
    })),
    removed: diff.removed.map((m) => ({
      name: m.name,
      definition: metricJson(m.definition),
      removedBy: commitJson(m.commit, display),
      baseSide: commitJson(m.baseSide, display),
    })),
    changed: diff.changed.map((m) => ({
      name: m.name,
      before: metricJson(m.before),
      after: metricJson(m.after),
      changes: m.changes.map((c) => fieldChangeJson(c, display)),
    })),
    moved: diff.moved.map((m) => ({
      name: m.name,
      from: location(m.before),
      to: location(m.after),
      commit: commitJson(m.commit, display),
      baseSide: commitJson(m.baseSide, display),
    })),
    uncertain: diff.uncertain,
  };
}

export function renderDiffJson(diff: MetricDiff, display: CommitDisplay, failOn: { readonly categories: readonly string[]; readonly hits: readonly FailOnHit[] } | null): string {
  return envelope('diff', { ...diffJson(diff, display), failOn: failOn ? { categories: failOn.categories, hits: failOn.hits } : null });
}

/** What goes to stderr: which `--fail-on` categories were hit. */
export function renderFailOnHits(hits: readonly FailOnHit[]): string {
  return hits.map((h) => `fail-on ${h.category}: ${h.metric}\n`).join('');
}
