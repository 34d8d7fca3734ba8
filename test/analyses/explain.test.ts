import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsMentioned, explainMetric, type RefDefining } from '../../src/analyses/explain.js';
import type { MetricDefinition } from '../../src/model/metric.js';
import { DEFINED, openLifecycleRepository, type OpenedLifecycle } from './lifecycle-repository.js';

let o: OpenedLifecycle;
beforeAll(async () => {
  o = await openLifecycleRepository();
});
afterAll(async () => {
  await o?.close();
});

const explain = (query: string, deployed: string | null) =>
  explainMetric({ query, view: o.indexed.view, tips: o.indexed.tips, deployed: deployed === null ? null : o.tip(deployed), mainline: o.indexed.mainline });

function defining(ref: string, definitions: readonly MetricDefinition[], ahead: number | null, behind: number | null, mergeBase: string | null): RefDefining {
  return { ref, commit: o.tip(ref).commit, definitions, ahead, behind, mergeBase };
}

describe('explainMetric', () => {
  it('a metric the deployed tag lacks: every ref that has it, how far ahead, its introduction, and refs to suggest in advice order', () => {
    const { c1, c2 } = o.commits;
    const main = defining('main', [DEFINED.errors], 5, 0, c1);
    const v11 = defining('v1.1', [DEFINED.errors], 5, 0, c1);
    const experiment = defining('experiment', [DEFINED.errors], 6, 0, c1);
    const feature = defining('feature/errors', [DEFINED.errors], 1, 0, c1);
    expect(explain('svc_errors_total', 'v1.0')).toEqual({
      query: 'svc_errors_total',
      name: 'svc_errors_total',
      matchedVia: 'name',
      definition: DEFINED.errors,
      // Display order: the default branch, release tags, plain branches, then namespaced ones.
      definedIn: [main, v11, experiment, feature],
      sites: [{ path: 'src/errors.rs', static: 'ERRORS', definition: DEFINED.errors, lines: [6], refs: ['main', 'v1.1', 'experiment', 'feature/errors'] }],
      defaultBranch: 'main',
      removedFrom: [],
      // Judged on v1.0's first-parent line, which neither the introduction nor the merge is on.
      introductions: [{ commit: c2, definition: DEFINED.errors, atShallowBoundary: false, landedOn: null }],
      merges: [],
      // Advice order: the default branch, a newer release, then branches with the fewest commits ahead.
      verdict: { kind: 'only-in', ref: 'v1.0', refs: [main, v11, feature, experiment] },
      uncertain: false,
      closest: [],
    });
  });

  it('without a deployed ref: no verdict, no ahead or behind, and the merge that brought it onto the main line', () => {
    const { c2, c4 } = o.commits;
    const e = explain('svc_errors_total', null);
    expect(e.verdict).toBeNull();
    expect(e.definedIn.map((d) => [d.ref, d.ahead, d.behind, d.mergeBase])).toEqual([
      ['main', null, null, null],
      ['v1.1', null, null, null],
      ['experiment', null, null, null],
      ['feature/errors', null, null, null],
    ]);
    expect(e.introductions).toEqual([{ commit: c2, definition: DEFINED.errors, atShallowBoundary: false, landedOn: null }]);
    expect(e.merges).toEqual([{ commit: c4, into: 'main', fromParent: c2 }]);
    expect(commitsMentioned(e)).toEqual([c2, c4]);
  });

  it('a renamed metric: the refs it was removed from and by which commit, the refs that still have it, and the removed verdict', () => {
    const { c1, c2, c3 } = o.commits;
    const e = explain('svc_legacy_total', 'main');
    expect(e).toEqual({
      query: 'svc_legacy_total',
      name: 'svc_legacy_total',
      matchedVia: 'name',
      // The deployed ref lacks it, so the definition is the first ref's that has it.
      definition: DEFINED.legacy,
      // main merged feature/errors, so the branch tip is its own merge-base with main.
      definedIn: [defining('v1.0', [DEFINED.legacy], 0, 5, c1), defining('feature/errors', [DEFINED.legacy], 0, 4, c2)],
      sites: [{ path: 'src/metrics.rs', static: 'LEGACY', definition: DEFINED.legacy, lines: [8], refs: ['v1.0', 'feature/errors'] }],
      defaultBranch: 'main',
      removedFrom: [
        { ref: 'main', removedBy: c3 },
        { ref: 'v1.1', removedBy: c3 },
        { ref: 'experiment', removedBy: c3 },
      ],
      introductions: [{ commit: c1, definition: DEFINED.legacy, atShallowBoundary: false, landedOn: 'main' }],
      merges: [],
      verdict: { kind: 'removed', ref: 'main', removedBy: c3 },
      uncertain: false,
      closest: [],
    });
    expect(commitsMentioned(e)).toEqual([c1, c3, c3, c3, c3]);
  });

  it('a series name finds its histogram; a definition that moved files is two sites; deployed where it landed', () => {
    const { c1 } = o.commits;
    const e = explain('svc_latency_seconds_bucket', 'v1.1');
    expect([e.name, e.matchedVia, e.definition]).toEqual(['svc_latency_seconds', 'series', DEFINED.latencyMoved]);
    expect(e.sites).toEqual([
      { path: 'src/latency.rs', static: 'LATENCY', definition: DEFINED.latencyMoved, lines: [6], refs: ['main', 'v1.1', 'experiment'] },
      { path: 'src/metrics.rs', static: 'LATENCY', definition: DEFINED.latency, lines: [10], refs: ['v1.0', 'feature/errors'] },
    ]);
    expect(e.introductions).toEqual([{ commit: c1, definition: DEFINED.latency, atShallowBoundary: false, landedOn: 'v1.1' }]);
    expect(e.verdict).toEqual({ kind: 'deployed', ref: 'v1.1', definitions: [DEFINED.latencyMoved] });
  });

  it('a name no ref ever defined: the closest names, and a never-defined verdict even with a deployed ref', () => {
    expect(explain('svc_request_total', 'main')).toEqual({
      query: 'svc_request_total',
      name: null,
      matchedVia: null,
      definition: null,
      definedIn: [],
      sites: [],
      defaultBranch: 'main',
      removedFrom: [],
      introductions: [],
      merges: [],
      verdict: { kind: 'never-defined', closest: ['svc_requests_total'] },
      uncertain: false,
      closest: ['svc_requests_total'],
    });
  });
});

