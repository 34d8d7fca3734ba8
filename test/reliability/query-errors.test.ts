import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

interface DashboardJson {
  panels: { title: string; status: string; errors: { refId: string; message: string }[] }[];
  summary: { panelsWithoutData: number };
}

describe('a panel whose PromQL does not parse', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-query-errors-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has its own status, query-error, counts for --fail-on and in the headline, and shows in the table', async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    const file = path.join(dir, 'dashboard.json');
    const panel = (id: number, title: string, expr: string) => ({ id, title, type: 'timeseries', targets: [{ refId: 'A', expr }] });
    writeFileSync(file, JSON.stringify({ title: 'Broken', panels: [panel(1, 'Broken', 'sum(rate(a_total[5m])'), panel(2, 'Fine', 'up')] }));
    const run = await runCliJson<DashboardJson>(['dashboard', file, '--deployed', 'main', '--repo', repo.dir]);
    expect(run.code).toBe(1);
    expect(run.result.panels.map((p) => [p.title, p.status])).toEqual([
      ['Broken', 'query-error'],
      ['Fine', 'external'],
    ]);
    expect(run.result.panels[0]?.errors.length).toBeGreaterThan(0);
    expect(run.result.summary.panelsWithoutData).toBe(1);
    expect((await runCliJson(['dashboard', file, '--deployed', 'main', '--repo', repo.dir, '--fail-on', 'query-error'])).code).toBe(1);
    expect((await runCliJson(['dashboard', file, '--deployed', 'main', '--repo', repo.dir, '--fail-on', 'lazy'])).code).toBe(0);
    const table = await runCli(['dashboard', file, '--deployed', 'main', '--repo', repo.dir]);
    expect(table.stdout).toMatch(/Broken\s+query-error/);
  });
});
