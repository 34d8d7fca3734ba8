import type { MetricDefinition } from '../model/metric.js';

/** `counter`, or `counter vec(method, code)` for a labelled family. */
export function kindLabel(m: Pick<MetricDefinition, 'kind' | 'vec' | 'labels'>): string {
  return m.vec || m.labels.length > 0 ? `${m.kind} vec(${m.labels.join(', ')})` : m.kind;
}
