import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { historyFingerprint } from '../../src/history/index-model.js';
import { openAnalysis } from '../../src/history/analysis-context.js';
import { updateIndex } from '../../src/history/provenance-index.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';

const scenarios: Scenario[] = [];
afterEach(() => {
  for (const repo of scenarios.splice(0)) repo.cleanup();
});

async function indexOnce(dir: string) {
  const context = await openAnalysis(dir, {});
  try {
    const result = await updateIndex(context.repo, { ...context, fingerprint: historyFingerprint() });
    return { stats: result.stats, extracted: context.facts.counters.extracted, data: result.data };
  } finally {
    await context.close();
  }
}

describe('incremental index', () => {
  it('processes only the commits it has not seen, and parses only their new blobs', async () => {
    const repo = createScenario();
    scenarios.push(repo);
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    repo.commit('More', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'B', name: 'b_total' }]) });
    const cold = await indexOnce(repo.dir);
    expect(cold.stats.newCommits).toBe(2);

    const warm = await indexOnce(repo.dir);
    expect(warm.stats.newCommits).toBe(0);
    expect(warm.extracted).toBe(0);

    repo.commit('Third', { 'src/metrics.rs': lazyMetrics([{ static: 'B', name: 'b_total' }]) });
    const incremental = await indexOnce(repo.dir);
    expect(incremental.stats.newCommits).toBe(1);
    expect(incremental.extracted).toBe(1);
    // The parent's tree state came from the stored tip states: no `git ls-tree`, no read of its blobs.
    expect(incremental.stats.treeStateMisses).toBe(0);
    expect(incremental.data.events['a_total']?.map((e) => e.kind)).toEqual(['introduced', 'removed']);

    repo.branch('new-branch-no-commits');
    const newRef = await indexOnce(repo.dir);
    expect(newRef.stats.newCommits).toBe(0);
  });

  it('without stored tip states (deleted, or damaged) it asks git for the parent tree and gets the same answer', async () => {
    const results = [];
    for (const damage of ['none', 'delete', 'garble'] as const) {
      const repo = createScenario();
      scenarios.push(repo);
      repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
      await indexOnce(repo.dir);
      const dir = path.join(repo.dir, '.git', 'provenance');
      for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('states-'))) {
        if (damage === 'delete') fs.rmSync(path.join(dir, name));
        if (damage === 'garble') fs.writeFileSync(path.join(dir, name), 'garbage');
      }
      repo.commit('Second', { 'src/metrics.rs': lazyMetrics([{ static: 'B', name: 'b_total' }]) });
      const next = await indexOnce(repo.dir);
      expect(next.stats.treeStateMisses, damage).toBe(damage === 'none' ? 0 : 1);
      results.push(Object.fromEntries(Object.entries(next.data.events).map(([name, events]) => [name, events.map((e) => e.kind)])));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]).toEqual({ a_total: ['introduced', 'removed'], b_total: ['introduced'] });
  });
});
