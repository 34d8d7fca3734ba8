import type { FailOnHit } from '../analyses/change-fail-on.js';
import type { FieldDiff, MetricDiff } from '../analyses/diff-metrics.js';
import { commitUrl } from '../git/remote-url.js';
import type { MetricDefinition } from '../model/metric.js';
import type { CommitDisplay } from './commit-display.js';
import { fieldChangeText, summaryLine } from './diff-wording.js';
import { envelope, metricJson, registryLabel } from './json.js';

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
