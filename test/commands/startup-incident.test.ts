import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { incidentFix, incidentWorkspace } from '../helpers/incident-workspace.js';
import { runCliJson } from '../helpers/run-cli.js';

interface Site {
  path: string;
  line: number;
  function: string | null;
}

interface StartupJson {
  metrics: {
    name: string;
    status: string;
    chain: string[] | null;
    site: Site | null;
    binary: string | null;
    firstUses: Site[];
    errorUses: Site[];
    reason: string | null;
    binaries: string[];
  }[];
  summary: Record<string, number>;
  notes: string[];
}

/** name → `status where`, exact. */
function digest(result: StartupJson): Record<string, string> {
  return Object.fromEntries(
    result.metrics.map((m) => {
      const sites = (list: Site[]) => list.map((u) => `${u.path}:${u.line}`).join(', ');
      const where =
        m.status === 'forced'
          ? `${m.binary}: ${m.chain?.join(' > ')} @ ${m.site?.path}:${m.site?.line}`
          : m.status === 'first-use'
            ? sites(m.firstUses)
            : m.status === 'error-path'
              ? sites(m.errorUses)
              : (m.reason ?? '');
      return [m.name, `${m.status} ${where}`.trim()];
    }),
  );
}

describe('startup on a three-binary workspace shaped like the incident', () => {
  let repo: Scenario;
  beforeAll(() => {
    repo = createScenario({ prefix: 'incident-' });
    repo.commit('Workspace', incidentWorkspace());
    repo.branch('fix');
    repo.switch('fix');
    repo.commit('Initialize metrics at start-up', incidentFix());
    repo.switch('main');
  });
  afterAll(() => repo.cleanup());

  it('before the fix: grouped imports are followed, nothing is unknown, never-used and error-path are exact', async () => {
    const { code, result } = await runCliJson<StartupJson>(['startup', '--ref', 'main', '--repo', repo.dir]);
    expect(code).toBe(0);
    expect(digest(result)).toEqual({
      backfiller_fetch_errors_total: 'error-path crates/backfiller/src/bin/backfill.rs:6',
      backfiller_http_errors_total: 'error-path crates/backfiller/src/repo.rs:5',
      backfiller_repos_total: 'first-use crates/backfiller/src/repo.rs:8',
      backfiller_stale_total: 'never-used',
      indexer_index_errors_total: 'error-path crates/indexer/src/index.rs:10',
      indexer_indexed_total: 'first-use crates/indexer/src/index.rs:13',
      indexer_resolve_errors_total: 'first-use crates/indexer/src/index.rs:22',
      indexer_retries_total: 'never-used',
      ingester_errors_total: 'error-path crates/ingester/src/firehose.rs:16',
      ingester_events_total: 'first-use crates/ingester/src/firehose.rs:7',
      ingester_unused_total: 'never-used',
    });
    expect(result.summary).toEqual({ eager: 0, forced: 0, firstUse: 4, errorPath: 4, neverUsed: 3, unknown: 0 });
    const binaries = Object.fromEntries(result.metrics.map((m) => [m.name.split('_')[0], m.binaries]));
    expect(binaries).toEqual({
      backfiller: ['crates/backfiller/src/bin/backfill.rs'],
      indexer: ['crates/indexer/src/main.rs'],
      ingester: ['crates/ingester/src/main.rs'],
    });
  });

  it("after initialize_metrics() is called from two mains: those crates' metrics are forced, the third crate's are not", async () => {
    const { result } = await runCliJson<StartupJson>(['startup', '--ref', 'fix', '--repo', repo.dir]);
    const forced = result.metrics.filter((m) => m.status === 'forced');
    expect(forced.map((m) => m.name).sort()).toEqual([
      'backfiller_fetch_errors_total',
      'backfiller_http_errors_total',
      'backfiller_repos_total',
      'backfiller_stale_total',
      'ingester_errors_total',
      'ingester_events_total',
      'ingester_unused_total',
    ]);
    for (const m of forced) {
      const crate = m.name.split('_')[0] as string;
      expect(m.binary).toBe(crate === 'ingester' ? 'crates/ingester/src/main.rs' : 'crates/backfiller/src/bin/backfill.rs');
      expect(m.chain).toEqual(['main', 'initialize_metrics']);
      expect(m.site?.path).toBe(`crates/${crate}/src/metrics.rs`);
    }
    // The indexer's initialize_metrics() exists but nothing calls it: its statics are what they were.
    const indexer = Object.fromEntries(result.metrics.filter((m) => m.name.startsWith('indexer_')).map((m) => [m.name, m.status]));
    expect(indexer).toEqual({
      indexer_index_errors_total: 'error-path',
      indexer_indexed_total: 'first-use',
      indexer_resolve_errors_total: 'first-use',
      indexer_retries_total: 'never-used',
    });
  });
});
