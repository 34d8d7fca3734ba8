/**
 * Text tables in time linear in their rows: cli-table3 laid 20,000 panels out in 16 s and 100,000 rows
 * in more than 200 s, against 0.7 s for the same answer as --json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScenario } from '../../src/demo/git-fixture.js';
import { renderTable } from '../../src/render/table.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';

describe('large tables', () => {
  it('100,000 rows render, fitted to a terminal or not, within a hang bound', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [`metric_${i}_total`, 'int_counter', `crates/x/src/m${i % 97}.rs:${i}`, 'lazy_static']);
    for (const columns of [Number.POSITIVE_INFINITY, 60]) {
      const started = Date.now();
      const out = renderTable(['METRIC', 'KIND', 'DEFINED AT', 'HOLDER'], rows, { color: false, columns });
      // A hang bound, not a timing assertion: the quadratic layout took minutes here.
      expect(Date.now() - started).toBeLessThan(20_000);
      const lines = out.split('\n');
      expect(lines[0]).toMatch(/^METRIC +KIND/);
      expect(lines.filter((l) => l.startsWith('metric_99999_total'))).toHaveLength(1);
    }
  });

  it('dashboard with 20,000 panels prints its table within a hang bound', async () => {
    const repo = createScenario();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-panels-'));
    try {
      repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
      const panels = Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, title: `panel ${i}`, type: 'timeseries', targets: [{ expr: `sum(rate(m_${i}_total[5m]))` }] }));
      fs.writeFileSync(path.join(dir, 'dash.json'), JSON.stringify({ title: 'big', panels }));
      const started = Date.now();
      const run = await runCli(['dashboard', path.join(dir, 'dash.json'), '--deployed', 'main', '--repo', repo.dir]);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stdout).toContain('panel 19999');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      repo.cleanup();
    }
  });
});
