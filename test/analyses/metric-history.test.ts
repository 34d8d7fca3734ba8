import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricHistory } from '../../src/analyses/metric-history.js';
import { DEFINED, openLifecycleRepository, type OpenedLifecycle } from './lifecycle-repository.js';

let o: OpenedLifecycle;
beforeAll(async () => {
  o = await openLifecycleRepository();
});
afterAll(async () => {
  await o?.close();
});

const history = (query: string) => metricHistory(query, o.indexed.view, o.indexed.tips);
const EVERY_REF = ['experiment', 'feature/errors', 'main', 'v1.0', 'v1.1'];
const AFTER_C2 = ['experiment', 'main', 'v1.1'];

describe('metricHistory', () => {
  it('introduced, then removed in the commit that introduced a metric with the same static: a likely rename, both ways', () => {
    const { c1, c3 } = o.commits;
    expect(history('svc_legacy_total')).toEqual({
      query: 'svc_legacy_total',
      name: 'svc_legacy_total',
      closest: [],
      events: [
        { kind: 'introduced', commit: c1, definition: DEFINED.legacy, atShallowBoundary: false, renamedFrom: [], reached: EVERY_REF },
        { kind: 'removed', commit: c3, definition: DEFINED.legacy, viaMerge: false, renamedTo: ['svc_old_api_total'], reached: AFTER_C2 },
      ],
    });
    expect(history('svc_old_api_total').events).toEqual([{ kind: 'introduced', commit: c3, definition: DEFINED.oldApi, atShallowBoundary: false, renamedFrom: ['svc_legacy_total'], reached: AFTER_C2 }]);
  });

  it('a help text change is one changed event with the field, before and after', () => {
    const { c1, c5 } = o.commits;
    expect(history('svc_requests_total').events).toEqual([
      { kind: 'introduced', commit: c1, definition: DEFINED.requests, atShallowBoundary: false, renamedFrom: [], reached: EVERY_REF },
      { kind: 'changed', commit: c5, definition: DEFINED.requestsServed, changes: [{ field: 'help', before: 'Requests', after: 'Requests served' }], reached: AFTER_C2 },
    ]);
  });

  it('a move to another file is one moved event, from the old definition to the new; a series name finds the histogram', () => {
    const { c1, c6 } = o.commits;
    const h = history('svc_latency_seconds_count');
    expect(h.name).toBe('svc_latency_seconds');
    expect(h.query).toBe('svc_latency_seconds_count');
    expect(h.events).toEqual([
      { kind: 'introduced', commit: c1, definition: DEFINED.latency, atShallowBoundary: false, renamedFrom: [], reached: EVERY_REF },
      { kind: 'moved', commit: c6, definition: DEFINED.latencyMoved, from: DEFINED.latency, reached: AFTER_C2 },
    ]);
  });

  it('a branch metric: introduced on the branch, merged into main by the merge commit', () => {
    const { c2, c4 } = o.commits;
    expect(history('svc_errors_total').events).toEqual([
      { kind: 'introduced', commit: c2, definition: DEFINED.errors, atShallowBoundary: false, renamedFrom: [], reached: ['experiment', 'feature/errors', 'main', 'v1.1'] },
      { kind: 'merged', commit: c4, definition: DEFINED.errors, fromParent: c2, reached: AFTER_C2 },
    ]);
    expect(history('svc_queue_jobs_total').events).toEqual([{ kind: 'introduced', commit: o.commits.c7, definition: DEFINED.queue, atShallowBoundary: false, renamedFrom: [], reached: ['experiment'] }]);
  });

  it('an unknown name: no events, the closest names best first (within a third of its length in edits)', () => {
    expect(history('svc_old_apis_total')).toEqual({ query: 'svc_old_apis_total', name: null, closest: ['svc_old_api_total', 'svc_legacy_total'], events: [] });
  });
});
