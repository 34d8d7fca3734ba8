import { describe, expect, it } from 'vitest';
import type { DashboardReport, MetricFinding, PanelFinding } from '../../src/analyses/dashboard-report.js';
import type { RefDefining } from '../../src/analyses/explain.js';
import { isCertainCause, rootCauses } from '../../src/analyses/root-cause.js';
import { definition, sha } from '../render/render-inputs.js';

const panel = (title: string, status: PanelFinding['status'], registration: PanelFinding['registration'] = null): PanelFinding => ({
  title,
  path: `panels[${title}]`,
  row: null,
  status,
  registration,
  metrics: [],
  errors: [],
  unknowable: [],
});

const ref = (name: string, ahead: number): RefDefining => ({ ref: name, commit: sha(ahead), definitions: [], ahead, behind: 0, mergeBase: sha(1) });
const MAIN = ref('main', 3);
const FEATURE = ref('feature/a', 1);

const finding = (query: string, name: string | null, status: MetricFinding['status'], panels: readonly string[] = [query]): MetricFinding => ({ query, name, via: null, panels, status });

const A = definition('a_total', { path: 'src/a.rs', static: 'A' });
const B = definition('b_total', { path: 'src/a.rs', static: 'B' });
const C = definition('c_total', { path: 'src/c.rs', static: 'C' });
const D = definition('d_total', { path: 'src/d.rs', static: null, holder: 'OnceLock' });
const H = definition('h', { kind: 'histogram', series: ['h_bucket', 'h_sum', 'h_count'] });
const V = definition('v_total', { vec: true, labels: ['k'] });
const site = (path: string, line: number) => ({ path, line, function: 'f' });

/** One panel for every status, and metrics whose causes group in every way the summary groups them. */
const REPORT: DashboardReport = {
  title: 'All',
  deployed: { ref: 'v1.0', commit: sha(1) },
  panels: [
    panel('ok', 'ok'),
    panel('external', 'external'),
    panel('not-deployed', 'not-deployed'),
    panel('never', 'lazy', 'never-used'),
    panel('first', 'lazy', 'first-use'),
    panel('no-series', 'no-series-yet'),
    panel('problem', 'query-problem'),
    panel('removed', 'removed'),
    panel('unknown', 'unknown'),
    panel('error', 'query-error'),
  ],
  metrics: [
    // A histogram's two series on two refs and another metric on one: one entry per metric, the ref with most of them first.
    finding('x_bucket', 'x', { kind: 'not-deployed', refs: [MAIN, FEATURE], introducedBy: [sha(5)] }),
    finding('x_count', 'x', { kind: 'not-deployed', refs: [MAIN], introducedBy: [sha(5)] }),
    finding('y_total', 'y_total', { kind: 'not-deployed', refs: [FEATURE], introducedBy: [sha(4)] }),
    finding('a_total', 'a_total', { kind: 'lazy', definition: A, registration: 'never-used', uses: [], reason: null, binaries: ['src/main.rs'] }),
    finding('b_total', 'b_total', { kind: 'lazy', definition: B, registration: 'first-use', uses: [site('src/h.rs', 4)], reason: null, binaries: ['src/bin/tool.rs'] }),
    finding('c_total', 'c_total', { kind: 'lazy', definition: C, registration: 'unknown', uses: [], reason: 'an unresolved call', binaries: ['src/main.rs'] }),
    finding('d_total', 'd_total', { kind: 'lazy', definition: D, registration: 'error-path', uses: [site('src/e.rs', 9)], reason: null, binaries: ['src/main.rs'] }),
    finding('h_bucket', 'h', { kind: 'query-problem', definition: H, problem: 'label', reason: 'no le label' }, ['P1']),
    finding('h', 'h', { kind: 'query-problem', definition: H, problem: 'series', reason: 'bare histogram name' }, ['P2', 'P1']),
    finding('r_total', 'r_total', { kind: 'removed', removedBy: sha(3) }),
    finding('u1', null, { kind: 'unknown', closest: ['u_total'], reason: 'never defined' }),
    finding('u2', null, { kind: 'unknown', closest: [], reason: 'never defined' }),
    finding('v_total', 'v_total', { kind: 'no-series-yet', definition: V, labelValuesAtStartup: false }),
    finding('up', 'up', { kind: 'external', reason: 'synthesised' }),
    finding('ok_total', 'ok_total', { kind: 'ok', definitions: [A], how: 'eager' }),
  ],
  notes: [],
  prometheusTargets: 15,
};

