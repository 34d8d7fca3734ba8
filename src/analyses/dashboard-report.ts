import type { Dashboard, DashboardNote } from '../dashboards/grafana.js';
import { metricSelectorsIn, type PromqlSyntaxError } from '../dashboards/promql.js';
import { resolveRuleMetrics, type RecordingRuleIndex } from '../dashboards/rules.js';
import { metricStatus, worstStatus, type MetricStatus, type StatusContext, type StatusKind } from './metric-status.js';

/** One metric name a dashboard uses, with why it has data or not. */
export interface MetricFinding {
  /** As the query names it (`x_bucket`, a recording rule's input, a regex match). */
  readonly query: string;
  readonly name: string | null;
  readonly status: MetricStatus;
  readonly panels: readonly string[];
  /** How the name was reached when not written directly: the recording rule or regex. */
  readonly via: string | null;
}

export interface PanelFinding {
  readonly title: string;
  readonly path: string;
  readonly row: string | null;
  readonly status: StatusKind;
  readonly metrics: readonly string[];
  readonly errors: readonly { readonly refId: string; readonly error: PromqlSyntaxError }[];
  /** Queries whose metric name cannot be known statically (a template variable as the name). */
  readonly unknowable: readonly string[];
}

export interface DashboardReport {
  readonly title: string | null;
  readonly deployed: { readonly ref: string; readonly commit: string };
  readonly panels: readonly PanelFinding[];
  readonly metrics: readonly MetricFinding[];
  readonly notes: readonly DashboardNote[];
  readonly prometheusTargets: number;
}

interface PanelUse {
  readonly query: string;
  readonly via: string | null;
}

/** Every panel's metrics, each classified against the deployed ref; pure over parsed inputs and the index. */
export function dashboardReport(dashboard: Dashboard, context: StatusContext, rules: RecordingRuleIndex | null): DashboardReport {
  const knownNames = context.view.allMetricNames();
  const findings = new Map<string, { query: string; via: string | null; panels: Set<string> }>();
  const panels: PanelFinding[] = [];
  const statusOf = new Map<string, ReturnType<typeof metricStatus>>();
  const status = (query: string) => {
    let s = statusOf.get(query);
    if (!s) statusOf.set(query, (s = metricStatus(query, context)));
    return s;
  };

  for (const panel of dashboard.panels) {
    if (panel.targets.length === 0) continue;
    const uses: PanelUse[] = [];
    const errors: { refId: string; error: PromqlSyntaxError }[] = [];
    const unknowable: string[] = [];
    for (const target of panel.targets) {
      const scan = metricSelectorsIn(target.expr);
      for (const error of scan.errors) errors.push({ refId: target.refId, error });
      for (const selector of scan.selectors) {
        const ref = selector.metric;
        if (ref.kind === 'name') uses.push(...namesBehind(ref.name, ref.recordingRule, rules));
        else if (ref.kind === 'pattern') {
          const regex = safeRegExp(ref.regex);
          const matched = regex ? knownNames.filter((n) => regex.test(n)) : [];
          if (matched.length === 0) unknowable.push(`{__name__=~"${ref.source}"} matches no metric ever defined`);
          for (const name of matched) uses.push({ query: name, via: `{__name__=~"${ref.source}"}` });
        } else if (ref.kind === 'variable') unknowable.push(`${ref.template} (a template variable names the metric)`);
      }
    }
    const seen = new Set<string>();
    const kinds: StatusKind[] = [];
    for (const use of uses) {
      if (seen.has(use.query)) continue;
      seen.add(use.query);
      kinds.push(status(use.query).status.kind);
      let finding = findings.get(use.query);
      if (!finding) findings.set(use.query, (finding = { query: use.query, via: use.via, panels: new Set() }));
      finding.panels.add(panel.title);
    }
    if (uses.length === 0 && unknowable.length > 0) kinds.push('unknown');
    panels.push({ title: panel.title, path: panel.path, row: panel.row, status: worstStatus(kinds), metrics: [...seen], errors, unknowable });
  }

  const metrics = [...findings.values()]
    .map((f) => ({ query: f.query, via: f.via, panels: [...f.panels], ...status(f.query) }))
    .sort((a, b) => (a.query < b.query ? -1 : a.query > b.query ? 1 : 0));
  return {
    title: dashboard.title,
    deployed: context.deployed,
    panels,
    metrics,
    notes: dashboard.notes,
    prometheusTargets: dashboard.prometheusTargetCount,
  };
}

/** A recording rule stands for the scraped metrics it is computed from (given the rule files). */
function namesBehind(name: string, recordingRule: boolean, rules: RecordingRuleIndex | null): PanelUse[] {
  if (!recordingRule || !rules) return [{ query: name, via: null }];
  const resolved = resolveRuleMetrics(name, rules);
  if (resolved.metrics.length === 0) return [{ query: name, via: null }];
  return resolved.metrics.map((m) => ({ query: m, via: `recording rule ${name}` }));
}

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}
