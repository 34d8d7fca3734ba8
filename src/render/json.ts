/**
 * The public JSON contract: `{ schemaVersion, command, result }`. Field names here are documented in
 * README and stable across releases; internal types are mapped explicitly so a refactor cannot leak.
 */
import type { MetricList } from '../analyses/list-metrics.js';
import type { MetricDefinition, RegistryRef } from '../model/metric.js';

export const SCHEMA_VERSION = 1;

export function envelope(command: string, result: unknown): string {
  return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, command, result }, null, 2)}\n`;
}

export function registryLabel(registry: RegistryRef): string {
  return registry.kind === 'custom' ? registry.expression : registry.kind;
}

export function metricJson(m: MetricDefinition) {
  return {
    name: m.name,
    kind: m.kind,
    vec: m.vec,
    labels: m.labels,
    constLabels: m.constLabels,
    help: m.help,
    buckets: m.buckets,
    path: m.path,
    line: m.line,
    column: m.column,
    static: m.static,
    holder: m.holder,
    crate: m.crate,
    library: m.library,
    registry: registryLabel(m.registry),
    registryPrefix: m.registry.kind === 'custom' ? m.registry.prefix : null,
    series: m.series,
    test: m.test,
    // Present only when they say something: the name as written when the exporter exposes another,
    // the bucket expression that could not be computed (`buckets: null` alone means the default),
    // and where a registration inside a once-initialiser happens.
    ...(m.writtenName !== undefined ? { writtenName: m.writtenName } : {}),
    ...(m.bucketsNotComputed !== undefined ? { bucketsNotComputed: m.bucketsNotComputed } : {}),
    ...(m.registeredAt !== undefined ? { registeredAt: m.registeredAt } : {}),
  };
}

export function listJson(list: MetricList) {
  return {
    ref: list.ref,
    commit: list.commit,
    metrics: list.metrics.map(metricJson),
    unresolved: list.unresolved.map((u) => ({ path: u.path, line: u.line, column: u.column, expression: u.expression, reason: u.reason })),
    warnings: list.warnings,
    complete: list.complete,
  };
}
