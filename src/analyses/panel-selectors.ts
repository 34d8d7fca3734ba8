import { interpolateMatcherValue, type DashboardSettings } from '../dashboards/dashboard-settings.js';
import type { Dashboard } from '../dashboards/grafana.js';
import { metricSelectorsIn } from '../dashboards/promql.js';
import type { LabelMatcher } from '../dashboards/promql-selector-use.js';
import { isLabelName, isMetricName, type SelectorMatcher } from '../dashboards/promql-selector.js';
import { resolveRuleMetrics, type RecordingRuleIndex } from '../dashboards/rules.js';

/** One metric a panel reads, with the label matchers Prometheus can be asked about. */
export interface PanelSelector {
  /** The name the query uses: a metric, a series (`x_bucket`) or a recording rule. */
  readonly metric: string;
  /** The panel's own matchers with template variables substituted. */
  readonly matchers: readonly SelectorMatcher[];
  /** Matchers left out: a template variable without a known value, or a label name the API cannot take. */
  readonly unapplied: readonly string[];
  /** The metrics a recording rule is computed from (with --rules), else null. */
  readonly ruleInputs: readonly string[] | null;
  /** How the name was reached when not written directly: `{__name__=~"…"}`. */
  readonly via: string | null;
}

export interface PanelSelectors {
  readonly path: string;
  readonly title: string;
  readonly selectors: readonly PanelSelector[];
  /** Names no question can be asked about: a template variable names the metric. */
  readonly unaskable: readonly string[];
}

/** What each panel would ask Prometheus, as the panel asks it once its variables have their current values. */
export function panelSelectors(dashboard: Dashboard, settings: DashboardSettings, rules: RecordingRuleIndex | null, knownNames: readonly string[]): PanelSelectors[] {
  const out: PanelSelectors[] = [];
  for (const panel of dashboard.panels) {
    if (panel.targets.length === 0) continue;
    const selectors: PanelSelector[] = [];
    const unaskable: string[] = [];
    const seen = new Set<string>();
    const add = (selector: PanelSelector) => {
      const key = JSON.stringify([selector.metric, selector.matchers, selector.via]);
      if (seen.has(key)) return;
      seen.add(key);
      selectors.push(selector);
    };
    for (const target of panel.targets) {
      for (const selector of metricSelectorsIn(target.expr).selectors) {
        const ref = selector.metric;
        if (ref.kind === 'name') {
          if (!isMetricName(ref.name)) {
            unaskable.push(ref.name);
            continue;
          }
          const { matchers, unapplied } = substituted(selector.matchers, settings);
          const ruleInputs = ref.recordingRule && rules ? resolveRuleMetrics(ref.name, rules).metrics.filter(isMetricName) : null;
          add({ metric: ref.name, matchers, unapplied, ruleInputs: ruleInputs && ruleInputs.length > 0 ? ruleInputs : null, via: null });
        } else if (ref.kind === 'pattern') {
          let regex: RegExp | null = null;
          try {
            regex = new RegExp(ref.regex);
          } catch {
            regex = null;
          }
          const matched = regex ? knownNames.filter((n) => (regex as RegExp).test(n)) : [];
          if (matched.length === 0) unaskable.push(`{__name__=~"${ref.source}"}`);
          for (const name of matched) add({ metric: name, matchers: [], unapplied: [], ruleInputs: null, via: `{__name__=~"${ref.source}"}` });
        } else if (ref.kind === 'variable') unaskable.push(ref.template);
      }
    }
    out.push({ path: panel.path, title: panel.title, selectors, unaskable });
  }
  return out;
}

/** Matchers as Prometheus should see them; those that cannot be known are left out (which only widens the question). */
function substituted(matchers: readonly LabelMatcher[], settings: DashboardSettings): { matchers: SelectorMatcher[]; unapplied: string[] } {
  const applied: SelectorMatcher[] = [];
  const unapplied: string[] = [];
  for (const m of matchers) {
    const written = `${m.label}${m.op}${JSON.stringify(m.value)}`;
    if (m.label === '__name__' || !isLabelName(m.label)) {
      unapplied.push(written);
      continue;
    }
    const value = interpolateMatcherValue(m.value, settings.variables);
    if (value === null) unapplied.push(written);
    else applied.push({ label: m.label, op: m.op, value });
  }
  return { matchers: applied, unapplied };
}
