import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { runCliJson } from '../helpers/run-cli.js';
import { VENDOR_BRANCH_METRIC, VENDOR_DASHBOARD, vendorWorkspace } from '../helpers/vendor-workspace.js';

interface DashboardJson {
  panels: { title: string; status: string; registration: string | null }[];
  metrics: { query: string; status: string; registration: string | null; reason: string | null; uses: { path: string; line: number }[] }[];
  summary: {
    panelsWithoutData: number;
    panelsUntilFirstUse: number;
    panelsAnalysed: number;
    causes: { kind: string; registration: string | null; metrics: string[] }[];
    initialize: { file: string; holder: string; statics: string[]; callFrom: string[] }[];
    sentences: string[];
  };
}

interface StartupJson {
  metrics: { name: string; status: string; reason: string | null }[];
  notes: string[];
}

describe('dashboard on a workspace shaped like a vendor database', () => {
  let repo: Scenario;
  let dir: string;
  let dashboard: string;
  beforeAll(() => {
    repo = createScenario({ prefix: 'vendor-' });
    repo.commit('Workspace', vendorWorkspace());
    repo.branch('compaction');
    repo.switch('compaction');
    repo.commit('Count compactions', { 'src/storage/src/compaction.rs': VENDOR_BRANCH_METRIC, 'src/storage/src/lib.rs': `pub mod compaction;\n${repo.readFile('src/storage/src/lib.rs')}` });
    repo.switch('main');
    dir = mkdtempSync(path.join(os.tmpdir(), 'vendor-dashboard-'));
    dashboard = path.join(dir, 'dashboard.json');
    writeFileSync(dashboard, JSON.stringify(VENDOR_DASHBOARD));
  });
  afterAll(() => {
    repo.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('startup: the cmd binary links the library crates; derived statics count as uses; nothing is unknown', async () => {
    const { result } = await runCliJson<StartupJson>(['startup', '--ref', 'main', '--repo', repo.dir]);
    expect(Object.fromEntries(result.metrics.map((m) => [m.name, m.status]))).toEqual({
      servers_connections: 'first-use',
      servers_query_elapsed_seconds: 'first-use',
      servers_unused_bytes_total: 'never-used',
      storage_flush_elapsed_seconds: 'first-use',
      storage_flush_errors_total: 'error-path',
    });
    expect(result.notes).toEqual([
      'crate servers has no fn main: its statics were followed from the mains of the binaries that depend on it (src/cmd/src/bin/server.rs)',
      'crate storage has no fn main: its statics were followed from the mains of the binaries that depend on it (src/cmd/src/bin/server.rs)',
    ]);
  });

  it('every panel status is exact, and the headline counts only panels with a certain cause', async () => {
    const { result } = await runCliJson<DashboardJson>(['dashboard', dashboard, '--deployed', 'main', '--repo', repo.dir]);
    expect(result.panels.map((p) => [p.title, p.status, p.registration])).toEqual([
      ['SQL p99', 'lazy', 'first-use'],
      ['Connections', 'lazy', 'first-use'],
      ['Unused bytes', 'lazy', 'never-used'],
      ['Flush time', 'query-problem', null],
      ['Flush errors', 'lazy', 'error-path'],
      ['OpenDAL p99', 'external', null],
      ['Compactions', 'not-deployed', null],
    ]);
    // Certain: never used, a query that cannot match, not deployed. The rest only wait for a first use or an error.
    expect(result.summary.panelsWithoutData).toBe(3);
    expect(result.summary.panelsUntilFirstUse).toBe(3);
    expect(result.summary.causes.map((c) => [c.kind, c.registration, c.metrics])).toEqual([
      ['not-deployed', null, ['storage_compactions_total']],
      ['lazy', 'never-used', ['servers_unused_bytes_total']],
      ['query-problem', null, ['storage_flush_elapsed_seconds']],
      ['lazy', 'error-path', ['storage_flush_errors_total']],
      ['lazy', 'first-use', ['servers_connections', 'servers_query_elapsed_seconds']],
    ]);
    expect(result.summary.initialize).toEqual([
      { file: 'src/servers/src/metrics.rs', holder: 'lazy_static', statics: ['CONNECTIONS', 'QUERY_ELAPSED', 'UNUSED_BYTES'], callFrom: ['src/cmd/src/bin/server.rs'] },
      { file: 'src/storage/src/metrics.rs', holder: 'lazy_static', statics: ['FLUSH_ERRORS'], callFrom: ['src/cmd/src/bin/server.rs'] },
    ]);
    expect(result.summary.sentences[0]).toBe('3 panels show No data (of 7 with Prometheus queries); 3 more panels may show No data until an error or a first use.');
    expect(result.summary.sentences[2]).toBe('1 metric is never used in the code, so it never appears: servers_unused_bytes_total.');
  });
});
