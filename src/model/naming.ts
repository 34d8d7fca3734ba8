import type { MetricKind, MetricLibrary } from './metric.js';

/** The prometheus crate's `build_fq_name`: namespace, subsystem and name joined by `_`, empty parts left out. */
export function fullyQualifiedName(namespace: string | null, subsystem: string | null, name: string): string {
  if (name === '') return '';
  return [namespace, subsystem, name].filter((part): part is string => Boolean(part)).join('_');
}

const VALID_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function isValidMetricName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** What a user may ask about: a metric name, or a `metrics` facade name as the code writes it (`db.query.count`). */
export function isAskableMetricName(name: string): boolean {
  return VALID_NAME.test(name) || /^[a-zA-Z_:][a-zA-Z0-9_:.]*$/.test(name);
}

/**
 * The sample names a scrape shows for a metric. The prometheus crate never appends `_total`;
 * prometheus-client appends `_total` to counters; metrics-exporter-prometheus renders histograms as
 * summaries unless the exporter is configured with buckets.
 */
export function exposedSeries(name: string, kind: MetricKind, library: MetricLibrary): string[] {
  const isCounter = kind === 'counter' || kind === 'int_counter';
  if (library === 'prometheus-client' && isCounter) return [`${name}_total`];
  if (kind === 'histogram') {
    if (library === 'metrics') return [name, `${name}_sum`, `${name}_count`];
    return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  }
  if (kind === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}
