import type { MetricDefinition } from '../model/metric.js';

/** The fields whose change is a "definition change" of a metric (as opposed to a move). */
export interface DefinitionFields {
  readonly kind: string;
  readonly labels: readonly string[];
  readonly help: string | null;
  readonly buckets: readonly number[] | null;
  readonly namespace: string | null;
  readonly subsystem: string | null;
  readonly holder: string;
  readonly constLabels: Readonly<Record<string, string>>;
}

export interface FieldChange {
  readonly field: keyof DefinitionFields;
  readonly before: unknown;
  readonly after: unknown;
}

const FIELDS: readonly (keyof DefinitionFields)[] = ['kind', 'labels', 'help', 'buckets', 'namespace', 'subsystem', 'holder', 'constLabels'];

export function definitionChanges(before: MetricDefinition, after: MetricDefinition): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    const a = before[field];
    const b = after[field];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a, after: b });
  }
  if (before.vec !== after.vec && !changes.some((c) => c.field === 'kind')) {
    changes.push({ field: 'kind', before: before.kind, after: after.kind });
  }
  return changes;
}

export function isMove(before: MetricDefinition, after: MetricDefinition): boolean {
  return before.path !== after.path || before.static !== after.static;
}
