import { afterEach, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { commitInfo } from '../../src/git/repo.js';
import { openAnalysis } from '../../src/history/analysis-context.js';
import { describeCommits } from '../../src/history/commit-summaries.js';
import { indexedRepository } from '../../src/history/indexed-repository.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';

const scenarios: Scenario[] = [];
afterEach(() => {
  for (const repo of scenarios.splice(0)) repo.cleanup();
});

describe('commit summaries kept in the index', () => {
  it('say exactly what git show says, for odd subjects too, and git fills in commits without events', async () => {
    const repo = createScenario();
    scenarios.push(repo);
    const first = repo.commit('Métriques: ajout du compteur — "quoted" \\ back\tslash', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': MAIN_RS,
      'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]),
    });
    const plain = repo.commit('Touch only code  ', { 'src/main.rs': `${MAIN_RS}\n// more\n` });
    const second = repo.commit('Second line folded\ninto the subject\n\nbody text', { 'src/metrics.rs': lazyMetrics([{ static: 'B', name: 'b_total' }]) });
    const context = await openAnalysis(repo.dir, {});
    try {
      const { view } = await indexedRepository(context);
      expect(Object.keys(view.data.summaries).sort()).toEqual([first, second].sort());
      const described = await describeCommits(context.repo, view, [first, plain, second]);
      expect(described).toEqual(await commitInfo(context.repo, [first, plain, second]));
      expect(described.get(second)?.subject).toBe('Second line folded into the subject');
    } finally {
      await context.close();
    }
  });
});
