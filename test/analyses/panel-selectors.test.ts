import { describe, expect, it } from 'vitest';
import { panelSelectors } from '../../src/analyses/panel-selectors.js';
import { readDashboardSettings } from '../../src/dashboards/dashboard-settings.js';
import { readGrafanaDashboard } from '../../src/dashboards/grafana.js';
import { indexRecordingRules } from '../../src/dashboards/rules.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';

const target = (refId: string, expr: string) => ({ refId, expr, datasource: { type: 'prometheus', uid: 'p' } });
const TEXT = JSON.stringify({
  title: 'Svc',
  time: { from: 'now-6h', to: 'now' },
  templating: {
    list: [
      { name: 'job', type: 'custom', current: { value: 'svc' } },
      { name: 'instance', type: 'query', multi: true, current: { value: ['a:9100', 'b.local:9100'] } },
      { name: 'code', type: 'query' },
      { name: 'metric', type: 'query', current: { value: 'svc_requests_total' } },
    ],
  },
  panels: [
    {
      id: 1,
      title: 'Requests',
      type: 'timeseries',
      // The same selector twice is asked once; a matcher whose variable has no known value is left out.
      targets: [
        target('A', 'sum(rate(svc_requests_total{job="$job",instance=~"$instance",code!="$code"}[5m]))'),
        target('B', 'svc_requests_total{job="$job",instance=~"$instance",code!="$code"}'),
      ],
    },
    { id: 2, title: 'By pattern', type: 'timeseries', targets: [target('A', '{__name__=~"svc_.*_total"}'), target('B', '{__name__=~"nope_.*"}')] },
    { id: 3, title: 'By variable', type: 'timeseries', targets: [target('A', '$metric')] },
    { id: 4, title: 'Rule', type: 'stat', targets: [target('A', 'svc:requests:rate5m{job="$job"}')] },
    { id: 5, title: 'Notes', type: 'text' },
  ],
});
const DASHBOARD = readGrafanaDashboard(TEXT, 'svc.json');
const SETTINGS = readDashboardSettings(TEXT);
const RULES = indexRecordingRules([
  readRuleFile('groups:\n  - name: svc\n    rules:\n      - record: svc:requests:rate5m\n        expr: sum by (job) (rate(svc_requests_total[5m]))\n', 'rules.yml'),
]);
const KNOWN = ['svc_errors_total', 'svc_latency_seconds', 'svc_requests_total'];

describe('panelSelectors', () => {
  it('each panel with targets: what it would ask Prometheus with the variables’ current values, and what cannot be asked', () => {
    expect(panelSelectors(DASHBOARD, SETTINGS, RULES, KNOWN)).toEqual([
      {
        path: 'panels[0]',
        title: 'Requests',
        selectors: [
          {
            metric: 'svc_requests_total',
            matchers: [
              { label: 'job', op: '=', value: 'svc' },
              // A multi-value variable becomes a regex alternation, its values escaped.
              { label: 'instance', op: '=~', value: '(a:9100|b\\.local:9100)' },
            ],
            unapplied: ['code!="$code"'],
            ruleInputs: null,
            via: null,
          },
        ],
        unaskable: [],
      },
      {
        path: 'panels[1]',
        title: 'By pattern',
        selectors: [
          { metric: 'svc_errors_total', matchers: [], unapplied: [], ruleInputs: null, via: '{__name__=~"svc_.*_total"}' },
          { metric: 'svc_requests_total', matchers: [], unapplied: [], ruleInputs: null, via: '{__name__=~"svc_.*_total"}' },
        ],
        unaskable: ['{__name__=~"nope_.*"}'],
      },
      { path: 'panels[2]', title: 'By variable', selectors: [], unaskable: ['$metric'] },
      {
        path: 'panels[3]',
        title: 'Rule',
        selectors: [{ metric: 'svc:requests:rate5m', matchers: [{ label: 'job', op: '=', value: 'svc' }], unapplied: [], ruleInputs: ['svc_requests_total'], via: null }],
        unaskable: [],
      },
    ]);
  });

  it('without rule files a recording rule has no inputs; without variable values every templated matcher is left out', () => {
    const [requests, , , rule] = panelSelectors(DASHBOARD, { timeFrom: null, variables: new Map() }, null, KNOWN);
    expect(requests?.selectors).toEqual([
      { metric: 'svc_requests_total', matchers: [], unapplied: ['job="$job"', 'instance=~"$instance"', 'code!="$code"'], ruleInputs: null, via: null },
    ]);
    expect(rule?.selectors).toEqual([{ metric: 'svc:requests:rate5m', matchers: [], unapplied: ['job="$job"'], ruleInputs: null, via: null }]);
  });
});
