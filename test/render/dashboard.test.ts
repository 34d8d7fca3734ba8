import { describe, expect, it } from 'vitest';
import type { MetricFinding } from '../../src/analyses/dashboard-report.js';
import type { Cause } from '../../src/analyses/root-cause.js';
import { renderDashboardJson } from '../../src/render/dashboard-json.js';
import { renderDashboardText } from '../../src/render/dashboard-text.js';
import { causeSentence, initializeSentence, limitedList, metricDetail, summarySentences } from '../../src/render/dashboard-wording.js';
import type { PrometheusSection } from '../../src/render/prometheus-section.js';
import { ERRORS_ON_MAIN, INFOS, METRICS, REPORT, RETRIES, SCRAPE, SENTENCES, SUMMARY } from './dashboard-inputs.js';
import { definition, definitionJson, NO_INFOS, PIPE, resultOf, sha, terminal } from './render-inputs.js';

const TEXT = [
  'Dashboard "Svc overview" against v1.0 (1111111111)',
  '',
  'PANEL      STATUS        METRICS',
  'Requests   ok            svc_requests_total',
  'Errors     not-deployed  svc_errors_total',
  'Retries    lazy          svc_retries_total',
  'panels[3]  unknown       $metric (a template variable names the metric)',
  '',
  'METRIC                                                     STATUS        WHY',
  'svc_errors_total                                           not-deployed  only on main (2 ahead), introduced by 2222222222 "Count errors"',
  'svc_requests_total                                         ok            registered at startup',
  'svc_retries_total (via recording rule svc:retries:rate5m)  lazy          lazy, used only in error handling: appears after the first error at src/db.rs:9 in retry',
  '',
  'Root cause',
  ...SENTENCES.map((s) => `  ${s}`),
  '',
].join('\n');

describe('renderDashboardText', () => {
  it('a table of panels, one of metrics with why, and the root cause a paragraph per cause', () => {
    expect(renderDashboardText(REPORT, SUMMARY, null, INFOS, PIPE)).toBe(TEXT);
  });

  it('with a scrape and --prometheus evidence, their sections follow', () => {
    const prometheus: PrometheusSection = {
      url: 'http://prometheus:9090',
      deployment: null,
      evidence: {
        window: '1h',
        job: null,
        panels: [{ path: 'panels[2]', title: 'Retries', evidence: [{ kind: 'no-series', metric: 'svc_retries_total', selector: null, series: 0, jobs: [], text: 'no series in the last 1h' }] }],
        foreign: [],
        findings: ['Prometheus has every metric the deployed ref defines'],
        report: REPORT,
      },
    };
    expect(renderDashboardText(REPORT, SUMMARY, SCRAPE, INFOS, PIPE, prometheus)).toBe(
      `${TEXT}\nScrape\n  ${SCRAPE.findings[0]}\n\nPrometheus (http://prometheus:9090, last 1h)\n  "Retries": no series in the last 1h\n  Prometheus has every metric the deployed ref defines\n`,
    );
  });

  it('on a narrow terminal the root cause wraps with a hanging indent', () => {
    const text = renderDashboardText(REPORT, { ...SUMMARY, causes: [], initialize: [] }, null, INFOS, terminal(60));
    expect(text.slice(text.indexOf('Root cause\n'))).toBe(
      'Root cause\n  2 panels show No data (of 4 with Prometheus queries); 1\n    more panel may show No data until an error or a first\n    use.\n',
    );
  });

  it('a dashboard without Prometheus queries: nothing to check; a title-less one has no quotes', () => {
    expect(renderDashboardText({ ...REPORT, title: null, panels: [], metrics: [], prometheusTargets: 0 }, SUMMARY, null, NO_INFOS, PIPE)).toBe(
      'Dashboard against v1.0 (1111111111)\n\nno Prometheus queries in this dashboard: nothing to check\n',
    );
  });

  it('escapes a panel title and dashboard title that carry control characters', () => {
    const text = renderDashboardText({ ...REPORT, title: 'a\u001b[2Jb', panels: [{ ...REPORT.panels[0]!, title: 'x\ny' }], metrics: [] }, { ...SUMMARY, causes: [], initialize: [] }, null, NO_INFOS, PIPE);
    expect(text.split('\n').slice(0, 4)).toEqual(['Dashboard "a\\u001b[2Jb" against v1.0 (1111111111)', '', 'PANEL  STATUS  METRICS', 'x\\ny   ok      svc_requests_total']);
  });
});

