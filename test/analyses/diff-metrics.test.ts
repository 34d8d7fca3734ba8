import { describe, expect, it } from 'vitest';
import { failOnHits, parseChangeFailOn } from '../../src/analyses/change-fail-on.js';
import { fieldDiffs, isRelocation } from '../../src/analyses/diff-metrics.js';
import { changed, emptyDiff, metric } from '../helpers/metric-diffs.js';

describe('fieldDiffs', () => {
  it('reports each changed field once, in a fixed order', () => {
    const before = metric({ name: 'x', labels: ['host', 'code'], help: 'Old', buckets: [0.1, 1], holder: 'eager', kind: 'histogram' });
    const after = metric({ name: 'x', labels: ['code', 'shard'], help: 'New', buckets: [0.1, 0.5, 1], holder: 'LazyLock', kind: 'histogram', subsystem: 'api', constLabels: { team: 'core' }, registry: { kind: 'unregistered' } });
    expect(fieldDiffs(before, after)).toEqual([
      { field: 'labels', before: ['host', 'code'], after: ['code', 'shard'], added: ['shard'], removed: ['host'] },
      { field: 'help', before: 'Old', after: 'New' },
      { field: 'buckets', before: [0.1, 1], after: [0.1, 0.5, 1] },
      { field: 'subsystem', before: null, after: 'api' },
      { field: 'holder', before: 'eager', after: 'LazyLock' },
      { field: 'constLabels', before: {}, after: { team: 'core' } },
      { field: 'registry', before: { kind: 'default' }, after: { kind: 'unregistered' } },
    ]);
  });

  it('sees a vec becoming scalar as a kind change, and ignores label order and position', () => {
    const vec = metric({ name: 'x', kind: 'int_counter', vec: true, labels: ['a', 'b'] });
    expect(fieldDiffs(vec, metric({ name: 'x', kind: 'int_counter', vec: false }))).toEqual([
      { field: 'kind', before: { kind: 'int_counter', vec: true }, after: { kind: 'int_counter', vec: false } },
      { field: 'labels', before: ['a', 'b'], after: [], added: [], removed: ['a', 'b'] },
    ]);
    expect(fieldDiffs(vec, { ...vec, labels: ['b', 'a'], line: 40, path: 'src/other.rs' })).toEqual([]);
  });
});

describe('isRelocation', () => {
  it.each([
    [{ path: 'src/a.rs' }, { path: 'src/b.rs' }, true],
    [{ static: 'A' }, { static: 'B' }, true],
    [{ static: null }, { static: 'B' }, false],
    [{ line: 3 }, { line: 30 }, false],
  ])('%j → %j is a move: %s', (a, b, expected) => {
    expect(isRelocation(metric({ name: 'x', ...a }), metric({ name: 'x', ...b }))).toBe(expected);
  });
});

describe('--fail-on', () => {
  const diff = emptyDiff({
    added: [{ name: 'new_total', definition: metric({ name: 'new_total' }), commit: null, baseSide: null, mergedBy: null, atShallowBoundary: false }],
    changed: [changed(metric({ name: 'x', labels: ['a'] }), metric({ name: 'x', labels: ['b'], help: 'Other' }))],
  });

  it('parses comma-separated and repeated values and keeps unknown names apart', () => {
    expect(parseChangeFailOn(['removed,changed-labels', ' Added ', 'renamed'])).toEqual({ categories: ['removed', 'changed-labels', 'added'], unknown: ['renamed'] });
  });

  it('hits sections and single field kinds; any means every section', () => {
    expect(failOnHits(diff, ['removed', 'moved'])).toEqual([]);
    expect(failOnHits(diff, ['changed-labels', 'changed-kind'])).toEqual([{ category: 'changed-labels', metric: 'x' }]);
    expect(failOnHits(diff, ['changed'])).toEqual([{ category: 'changed', metric: 'x' }]);
    expect(failOnHits(diff, ['any'])).toEqual([
      { category: 'added', metric: 'new_total' },
      { category: 'changed', metric: 'x' },
    ]);
  });
});
