/** One small dashboard report, its root-cause summary and a scrape check, shared by the text, JSON and Markdown tests. */
import type { DashboardReport, MetricFinding, PanelFinding } from '../../src/analyses/dashboard-report.js';
import type { RefDefining } from '../../src/analyses/explain.js';
import type { RootCauseSummary } from '../../src/analyses/root-cause.js';
import type { ScrapeCheck } from '../../src/analyses/scrape-check.js';
import { commitInfos, definition, sha } from './render-inputs.js';

export const REQUESTS = definition('svc_requests_total', { holder: 'eager', static: null });
export const RETRIES = definition('svc_retries_total', { static: 'RETRIES', line: 8 });
export const ERRORS_ON_MAIN: RefDefining = { ref: 'main', commit: sha(3), definitions: [definition('svc_errors_total', { line: 9, static: 'ERRORS' })], ahead: 2, behind: 0, mergeBase: sha(1) };
export const INFOS = commitInfos([[sha(2), 'Count errors']]);

const panel = (title: string, index: number, fields: Partial<PanelFinding>): PanelFinding => ({
  title,
  path: `panels[${index}]`,
  row: null,
  status: 'ok',
  registration: null,
  metrics: [],
  errors: [],
  unknowable: [],
  ...fields,
});

export const PANELS: readonly PanelFinding[] = [
  panel('Requests', 0, { metrics: ['svc_requests_total'], row: 'Traffic' }),
  panel('Errors', 1, { status: 'not-deployed', metrics: ['svc_errors_total'] }),
  panel('Retries', 2, { status: 'lazy', registration: 'error-path', metrics: ['svc_retries_total'] }),
  panel('', 3, { status: 'unknown', unknowable: ['$metric (a template variable names the metric)'] }),
];

export const METRICS: readonly MetricFinding[] = [
  { query: 'svc_errors_total', name: 'svc_errors_total', via: null, panels: ['Errors'], status: { kind: 'not-deployed', refs: [ERRORS_ON_MAIN], introducedBy: [sha(2)] } },
  { query: 'svc_requests_total', name: 'svc_requests_total', via: null, panels: ['Requests'], status: { kind: 'ok', definitions: [REQUESTS], how: 'eager' } },
  {
    query: 'svc_retries_total',
    name: 'svc_retries_total',
    via: 'recording rule svc:retries:rate5m',
    panels: ['Retries'],
    status: { kind: 'lazy', definition: RETRIES, registration: 'error-path', uses: [{ path: 'src/db.rs', line: 9, function: 'retry' }], reason: null, binaries: ['src/main.rs'] },
  },
];

export const REPORT: DashboardReport = {
  title: 'Svc overview',
  deployed: { ref: 'v1.0', commit: sha(1) },
  panels: PANELS,
  metrics: METRICS,
  notes: [],
  prometheusTargets: 4,
};

export const SUMMARY: RootCauseSummary = {
  deployed: 'v1.0',
  defaultBranch: 'main',
  panelsWithoutData: 2,
  panelsUntilFirstUse: 1,
  panelsAnalysed: 4,
  causes: [
    { kind: 'not-deployed', metrics: ['svc_errors_total'], bestRef: ERRORS_ON_MAIN, onBestRef: 1, otherRefs: [], introducedBy: [sha(2)] },
    { kind: 'lazy', registration: 'error-path', metrics: [{ name: 'svc_retries_total', definition: RETRIES, uses: [{ path: 'src/db.rs', line: 9, function: 'retry' }], reason: null }] },
  ],
  initialize: [{ file: 'src/metrics.rs', holder: 'lazy_static', statics: ['RETRIES'], callFrom: ['src/main.rs'] }],
};

export const SENTENCES = [
  '2 panels show No data (of 4 with Prometheus queries); 1 more panel may show No data until an error or a first use.',
  '1 metric is not defined on v1.0: it exists on main (2 commits ahead, introduced in 2222222222 "Count errors"). Deploy main or merge it into v1.0.',
  '1 metric appears only after its first error (used only in error handling): svc_retries_total (src/db.rs:9 in retry). Until then the panel may show No data.',
  'Force RETRIES at startup: in src/metrics.rs, add a function that calls lazy_static::initialize on each, and call it from the main of src/main.rs.',
];

export const SCRAPE: ScrapeCheck = {
  findings: ['svc_retries_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)'],
  bestMatch: null,
};