describe('metricDetail', () => {
  const finding = (status: MetricFinding['status']): MetricFinding => ({ query: 'q_total', name: 'q_total', via: null, panels: [], status });
  it('says why for every status', () => {
    const def = definition('q_total');
    const cases: [MetricFinding['status'], string][] = [
      [{ kind: 'ok', definitions: [def], how: 'forced' }, 'registered at startup (forced)'],
      [{ kind: 'external', reason: 'synthesised by Prometheus' }, 'synthesised by Prometheus'],
      [{ kind: 'lazy', definition: def, registration: 'never-used', uses: [], reason: null, binaries: [] }, 'lazy, and nothing in the code uses it: never registered, never appears'],
      [
        { kind: 'lazy', definition: def, registration: 'first-use', uses: [{ path: 'a.rs', line: 1, function: null }, { path: 'b.rs', line: 2, function: 'f' }], reason: null, binaries: [] },
        'lazy, not forced at startup: appears at its first use at a.rs:1 (+1 more)',
      ],
      [{ kind: 'lazy', definition: def, registration: 'unknown', uses: [], reason: null, binaries: [] }, 'lazy; whether start-up code forces it is undetermined: no reason recorded'],
      [{ kind: 'no-series-yet', definition: { ...def, kind: 'counter' }, labelValuesAtStartup: false }, 'counter vec: no series until the first with_label_values'],
      [{ kind: 'not-deployed', refs: [], introducedBy: [] }, 'on no current ref'],
      [{ kind: 'not-deployed', refs: [ERRORS_ON_MAIN, { ...ERRORS_ON_MAIN, ref: 'feature/x' }, { ...ERRORS_ON_MAIN, ref: 'v2.0' }], introducedBy: [sha(9)] }, 'only on main (2 ahead) and 2 other refs, introduced by 9999999999'],
      [{ kind: 'removed', removedBy: sha(2) }, 'removed by 2222222222 "Count errors"'],
      [{ kind: 'removed', removedBy: null }, 'removed'],
      [{ kind: 'query-problem', definition: def, problem: 'series', reason: 'a histogram is read through its _bucket series' }, 'a histogram is read through its _bucket series'],
      [{ kind: 'unknown', closest: ['a_total', 'b_total'], reason: 'never defined' }, 'never defined; closest: a_total, b_total'],
    ];
    for (const [status, text] of cases) expect(metricDetail(finding(status), SUMMARY, INFOS)).toBe(text);
  });
});

describe('causeSentence', () => {
  const lazy = (names: readonly string[], registration: 'never-used' | 'first-use' | 'unknown'): Cause => ({
    kind: 'lazy',
    registration,
    metrics: names.map((name) => ({ name, definition: RETRIES, uses: [], reason: registration === 'unknown' ? 'an unresolved call' : null })),
  });

  it('a sentence for each kind of cause, singular and plural', () => {
    const cases: [Cause, string][] = [
      [lazy(['a_total'], 'never-used'), '1 metric is never used in the code, so it never appears: a_total.'],
      [lazy(['a_total', 'b_total'], 'never-used'), '2 metrics are never used in the code, so they never appear: a_total, b_total.'],
      [lazy(['a_total', 'b_total'], 'first-use'), '2 metrics are registered lazily on v1.0 and appear at first use: a_total, b_total. Until then the panel may show No data.'],
      [lazy(['a_total'], 'unknown'), 'For 1 lazily held metric start-up registration is undetermined: a_total (an unresolved call).'],
      [
        { kind: 'query-problem', metrics: [{ name: 'h', panels: ['P1', 'P2', 'P3', 'P4'], reasons: ['bare histogram name', 'no such label'] }] },
        '1 metric is queried in a way that cannot match any series: bare histogram name; no such label ("P1", "P2", "P3" and 1 more; --json lists all).',
      ],
      [{ kind: 'no-series-yet', metrics: [{ name: 'v_total', definition: RETRIES }] }, '1 labelled metric is registered on v1.0 but exposes no series until the first with_label_values(..): v_total. Pre-create the expected label values at startup.'],
      [{ kind: 'removed', metrics: [{ name: 'r_total', removedBy: sha(2) }, { name: 's_total', removedBy: null }] }, '2 metrics were removed from v1.0: r_total by 2222222222 "Count errors", s_total. Update the dashboard or restore the metric.'],
      [{ kind: 'unknown', metrics: [{ query: 'x_total', closest: ['y_total', 'z_total'], reason: '' }, { query: 'w', closest: [], reason: '' }] }, '2 metrics are not defined by any ref of this repository: x_total (did you mean y_total or z_total?), w.'],
      [{ kind: 'not-deployed', metrics: ['a', 'b'], bestRef: null, onBestRef: 0, otherRefs: [], introducedBy: [] }, '2 metrics are not defined on v1.0: no current ref has them.'],
      [
        { kind: 'not-deployed', metrics: ['a', 'b', 'c'], bestRef: { ...ERRORS_ON_MAIN, ahead: 1, behind: 4 }, onBestRef: 2, otherRefs: ['feature/x'], introducedBy: [sha(2), sha(3), sha(4), sha(5), sha(6)] },
        '3 metrics are not defined on v1.0: 2 of them exist on main (1 commit ahead, 4 behind, introduced in 2222222222 "Count errors", 3333333333, 4444444444 and 2 more commits). Deploy main or merge it into v1.0. Also on: feature/x.',
      ],
    ];
    for (const [cause, text] of cases) expect(causeSentence(cause, 'v1.0', INFOS)).toBe(text);
  });
});