/** Commits by position in history: sha(4) is older than sha(5). */
const orderOf = (commit: string) => Number(commit[0]);

describe('rootCauses', () => {
  it('counts panels without data for certain and for a while; certain causes first, then the delaying ones; fixes by file', () => {
    expect(rootCauses(REPORT, orderOf, 'main')).toEqual({
      deployed: 'v1.0',
      defaultBranch: 'main',
      // not-deployed, never used, query problem, removed, unknown and query error.
      panelsWithoutData: 6,
      // first use and no series yet.
      panelsUntilFirstUse: 2,
      panelsAnalysed: 10,
      causes: [
        // feature/a has both metrics, main only one: coverage beats the default branch.
        { kind: 'not-deployed', metrics: ['x', 'y_total'], bestRef: FEATURE, onBestRef: 2, otherRefs: ['main'], introducedBy: [sha(4), sha(5)] },
        { kind: 'lazy', registration: 'never-used', metrics: [{ name: 'a_total', definition: A, uses: [], reason: null }] },
        { kind: 'query-problem', metrics: [{ name: 'h', panels: ['P1', 'P2'], reasons: ['no le label', 'bare histogram name'] }] },
        { kind: 'removed', metrics: [{ name: 'r_total', removedBy: sha(3) }] },
        {
          kind: 'unknown',
          metrics: [
            { query: 'u1', closest: ['u_total'], reason: 'never defined' },
            { query: 'u2', closest: [], reason: 'never defined' },
          ],
        },
        { kind: 'lazy', registration: 'error-path', metrics: [{ name: 'd_total', definition: D, uses: [site('src/e.rs', 9)], reason: null }] },
        { kind: 'lazy', registration: 'first-use', metrics: [{ name: 'b_total', definition: B, uses: [site('src/h.rs', 4)], reason: null }] },
        { kind: 'lazy', registration: 'unknown', metrics: [{ name: 'c_total', definition: C, uses: [], reason: 'an unresolved call' }] },
        { kind: 'no-series-yet', metrics: [{ name: 'v_total', definition: V }] },
      ],
      // Not for c_total (undetermined) nor d_total (no static to name); A and B share a file.
      initialize: [{ file: 'src/a.rs', holder: 'lazy_static', statics: ['A', 'B'], callFrom: ['src/bin/tool.rs', 'src/main.rs'] }],
    });
  });

  it('with equal coverage, the advice order decides: the default branch before a branch fewer commits ahead', () => {
    const report: DashboardReport = { ...REPORT, metrics: [finding('x_total', 'x_total', { kind: 'not-deployed', refs: [FEATURE, MAIN], introducedBy: [] })] };
    const [cause] = rootCauses(report, orderOf, 'main').causes;
    expect(cause).toEqual({ kind: 'not-deployed', metrics: ['x_total'], bestRef: MAIN, onBestRef: 1, otherRefs: ['feature/a'], introducedBy: [] });
    expect(rootCauses(report, orderOf, null).causes[0]).toMatchObject({ bestRef: FEATURE, otherRefs: ['main'] });
  });

  it('a dashboard whose panels are all fine has no cause', () => {
    const fine: DashboardReport = { ...REPORT, panels: [panel('ok', 'ok'), panel('external', 'external')], metrics: [REPORT.metrics.at(-1) as MetricFinding] };
    expect(rootCauses(fine, orderOf)).toEqual({ deployed: 'v1.0', defaultBranch: null, panelsWithoutData: 0, panelsUntilFirstUse: 0, panelsAnalysed: 2, causes: [], initialize: [] });
  });
});

describe('isCertainCause', () => {
  it('only never-used among lazy causes, never no-series-yet, every other kind', () => {
    const lazy = (registration: 'never-used' | 'error-path' | 'first-use' | 'unknown') => ({ kind: 'lazy' as const, registration, metrics: [] });
    expect([lazy('never-used'), lazy('error-path'), lazy('first-use'), lazy('unknown')].map(isCertainCause)).toEqual([true, false, false, false]);
    expect(isCertainCause({ kind: 'no-series-yet', metrics: [] })).toBe(false);
    expect(isCertainCause({ kind: 'removed', metrics: [] })).toBe(true);
    expect(isCertainCause({ kind: 'unknown', metrics: [] })).toBe(true);
  });
});
