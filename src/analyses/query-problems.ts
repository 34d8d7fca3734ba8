import type { LabelMatcher } from '../dashboards/promql-selector-use.js';
import type { MetricDefinition } from '../model/metric.js';

/** Why one selector of a panel can never return data, whatever runs. */
export interface QueryProblem {
  /** `series`: the query names a sample the metric never exposes; `label`: it requires a label the metric lacks. */
  readonly kind: 'series' | 'label';
  readonly definition: MetricDefinition;
  readonly reason: string;
}

/**
 * Labels a series can carry without the code declaring them: `job` and `instance` from Prometheus
 * itself, and the target labels Prometheus Operator's service and pod monitors attach (or common
 * external labels such as `cluster`). A matcher on one of these is never called a problem.
 */
export const TARGET_LABELS: ReadonlySet<string> = new Set(['job', 'instance', 'namespace', 'pod', 'container', 'service', 'endpoint', 'node', 'cluster']);

const TEMPLATE_VARIABLE = /\$\w|\$\{|\[\[/;

/**
 * The first problem of a selector `query{matchers}` against the metric's definitions at the deployed
 * ref, or null. Only what the definitions settle counts: a library or registry that may add series or
 * labels the code does not show (the `metrics` facade's exporter, a prefixed or labelled custom
 * registry, label names computed at run time) makes the check give up rather than guess.
 */
export function queryProblemOf(query: string, matchers: readonly LabelMatcher[], definitions: readonly MetricDefinition[]): QueryProblem | null {
  if (definitions.length === 0) return null;
  const exposing = definitions.filter((d) => d.series.includes(query));
  if (exposing.length === 0) {
    if (!definitions.every(seriesAreKnown)) return null;
    const definition = definitions.find((d) => d.name === query) ?? (definitions[0] as MetricDefinition);
    return {
      kind: 'series',
      definition,
      reason: `${kindWord(definition)} ${definition.name} has no series named ${query}; query ${orList(definition.series)}`,
    };
  }
  if (!exposing.every(labelsAreKnown)) return null;
  const labels = new Set<string>();
  for (const d of exposing) {
    for (const label of d.labels) labels.add(label);
    for (const label of Object.keys(d.constLabels)) labels.add(label);
    if (d.kind === 'histogram' && query === `${d.name}_bucket`) labels.add('le');
    if (d.kind === 'summary' && query === d.name) labels.add('quantile');
  }
  const missing: string[] = [];
  for (const m of matchers) {
    if (labels.has(m.label) || missing.includes(m.label) || !certainlyNeedsLabel(m)) continue;
    missing.push(m.label);
  }
  if (missing.length === 0) return null;
  const named = missing.map((l) => `\`${l}\``).join(', ');
  const its = labels.size === 0 ? 'it has no labels' : `its labels: ${[...labels].join(', ')}`;
  return {
    kind: 'label',
    definition: exposing[0] as MetricDefinition,
    reason: `${query} has no label${missing.length === 1 ? '' : 's'} ${named} (${its})`,
  };
}

/** The metrics facade's exporter decides at run time whether a histogram is exposed with buckets. */
function seriesAreKnown(d: MetricDefinition): boolean {
  return d.library !== 'metrics' && !(d.registry.kind === 'custom' && d.registry.prefix !== null);
}

/** Only the prometheus crate declares every label at registration; a custom registry may add its own. */
function labelsAreKnown(d: MetricDefinition): boolean {
  return d.library === 'prometheus' && d.registry.kind !== 'custom' && !d.labels.some((l) => l.startsWith('<'));
}

/**
 * A series without the label reads it as "", so only a matcher that rejects "" requires the label.
 * A template variable in the value may stand for `.*` or "", and a label name built from one is unknown.
 */
function certainlyNeedsLabel(m: LabelMatcher): boolean {
  if (m.label.startsWith('__') || TARGET_LABELS.has(m.label) || TEMPLATE_VARIABLE.test(m.label) || TEMPLATE_VARIABLE.test(m.value)) return false;
  switch (m.op) {
    case '=':
      return m.value !== '';
    case '!=':
      return m.value === '';
    case '=~':
    case '!~': {
      let matchesEmpty: boolean;
      try {
        matchesEmpty = new RegExp(`^(?:${m.value})$`, 's').test('');
      } catch {
        // RE2 syntax JavaScript does not read (such as `(?i)`): not decided here.
        return false;
      }
      return m.op === '=~' ? !matchesEmpty : matchesEmpty;
    }
  }
}

function kindWord(d: MetricDefinition): string {
  return d.kind.replace(/^int_/, '');
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