describe('limitedList and initializeSentence', () => {
  it('lists at most ten names, then says how many more', () => {
    const names = Array.from({ length: 12 }, (_, i) => `m${i}`);
    expect(limitedList(names)).toBe('m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 and 2 more; --json lists all');
    expect(limitedList(names.slice(0, 10))).toBe('m0, m1, m2, m3, m4, m5, m6, m7, m8, m9');
    expect(limitedList([])).toBe('');
  });

  it('names the mains to call the initialiser from, or every binary that links it', () => {
    expect(initializeSentence({ file: 'src/m.rs', holder: 'lazy_static', statics: ['A', 'B'], callFrom: ['src/main.rs', 'src/bin/a.rs', 'src/bin/b.rs'] })).toBe(
      'Force A, B at startup: in src/m.rs, add a function that calls lazy_static::initialize on each, and call it from the main of src/main.rs, src/bin/a.rs and src/bin/b.rs.',
    );
    expect(initializeSentence({ file: 'src/m.rs', holder: 'lazy_static', statics: ['A'], callFrom: [] })).toBe(
      'Force A at startup: in src/m.rs, add a function that calls lazy_static::initialize on each, and call it from the main of each binary that links it.',
    );
  });

  it('says what forces each kind of holder: Lazy::force, LazyLock::force, get_or_init, or the call_once that registers', () => {
    const main = ['src/main.rs'];
    expect(initializeSentence({ file: 'src/m.rs', holder: 'once_cell::Lazy', statics: ['A'], callFrom: main })).toBe(
      'Force A at startup: in src/m.rs, add a function that calls Lazy::force on each, and call it from the main of src/main.rs.',
    );
    expect(initializeSentence({ file: 'src/m.rs', holder: 'LazyLock', statics: ['A'], callFrom: main })).toBe(
      'Force A at startup: in src/m.rs, add a function that calls LazyLock::force on each, and call it from the main of src/main.rs.',
    );
    expect(initializeSentence({ file: 'src/m.rs', holder: 'OnceLock', statics: ['A'], callFrom: main })).toBe(
      'Force A at startup: in src/m.rs, add a function that fills each with get_or_init (the same initialiser as its uses), and call it from the main of src/main.rs.',
    );
    expect(initializeSentence({ file: 'src/handler.rs', holder: 'Once', statics: ['ONCE'], callFrom: main })).toBe(
      'Force ONCE at startup: in src/handler.rs, the metrics are registered inside its call_once; call the function that runs it from the main of src/main.rs.',
    );
  });
});

describe('summarySentences', () => {
  it('the headline, a sentence per cause, then the fixes (at most ten files)', () => {
    expect(summarySentences(SUMMARY, INFOS)).toEqual(SENTENCES);
    const fixes = Array.from({ length: 12 }, (_, i) => ({ file: `src/m${i}.rs`, holder: 'lazy_static' as const, statics: ['S'], callFrom: ['src/main.rs'] }));
    const sentences = summarySentences({ ...SUMMARY, panelsWithoutData: 0, panelsUntilFirstUse: 0, causes: [], initialize: fixes }, NO_INFOS);
    expect(sentences[0]).toBe('All 4 panels query metrics that v1.0 registers at startup.');
    expect(sentences).toHaveLength(12);
    expect(sentences[11]).toBe('And 2 more files of lazy statics to force at startup; --json lists all.');
  });
});

