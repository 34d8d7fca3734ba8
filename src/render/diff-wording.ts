import type { FieldDiff, KindShape, MetricDiff } from '../analyses/diff-metrics.js';
import type { MetricDefinition } from '../model/metric.js';
import { shortSha } from './commit-infos.js';
import { registryLabel } from './json.js';

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

/** `src/metrics.rs:8 (ERRORS)`: where a definition is, in the table and in the Markdown. */
export const siteText = (def: MetricDefinition): string => `${def.path}:${def.line}${def.static ? ` (${def.static})` : ''}`;
