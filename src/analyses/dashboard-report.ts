import type { Dashboard } from '../dashboards/grafana.js';
import type { DashboardNote } from '../dashboards/grafana-targets.js';
import { metricSelectorsIn } from '../dashboards/promql.js';
import type { LabelMatcher } from '../dashboards/promql-selector-use.js';
import type { PromqlSyntaxError } from '../dashboards/promql-syntax-errors.js';
import { resolveRuleMetrics, type RecordingRuleIndex } from '../dashboards/rules.js';
import type { MetricDefinition } from '../model/metric.js';
import { metricStatus, REGISTRATION_SEVERITY, worstStatus, type LazyRegistration, type MetricStatus, type ResolvedStatus, type PanelStatusKind, type StatusContext } from './metric-status.js';
import { queryProblemOf } from './query-problems.js';

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
  /** The worst status of its metrics, or `query-error` when a query does not parse (see `errors`). */
  readonly status: PanelStatusKind;
  readonly metrics: readonly string[];
  readonly errors: readonly { readonly refId: string; readonly error: PromqlSyntaxError }[];
  /** Queries whose metric name cannot be known statically (a template variable as the name). */
  readonly unknowable: readonly string[];
  /** When the panel is `lazy`: when its lazy metrics appear, the most certain first (`never-used` over `error-path` …). */
  readonly registration: LazyRegistration | null;
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
  /** The selector's label matchers when the panel names the metric itself (not through a rule or regex). */
  readonly matchers: readonly LabelMatcher[] | null;
}

/** Every panel's metrics, each classified against the deployed ref; pure over parsed inputs and the index. */
export function dashboardReport(dashboard: Dashboard, context: StatusContext, rules: RecordingRuleIndex | null): DashboardReport {
  const knownNames = context.view.allMetricNames();
  // Keyed by query, plus the problem when a panel's selector has one: other panels may query the same name fine.
  const findings = new Map<string, { query: string; via: string | null; resolved: ResolvedStatus; panels: Set<string> }>();
  const panels: PanelFinding[] = [];
  const statusOf = new Map<string, ReturnType<typeof metricStatus>>();
  const status = (query: string) => {
    let s = statusOf.get(query);
    if (!s) statusOf.set(query, (s = metricStatus(query, context)));
    return s;
  };
  const definitionsOf = new Map<string, MetricDefinition[]>();
  const useStatus = (use: PanelUse): ResolvedStatus => {
    const base = status(use.query);
    if (use.matchers === null || base.name === null || base.status.kind === 'external') return base;
    let definitions = definitionsOf.get(base.name);
    if (!definitions) definitionsOf.set(base.name, (definitions = context.view.definitionsAt(context.deployed.commit, base.name)));
    // Decided only against what the deployed ref defines; otherwise the metric's own status says why.
    const problem = queryProblemOf(use.query, use.matchers, definitions);
    if (!problem) return base;
    return { name: base.name, status: { kind: 'query-problem', definition: problem.definition, problem: problem.kind, reason: problem.reason } };
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
        if (ref.kind === 'name') uses.push(...namesBehind(ref.name, ref.recordingRule, rules, selector.matchers));
        else if (ref.kind === 'pattern') {
          const regex = safeRegExp(ref.regex);
          const matched = regex ? knownNames.filter((n) => regex.test(n)) : [];
          if (matched.length === 0) unknowable.push(`{__name__=~"${ref.source}"} matches no metric ever defined`);
          for (const name of matched) uses.push({ query: name, via: `{__name__=~"${ref.source}"}`, matchers: null });
        } else if (ref.kind === 'variable') unknowable.push(`${ref.template} (a template variable names the metric)`);
      }
    }
    const seen = new Set<string>();
    const counted = new Set<string>();
    const kinds: PanelStatusKind[] = [];
    const registrations: LazyRegistration[] = [];
    for (const use of uses) {
      seen.add(use.query);
      const resolved = useStatus(use);
      const key = resolved.status.kind === 'query-problem' ? `${use.query}\n${resolved.status.reason}` : use.query;
      if (counted.has(key)) continue;
      counted.add(key);
      kinds.push(resolved.status.kind);
      if (resolved.status.kind === 'lazy') registrations.push(resolved.status.registration);
      let finding = findings.get(key);
      if (!finding) findings.set(key, (finding = { query: use.query, via: use.via, resolved, panels: new Set() }));
      finding.panels.add(panel.title);
    }
    if (uses.length === 0 && unknowable.length > 0) kinds.push('unknown');
    // A query Prometheus cannot parse shows an error, never data, whatever its metrics do.
    if (errors.length > 0) kinds.push('query-error');
    const worst = worstStatus(kinds);
    const registration = worst === 'lazy' ? (REGISTRATION_SEVERITY.find((r) => registrations.includes(r)) ?? null) : null;
    panels.push({ title: panel.title, path: panel.path, row: panel.row, status: worst, registration, metrics: [...seen], errors, unknowable });
  }

  const metrics = [...findings.values()]
    .map((f) => ({ query: f.query, via: f.via, panels: [...f.panels], ...f.resolved }))
    .sort((a, b) => (a.query < b.query ? -1 : a.query > b.query ? 1 : problemOrder(a.status) - problemOrder(b.status)));
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
function namesBehind(name: string, recordingRule: boolean, rules: RecordingRuleIndex | null, matchers: readonly LabelMatcher[]): PanelUse[] {
  if (!recordingRule || !rules) return [{ query: name, via: null, matchers }];
  const resolved = resolveRuleMetrics(name, rules);
  if (resolved.metrics.length === 0) return [{ query: name, via: null, matchers }];
  // The panel's matchers apply to the rule's output, not to the metrics it reads.
  return resolved.metrics.map((m) => ({ query: m, via: `recording rule ${name}`, matchers: null }));
}

/** One query with and without a problem: the plain finding first, then its problems in the order panels met them. */
function problemOrder(status: MetricStatus): number {
  return status.kind === 'query-problem' ? 1 : 0;
}

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}
