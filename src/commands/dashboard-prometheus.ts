/** The `--prometheus` part of `dashboard`: ask about every panel's metrics and join the answers with the report. */
import type { DashboardReport } from '../analyses/dashboard-report.js';
import type { Deployment } from '../analyses/deployed-revision.js';
import { panelSelectors } from '../analyses/panel-selectors.js';
import { prometheusEvidence, questionsFor } from '../analyses/prometheus-evidence.js';
import type { DashboardSettings } from '../dashboards/dashboard-settings.js';
import type { Dashboard } from '../dashboards/grafana.js';
import type { RecordingRuleIndex } from '../dashboards/rules.js';
import type { IndexView } from '../history/index-queries.js';
import type { PrometheusSection } from '../render/prometheus-section.js';
import { metricNamesIn, observeSeries, type PrometheusSource } from './prometheus-source.js';

export interface DashboardPrometheusInput {
  readonly dashboard: Dashboard;
  readonly settings: DashboardSettings;
  readonly rules: RecordingRuleIndex | null;
  readonly report: DashboardReport;
  readonly view: IndexView;
  readonly defaultBranch: string | null;
  readonly deployment: Deployment | null;
}

export async function dashboardPrometheus(source: PrometheusSource, input: DashboardPrometheusInput): Promise<PrometheusSection> {
  const panels = panelSelectors(input.dashboard, input.settings, input.rules, input.view.allMetricNames());
  const observed = await observeSeries(source, questionsFor(panels, source.job));
  const namesInPrometheus = await metricNamesIn(source);
  const evidence = prometheusEvidence(input.report, panels, observed, { view: input.view, defaultBranch: input.defaultBranch, namesInPrometheus });
  return { url: source.url, deployment: input.deployment, evidence };
}
