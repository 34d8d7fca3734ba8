import { describe, expect, it } from 'vitest';
import type { LifecycleEvent, MetricHistory } from '../../src/analyses/metric-history.js';
import { renderHistoryJson } from '../../src/render/history-json.js';
import { renderHistoryText } from '../../src/render/history-text.js';
import { detail } from '../../src/render/history-wording.js';
import { commitInfos, definition, definitionJson, NO_INFOS, resultOf, sha } from './render-inputs.js';

const REQUESTS = definition('svc_requests_total');
const MOVED = definition('svc_requests_total', { path: 'src/queue.rs', line: 3, static: null, holder: 'eager' });
const INFOS = commitInfos([
  [sha(1), 'Service skeleton'],
  [sha(2), 'Describe requests'],
  [sha(3), 'Move requests'],
]);

type Reached = LifecycleEvent & { readonly reached: readonly string[] };

const EVENTS: readonly Reached[] = [
  { kind: 'introduced', commit: sha(1), definition: REQUESTS, atShallowBoundary: false, renamedFrom: ['svc_reqs_total'], reached: ['main', 'v1.0'] },
  { kind: 'changed', commit: sha(2), definition: REQUESTS, changes: [{ field: 'help', before: 'Requests', after: 'Requests "served"' }, { field: 'labels', before: [], after: ['code'] }], reached: ['main'] },
  { kind: 'moved', commit: sha(3), definition: MOVED, from: REQUESTS, reached: [] },
];

const history = (fields: Partial<MetricHistory> = {}): MetricHistory => ({ query: 'svc_requests_total', name: 'svc_requests_total', closest: [], events: EVENTS, ...fields });

describe('detail', () => {
  it('says what each kind of event did, in one line', () => {
    const cases: [LifecycleEvent, string][] = [
      [{ kind: 'introduced', commit: sha(1), definition: REQUESTS, atShallowBoundary: false, renamedFrom: [] }, 'src/metrics.rs:6'],
      [{ kind: 're-added', commit: sha(1), definition: REQUESTS, atShallowBoundary: true, renamedFrom: ['a_total', 'b_total'] }, 'src/metrics.rs:6 (at or before this commit: shallow clone)   renamed from a_total or b_total?'],
      [{ kind: 'changed', commit: sha(2), definition: REQUESTS, changes: [{ field: 'buckets', before: null, after: [0.1, 1] }] }, 'buckets: null → [0.1,1]'],
      [{ kind: 'moved', commit: sha(3), definition: MOVED, from: REQUESTS }, 'src/metrics.rs:6 (REQUESTS) → src/queue.rs:3 (-)'],
      [{ kind: 'merged', commit: sha(4), definition: REQUESTS, fromParent: sha(5) }, 'brought in from 5555555555'],
      [{ kind: 'removed', commit: sha(6), definition: REQUESTS, viaMerge: false, renamedTo: ['svc_served_total'] }, 'was src/metrics.rs:6   renamed to svc_served_total?'],
      [{ kind: 'removed', commit: sha(6), definition: REQUESTS, viaMerge: true, renamedTo: [] }, 'by a merge'],
    ];
    for (const [event, text] of cases) expect(detail(event)).toBe(text);
  });

  it('escapes a path that holds control characters', () => {
    const odd = definition('x_total', { path: 'src/a\rb.rs' });
    expect(detail({ kind: 'removed', commit: sha(1), definition: odd, viaMerge: false, renamedTo: [] })).toBe('was src/a\\rb.rs:6');
  });
});

describe('renderHistoryText', () => {
  it('three lines per event: kind and commit, detail, and the refs it reached', () => {
    expect(renderHistoryText(history(), INFOS)).toBe(
      [
        'svc_requests_total',
        '  introduced 1111111111  "Service skeleton"  Ada Lovelace  2024-01-01',
        '             src/metrics.rs:6   renamed from svc_reqs_total?',
        // No ref is pinned first here (explain pins the default branch): release tags lead, as compactRefList orders them.
        '             reached: v1.0, main',
        '  changed    2222222222  "Describe requests"  Ada Lovelace  2024-01-02',
        '             help: "Requests" → "Requests \\"served\\""; labels: [] → ["code"]',
        '             reached: main',
        '  moved      3333333333  "Move requests"  Ada Lovelace  2024-01-03',
        '             src/metrics.rs:6 (REQUESTS) → src/queue.rs:3 (-)',
        '             reached: no current ref',
        '',
      ].join('\n'),
    );
  });

  it('a known name without events is its name alone; an unknown one says so, with the closest names', () => {
    expect(renderHistoryText(history({ events: [] }), NO_INFOS)).toBe('svc_requests_total\n');
    expect(renderHistoryText(history({ query: 'svc_request_total', name: null, closest: ['svc_requests_total'], events: [] }), NO_INFOS)).toBe(
      'svc_request_total   never defined; closest defined names: svc_requests_total\n',
    );
    expect(renderHistoryText(history({ query: 'zzz', name: null, events: [] }), NO_INFOS)).toBe('zzz   never defined\n');
  });
});

describe('renderHistoryJson', () => {
  it('each event with its commit (subject null when git did not describe it), definition, detail, renames, changes and reach', () => {
    const result = resultOf(renderHistoryJson(history(), commitInfos([[sha(1), 'Service skeleton']])), 'history');
    expect(result).toEqual({
      query: 'svc_requests_total',
      name: 'svc_requests_total',
      closest: [],
      events: [
        {
          kind: 'introduced',
          commit: { sha: sha(1), subject: 'Service skeleton', author: 'Ada Lovelace', date: '2024-01-01T10:00:00+00:00' },
          definition: definitionJson('svc_requests_total'),
          detail: 'src/metrics.rs:6   renamed from svc_reqs_total?',
          renamedFrom: ['svc_reqs_total'],
          renamedTo: [],
          changes: [],
          reached: ['main', 'v1.0'],
        },
        {
          kind: 'changed',
          commit: { sha: sha(2), subject: null, author: null, date: null },
          definition: definitionJson('svc_requests_total'),
          detail: 'help: "Requests" → "Requests \\"served\\""; labels: [] → ["code"]',
          renamedFrom: [],
          renamedTo: [],
          changes: [
            { field: 'help', before: 'Requests', after: 'Requests "served"' },
            { field: 'labels', before: [], after: ['code'] },
          ],
          reached: ['main'],
        },
        {
          kind: 'moved',
          commit: { sha: sha(3), subject: null, author: null, date: null },
          definition: definitionJson('svc_requests_total', { path: 'src/queue.rs', line: 3, static: null, holder: 'eager' }),
          detail: 'src/metrics.rs:6 (REQUESTS) → src/queue.rs:3 (-)',
          renamedFrom: [],
          renamedTo: [],
          changes: [],
          reached: [],
        },
      ],
    });
  });

  it('a removal carries its rename candidates; an unknown name has no events', () => {
    const removed: Reached = { kind: 'removed', commit: sha(6), definition: REQUESTS, viaMerge: false, renamedTo: ['svc_served_total'], reached: ['main'] };
    const [event] = (resultOf(renderHistoryJson(history({ events: [removed] }), NO_INFOS), 'history') as { events: unknown[] }).events;
    expect(event).toMatchObject({ kind: 'removed', renamedFrom: [], renamedTo: ['svc_served_total'], detail: 'was src/metrics.rs:6   renamed to svc_served_total?' });
    expect(resultOf(renderHistoryJson(history({ query: 'x', name: null, closest: ['y'], events: [] }), NO_INFOS), 'history')).toEqual({ query: 'x', name: null, closest: ['y'], events: [] });
  });
});
