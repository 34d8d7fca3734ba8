import type { DiffField, MetricDiff } from './diff-metrics.js';

/** `--fail-on` categories: a section of the diff, or one kind of field change. */
export const FIELD_CATEGORIES: Readonly<Record<DiffField, string>> = {
  kind: 'changed-kind',
  labels: 'changed-labels',
  help: 'changed-help',
  buckets: 'changed-buckets',
  namespace: 'changed-namespace',
  subsystem: 'changed-subsystem',
  holder: 'changed-holder',
  constLabels: 'changed-const-labels',
  registry: 'changed-registry',
};

export const FAIL_ON_CATEGORIES: readonly string[] = ['any', 'added', 'removed', 'changed', 'moved', ...Object.values(FIELD_CATEGORIES)];

export interface FailOnHit {
  readonly category: string;
  readonly metric: string;
}

/** `diff --fail-on`: splits `removed,changed-labels` into change categories; unknown names are returned for the caller to report. */
export function parseChangeFailOn(values: readonly string[]): { readonly categories: readonly string[]; readonly unknown: readonly string[] } {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  return {
    categories: [...new Set(names.filter((n) => FAIL_ON_CATEGORIES.includes(n)))],
    unknown: names.filter((n) => !FAIL_ON_CATEGORIES.includes(n)),
  };
}

/** Every change of the diff that falls in one of the categories, in category order, then by metric name. */
export function failOnHits(diff: MetricDiff, categories: readonly string[]): FailOnHit[] {
  const all: FailOnHit[] = [
    ...diff.added.map((m) => ({ category: 'added', metric: m.name })),
    ...diff.removed.map((m) => ({ category: 'removed', metric: m.name })),
    ...diff.changed.map((m) => ({ category: 'changed', metric: m.name })),
    ...diff.changed.flatMap((m) => m.changes.map((c) => ({ category: FIELD_CATEGORIES[c.field], metric: m.name }))),
    ...diff.moved.map((m) => ({ category: 'moved', metric: m.name })),
  ];
  if (categories.includes('any')) return all.filter((h) => !h.category.startsWith('changed-'));
  return categories.flatMap((category) => all.filter((h) => h.category === category));
}
