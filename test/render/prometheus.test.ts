import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/analyses/deployed-revision.js';
import type { MetricSeriesEvidence } from '../../src/analyses/metric-series.js';
import type { PanelEvidence } from '../../src/analyses/prometheus-evidence.js';
import { deploymentJson, explainPrometheusJson, panelEvidenceJson, prometheusSectionJson } from '../../src/render/prometheus-json.js';
import type { PrometheusSection } from '../../src/render/prometheus-section.js';
import { explainPrometheusRows, prometheusSectionText } from '../../src/render/prometheus-text.js';
import { REPORT } from './dashboard-inputs.js';
import { sha } from './render-inputs.js';

const DEPLOYMENT: Deployment = {
  source: 'build-info',
  jobs: [{ job: 'svc', revisions: [{ commit: sha(1), value: '1111111', label: 'revision', metric: 'svc_build_info', refs: ['v1.0'], instances: ['a:9100', 'b:9100'] }] }],
  chosen: { ref: 'v1.0', commit: sha(1) },
  mixed: false,
  matches: [],
  sentences: ['production runs 1111111111 (v1.0) on 2 instances'],
};

const NO_SERIES: PanelEvidence = { kind: 'no-series', metric: 'svc_retries_total', selector: null, series: 0, jobs: [], text: 'Prometheus has no series of svc_retries_total in the last 1h' };
const PRESENT: PanelEvidence = { kind: 'series-present', metric: 'svc_requests_total', selector: 'svc_requests_total{code="500"}', series: 3, jobs: ['svc'], text: '3 series from job svc' };

const section = (deployment: Deployment | null, job: string | null = 'svc'): PrometheusSection => ({
  url: 'https://prom.example:9090',
  deployment,
  evidence: {
    window: '6h',
    job,
    panels: [
      { path: 'panels[0]', title: 'Requests', evidence: [PRESENT] },
      { path: 'panels[3]', title: '', evidence: [NO_SERIES] },
    ],
    foreign: ['svc_new_total'],
    findings: ['1 metric of this repository has series but is not defined on v1.0: svc_new_total'],
    report: REPORT,
  },
});

describe('prometheusSectionText', () => {
  it('the server and window, the running revision, each panel evidence (an untitled panel by its path), then the findings', () => {
    expect(prometheusSectionText(section(DEPLOYMENT), Number.POSITIVE_INFINITY)).toBe(
      [
        '',
        'Prometheus (https://prom.example:9090, last 6h, job svc)',
        '  production runs 1111111111 (v1.0) on 2 instances',
        '  "Requests": 3 series from job svc',
        '  "panels[3]": Prometheus has no series of svc_retries_total in the last 1h',
        '  1 metric of this repository has series but is not defined on v1.0: svc_new_total',
        '',
      ].join('\n'),
    );
  });

  it('without a job or deployment; wraps to the width given', () => {
    expect(prometheusSectionText(section(null, null), 50)).toBe(
      [
        '',
        'Prometheus (https://prom.example:9090, last 6h)',
        '  "Requests": 3 series from job svc',
        '  "panels[3]": Prometheus has no series of',
        '    svc_retries_total in the last 1h',
        '  1 metric of this repository has series but is',
        '    not defined on v1.0: svc_new_total',
        '',
      ].join('\n'),
    );
  });
});

describe('prometheus JSON', () => {
  it('the section: where, window, job, the deployment, foreign metrics and findings', () => {
    expect(prometheusSectionJson(section(DEPLOYMENT))).toEqual({
      url: 'https://prom.example:9090',
      window: '6h',
      job: 'svc',
      deployment: {
        source: 'build-info',
        chosen: { ref: 'v1.0', commit: sha(1) },
        mixed: false,
        jobs: [{ job: 'svc', revisions: [{ commit: sha(1), metric: 'svc_build_info', label: 'revision', value: '1111111', refs: ['v1.0'], instances: ['a:9100', 'b:9100'] }] }],
        matches: [],
        sentences: ['production runs 1111111111 (v1.0) on 2 instances'],
      },
      foreign: ['svc_new_total'],
      findings: ['1 metric of this repository has series but is not defined on v1.0: svc_new_total'],
    });
    expect(deploymentJson(null)).toBeNull();
  });

  it("a panel's evidence by its path; none for a panel Prometheus was not asked about", () => {
    expect(panelEvidenceJson(section(null), 'panels[0]')).toEqual([{ kind: 'series-present', metric: 'svc_requests_total', selector: 'svc_requests_total{code="500"}', series: 3, jobs: ['svc'], text: '3 series from job svc' }]);
    expect(panelEvidenceJson(section(null), 'panels[9]')).toEqual([]);
  });
});

describe('explain --prometheus', () => {
  const series: MetricSeriesEvidence = { window: '1h', job: null, present: true, series: 2, jobs: [{ job: 'svc', series: 2, lastSampleAgo: 15 }], text: 'Prometheus has 2 series for this metric from job svc (last sample 15 s ago)' };

  it('rows: the running revision, then what Prometheus has, with the server', () => {
    expect(explainPrometheusRows('http://prom:9090', series, DEPLOYMENT)).toBe(
      '  running        production runs 1111111111 (v1.0) on 2 instances\n  prometheus     Prometheus has 2 series for this metric from job svc (last sample 15 s ago) (http://prom:9090)\n',
    );
    expect(explainPrometheusRows('http://prom:9090', series, null)).toBe('  prometheus     Prometheus has 2 series for this metric from job svc (last sample 15 s ago) (http://prom:9090)\n');
  });

  it('JSON: the evidence and the deployment (null without one)', () => {
    expect(explainPrometheusJson('http://prom:9090', series, null)).toEqual({
      url: 'http://prom:9090',
      window: '1h',
      job: null,
      present: true,
      series: 2,
      jobs: [{ job: 'svc', series: 2, lastSampleAgo: 15 }],
      text: 'Prometheus has 2 series for this metric from job svc (last sample 15 s ago)',
      deployment: null,
    });
  });
});
