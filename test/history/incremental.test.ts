import { afterEach, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/scenario.js';
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
    expect(incremental.data.events['a_total']?.map((e) => e.kind)).toEqual(['introduced', 'removed']);

    repo.branch('new-branch-no-commits');
    const newRef = await indexOnce(repo.dir);
    expect(newRef.stats.newCommits).toBe(0);
  });
});
