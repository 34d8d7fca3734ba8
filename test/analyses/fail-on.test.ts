/** `diff --fail-on` (change-fail-on.ts) and `dashboard --fail-on` (panel-fail-on.ts). */
import { describe, expect, it } from 'vitest';
import { failOnHits, parseChangeFailOn } from '../../src/analyses/change-fail-on.js';
import type { MetricDiff } from '../../src/analyses/diff-metrics.js';
import { parsePanelFailOn } from '../../src/analyses/panel-fail-on.js';
import { UsageError } from '../../src/errors.js';
import { definition, sha } from '../render/render-inputs.js';

const DEF = definition('x');
const DIFF: MetricDiff = {
  range: 'a..b',
  base: { ref: 'a', commit: sha(1) },
  head: { ref: 'b', commit: sha(2) },
  compareFrom: sha(1),
  ahead: 1,
  behind: 0,
  added: [{ name: 'new_total', definition: DEF, commit: sha(2), baseSide: null, mergedBy: null, atShallowBoundary: false }],
  removed: [{ name: 'old_total', definition: DEF, commit: sha(2), baseSide: null }],
  changed: [
    {
      name: 'req_total',
      before: DEF,
      after: DEF,
      changes: [
        { field: 'labels', before: ['a'], after: ['b'], added: ['b'], removed: ['a'], commit: sha(2), baseSide: null },
        { field: 'help', before: 'x', after: 'y', commit: sha(2), baseSide: null },
      ],
    },
    { name: 'lat', before: DEF, after: DEF, changes: [{ field: 'buckets', before: [1], after: [2], commit: sha(2), baseSide: null }] },
  ],
  moved: [{ name: 'q_total', before: DEF, after: DEF, commit: sha(2), baseSide: null }],
  uncertain: false,
};

describe('parseChangeFailOn', () => {
  it('splits on commas, trims and lower-cases, drops duplicates, and returns unknown names for the caller to report', () => {
    expect(parseChangeFailOn(['removed,Changed-Labels', ' removed ', 'moved,,bogus', 'ANY'])).toEqual({ categories: ['removed', 'changed-labels', 'moved', 'any'], unknown: ['bogus'] });
    expect(parseChangeFailOn([])).toEqual({ categories: [], unknown: [] });
  });
});

describe('failOnHits', () => {
  it('every change in the categories asked, in category order, then by the diff’s order', () => {
    expect(failOnHits(DIFF, ['changed-labels', 'removed', 'changed'])).toEqual([
      { category: 'changed-labels', metric: 'req_total' },
      { category: 'removed', metric: 'old_total' },
      { category: 'changed', metric: 'req_total' },
      { category: 'changed', metric: 'lat' },
    ]);
    expect(failOnHits(DIFF, ['changed-kind'])).toEqual([]);
  });

  it('any: each section once per metric, without the per-field categories', () => {
    expect(failOnHits(DIFF, ['any'])).toEqual([
      { category: 'added', metric: 'new_total' },
      { category: 'removed', metric: 'old_total' },
      { category: 'changed', metric: 'req_total' },
      { category: 'changed', metric: 'lat' },
      { category: 'moved', metric: 'q_total' },
    ]);
  });
});

describe('parsePanelFailOn', () => {
  it('every failing status by default, none with none, or the ones listed', () => {
    expect([...parsePanelFailOn(undefined)]).toEqual(['not-deployed', 'lazy', 'removed', 'unknown', 'no-series-yet', 'query-problem', 'query-error']);
    expect([...parsePanelFailOn('none')]).toEqual([]);
    expect([...parsePanelFailOn(' lazy,removed,, ')]).toEqual(['lazy', 'removed']);
  });

  it('an unknown status (ok and external cannot fail) is a usage error naming the choices', () => {
    for (const value of ['ok', 'lazy,bogus', 'none,lazy']) expect(() => parsePanelFailOn(value)).toThrow(UsageError);
    expect(() => parsePanelFailOn('ok')).toThrow("--fail-on: unknown status 'ok'; use a comma-separated list of not-deployed, lazy, removed, unknown, no-series-yet, query-problem, query-error, or none");
  });
});
