/** A Grafana dashboard and a rule file over the lifecycle repository's metrics: one panel per status a panel can have. */
import { readGrafanaDashboard, type Dashboard } from '../../src/dashboards/grafana.js';
import { indexRecordingRules, type RecordingRuleIndex } from '../../src/dashboards/rules.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';

const panel = (id: number, title: string, expr: string | null) => ({
  id,
  title,
  type: expr === null ? 'text' : 'timeseries',
  datasource: { type: 'prometheus', uid: 'prom' },
  ...(expr === null ? {} : { targets: [{ refId: 'A', expr }] }),
});

export const DASHBOARD_JSON = JSON.stringify({
  title: 'Svc overview',
  uid: 'svc',
  panels: [
    panel(1, 'Requests', 'sum by (host) (rate(svc_requests_total[5m]))'),
    panel(2, 'Latency', 'histogram_quantile(0.99, sum by (le) (rate(svc_latency_seconds_bucket[5m])))'),
    panel(3, 'Queue', 'rate(svc_queue_jobs_total[5m])'),
    panel(4, 'Legacy', 'rate(svc_legacy_total[5m]) and on() up'),
    panel(5, 'Latency, bare', 'rate(svc_latency_seconds[5m])'),
    panel(6, 'Broken', 'rate(svc_errors_total[5m]'),
    panel(7, 'Chosen metric', '$metric'),
    panel(8, 'Old API', '{__name__=~"svc_old_.*"}'),
    panel(9, 'Errors', 'svc:errors:rate5m'),
    panel(10, 'Notes', null),
  ],
});

export const DASHBOARD: Dashboard = readGrafanaDashboard(DASHBOARD_JSON, 'svc.json');

export const RULES_YAML = ['groups:', '  - name: svc', '    rules:', '      - record: svc:errors:rate5m', '        expr: sum by (kind) (rate(svc_errors_total[5m]))', ''].join('\n');

export const RULES: RecordingRuleIndex = indexRecordingRules([readRuleFile(RULES_YAML, 'rules.yml')]);
