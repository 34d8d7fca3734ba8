import { describe, expect, it } from 'vitest';
import { listMetrics } from '../../src/analyses/list-metrics.js';
import type { SnapshotListing } from '../../src/history/snapshot.js';
import { definition, sha } from '../render/render-inputs.js';

const API = definition('svc_requests_total', { path: 'crates/api/src/metrics.rs' });
const API_TEST = definition('svc_test_only_total', { path: 'crates/api/src/metrics.rs', line: 30, test: true });
const DB = definition('db_queries_total', { path: 'crates/db/src/lib.rs' });
const DB_TEST = definition('db_fixture_total', { path: 'crates/db/tests/it.rs', test: true });

const SNAPSHOT: SnapshotListing = {
  ref: 'v1.0',
  commit: sha(1),
  metrics: [API, API_TEST, DB, DB_TEST],
  unresolved: [
    { path: 'crates/api/src/dyn.rs', line: 3, column: 5, expression: 'name', reason: 'a parameter' },
    { path: 'crates/db/src/dyn.rs', line: 4, column: 5, expression: 'n', reason: 'a parameter' },
  ],
  warnings: ['crates/db/src/broken.rs: syntax error'],
  complete: false,
  wrappers: [],
};

describe('listMetrics', () => {
  it('leaves test-only metrics out and counts them; keeps the ref, commit, unresolved names, warnings and completeness', () => {
    expect(listMetrics(SNAPSHOT, { includeTests: false, pathGlob: null })).toEqual({
      ref: 'v1.0',
      commit: sha(1),
      metrics: [API, DB],
      unresolved: SNAPSHOT.unresolved,
      warnings: ['crates/db/src/broken.rs: syntax error'],
      complete: false,
      hiddenTestMetrics: 2,
    });
  });

  it('with tests included hides nothing', () => {
    const list = listMetrics(SNAPSHOT, { includeTests: true, pathGlob: null });
    expect([list.metrics, list.hiddenTestMetrics]).toEqual([[API, API_TEST, DB, DB_TEST], 0]);
  });

  it('a path glob (or a directory) narrows metrics, unresolved names and the hidden count alike', () => {
    const db = listMetrics(SNAPSHOT, { includeTests: false, pathGlob: 'crates/db/**' });
    expect([db.metrics, db.unresolved, db.hiddenTestMetrics]).toEqual([[DB], [SNAPSHOT.unresolved[1]], 1]);
    const dir = listMetrics(SNAPSHOT, { includeTests: false, pathGlob: 'crates/api' });
    expect([dir.metrics, dir.unresolved, dir.hiddenTestMetrics]).toEqual([[API], [SNAPSHOT.unresolved[0]], 1]);
    const none = listMetrics(SNAPSHOT, { includeTests: true, pathGlob: '**/*.toml' });
    expect([none.metrics, none.unresolved, none.hiddenTestMetrics]).toEqual([[], [], 0]);
  });
});
