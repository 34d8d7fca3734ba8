import type { Dashboard } from '../dashboards/grafana.js';
import { metricSelectorsIn, type PromqlScan } from '../dashboards/promql.js';
import type { SelectorUse } from '../dashboards/promql-selector-use.js';
import { indexRecordingRules, resolveRuleMetrics, type RecordingRuleIndex, type RuleFile } from '../dashboards/rules.js';
import type { MetricDefinition } from '../model/metric.js';

/** Where a PromQL query lives: a dashboard panel or a rule. */
export type QuerySource =
  | {
      readonly kind: 'panel';
      readonly file: string;
      readonly dashboard: string | null;
      readonly panel: string;
      /** JSON path of the panel, e.g. `panels[3]`. */
      readonly path: string;
    }
  | {
      readonly kind: 'rule';
      readonly ruleKind: 'recording' | 'alerting';
      readonly file: string;
      readonly group: string;
      readonly name: string;
      readonly line: number;
    };

export interface QueryUse {
  readonly source: QuerySource;
  readonly expr: string;
  readonly scan: PromqlScan;
}

/** Every query of the dashboards and rule files, in document order, with recording rules indexed for lookups. */
export interface QueryCatalog {
  readonly queries: readonly QueryUse[];
  readonly recordingRules: RecordingRuleIndex;
  readonly dashboards: number;
  readonly ruleFiles: number;
}

export interface MetricUse {
  readonly source: QuerySource;
  readonly query: QueryUse;
  /** The selectors that read the metric directly (empty when it is reached only through recording rules). */
  readonly selectors: readonly SelectorUse[];
  /** Series of the metric those selectors name, e.g. `x_bucket`. */
  readonly series: readonly string[];
  /** Recording rules the query reads that are computed from the metric. */
  readonly via: readonly string[];
}

export function catalogQueries(dashboards: readonly Dashboard[], ruleFiles: readonly RuleFile[]): QueryCatalog {
  const queries: QueryUse[] = [];
  for (const dashboard of dashboards) {
    for (const panel of dashboard.panels) {
      const source: QuerySource = { kind: 'panel', file: dashboard.file, dashboard: dashboard.title, panel: panel.title, path: panel.path };
      for (const target of panel.targets) queries.push({ source, expr: target.expr, scan: metricSelectorsIn(target.expr) });
    }
  }
  for (const file of ruleFiles) {
    for (const group of file.groups) {
      for (const rule of group.rules) {
        const source: QuerySource = { kind: 'rule', ruleKind: rule.kind, file: file.file, group: group.name, name: rule.name, line: rule.line };
        queries.push({ source, expr: rule.expr, scan: rule.scan });
      }
    }
  }
  return { queries, recordingRules: indexRecordingRules(ruleFiles), dashboards: dashboards.length, ruleFiles: ruleFiles.length };
}

/** The names a query can select a metric by: its name and every exposed series. */
export function seriesNamesOf(def: MetricDefinition): string[] {
  return [...new Set([def.name, ...def.series])];
}

/**
 * The queries that read `def`: by a literal name or a `{__name__=~"…"}` pattern matching one of its
 * series, or through recording rules computed from it. Names built from Grafana variables are not
 * followed: without the variable's values any metric could match.
 */
export function usesOfMetric(def: MetricDefinition, catalog: QueryCatalog): MetricUse[] {
  const series = seriesNamesOf(def);
  const uses: MetricUse[] = [];
  const viaCache = new Map<string, boolean>();
  const ruleReads = (name: string): boolean => {
    let known = viaCache.get(name);
    if (known === undefined) {
      known = resolveRuleMetrics(name, catalog.recordingRules).metrics.some((m) => series.includes(m));
      viaCache.set(name, known);
    }
    return known;
  };
  for (const query of catalog.queries) {
    const direct: SelectorUse[] = [];
    const named = new Set<string>();
    const via = new Set<string>();
    for (const selector of query.scan.selectors) {
      const hit = selectedSeries(selector, series);
      if (hit.length > 0) {
        direct.push(selector);
        for (const s of hit) named.add(s);
      } else if (selector.metric.kind === 'name' && catalog.recordingRules.has(selector.metric.name) && ruleReads(selector.metric.name)) {
        via.add(selector.metric.name);
      }
    }
    if (direct.length > 0 || via.size > 0) {
      uses.push({ source: query.source, query, selectors: direct, series: [...named], via: [...via] });
    }
  }
  return uses;
}

function selectedSeries(selector: SelectorUse, series: readonly string[]): string[] {
  const metric = selector.metric;
  if (metric.kind === 'name') return series.includes(metric.name) ? [metric.name] : [];
  if (metric.kind === 'pattern') {
    let regex: RegExp;
    try {
      regex = new RegExp(metric.regex);
    } catch {
      return [];
    }
    return series.filter((s) => regex.test(s));
  }
  return [];
}

/** A stable identity for grouping uses by panel or rule. */
export function sourceKey(source: QuerySource): string {
  return source.kind === 'panel' ? `panel\0${source.file}\0${source.path}` : `rule\0${source.file}\0${source.group}\0${source.name}\0${source.line}`;
}