describe('renderDashboardJson', () => {
  it('panels, metrics with their status fields, the summary with its sentences, notes and the scrape', () => {
    const result = resultOf(renderDashboardJson(REPORT, SUMMARY, SCRAPE, INFOS), 'dashboard');
    const none = { definitions: [], refs: [], introducedBy: [], removedBy: null, registration: null, uses: [], binaries: [], closest: [], reason: null };
    expect(result).toEqual({
      title: 'Svc overview',
      deployed: { ref: 'v1.0', commit: sha(1) },
      panels: [
        { title: 'Requests', path: 'panels[0]', row: 'Traffic', status: 'ok', registration: null, metrics: ['svc_requests_total'], unknowable: [], errors: [] },
        { title: 'Errors', path: 'panels[1]', row: null, status: 'not-deployed', registration: null, metrics: ['svc_errors_total'], unknowable: [], errors: [] },
        { title: 'Retries', path: 'panels[2]', row: null, status: 'lazy', registration: 'error-path', metrics: ['svc_retries_total'], unknowable: [], errors: [] },
        { title: '', path: 'panels[3]', row: null, status: 'unknown', registration: null, metrics: [], unknowable: ['$metric (a template variable names the metric)'], errors: [] },
      ],
      metrics: [
        {
          query: 'svc_errors_total',
          name: 'svc_errors_total',
          via: null,
          status: 'not-deployed',
          panels: ['Errors'],
          detail: 'only on main (2 ahead), introduced by 2222222222 "Count errors"',
          ...none,
          refs: [{ ref: 'main', commit: sha(3), ahead: 2, behind: 0 }],
          introducedBy: [sha(2)],
        },
        {
          query: 'svc_requests_total',
          name: 'svc_requests_total',
          via: null,
          status: 'ok',
          panels: ['Requests'],
          detail: 'registered at startup',
          ...none,
          definitions: [definitionJson('svc_requests_total', { holder: 'eager', static: null })],
        },
        {
          query: 'svc_retries_total',
          name: 'svc_retries_total',
          via: 'recording rule svc:retries:rate5m',
          status: 'lazy',
          panels: ['Retries'],
          detail: 'lazy, used only in error handling: appears after the first error at src/db.rs:9 in retry',
          ...none,
          definitions: [definitionJson('svc_retries_total', { static: 'RETRIES', line: 8 })],
          registration: 'error-path',
          uses: [{ path: 'src/db.rs', line: 9, function: 'retry' }],
          binaries: ['src/main.rs'],
        },
      ],
      summary: {
        panelsWithoutData: 2,
        panelsUntilFirstUse: 1,
        panelsAnalysed: 4,
        causes: [
          { kind: 'not-deployed', registration: null, metrics: ['svc_errors_total'], bestRef: 'main', otherRefs: [] },
          { kind: 'lazy', registration: 'error-path', metrics: ['svc_retries_total'], bestRef: null, otherRefs: [] },
        ],
        initialize: [{ file: 'src/metrics.rs', holder: 'lazy_static', statics: ['RETRIES'], callFrom: ['src/main.rs'] }],
        sentences: SENTENCES,
      },
      notes: [],
      scrape: { findings: SCRAPE.findings, bestMatch: null },
    });
  });

  it('a query error is listed with its offset; an unknown metric keeps its closest names; no scrape is null', () => {
    const report = {
      ...REPORT,
      panels: [{ ...REPORT.panels[0]!, status: 'query-error' as const, errors: [{ refId: 'A', error: { offset: 4, message: 'unexpected )' } }] }],
      metrics: [{ ...METRICS[0]!, query: 'svc_eror_total', name: null, status: { kind: 'unknown' as const, closest: ['svc_error_total'], reason: 'never defined' } }],
    };
    const result = resultOf(renderDashboardJson(report, { ...SUMMARY, causes: [] }, null, NO_INFOS), 'dashboard') as { panels: { errors: unknown }[]; metrics: { closest: string[]; reason: string }[]; scrape: unknown };
    expect(result.panels[0]?.errors).toEqual([{ refId: 'A', offset: 4, message: 'unexpected )' }]);
    expect(result.metrics.map((m) => [m.closest, m.reason])).toEqual([[['svc_error_total'], 'never defined']]);
    expect(result.scrape).toBeNull();
  });
});
