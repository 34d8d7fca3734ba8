import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepository } from '../../src/demo/build-demo.js';
import { DEMO_BRANCHES } from '../../src/demo/demo-history.js';
import { DEMO_METRICS } from '../../src/demo/demo-metrics.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { runCliJson } from '../helpers/run-cli.js';

interface Listed {
  name: string;
  kind: string;
  vec: boolean;
  labels: string[];
  path: string;
  line: number;
  column: number;
  static: string | null;
  holder: string;
  registry: string;
}

/** `list` on every demo branch, against the facts the demo's README states, field by field. */
describe('list on the demo repository', () => {
  let repo: Scenario;
  beforeAll(() => {
    repo = buildDemoRepository();
  });
  afterAll(() => repo.cleanup());

  for (const branch of DEMO_BRANCHES) {
    it(`finds exactly the documented metrics on ${branch}`, async () => {
      const run = await runCliJson<{ metrics: Listed[]; unresolved: unknown[]; complete: boolean }>(['list', '--ref', branch, '--repo', repo.dir]);
      expect(run.code).toBe(0);
      expect(run.result.unresolved).toEqual([]);
      expect(run.result.complete).toBe(true);
      const expected = DEMO_METRICS.filter((m) => m.lines[branch] !== undefined)
        .map((m) => ({
          name: m.name,
          kind: m.kind,
          vec: m.vec,
          labels: m.labels,
          path: m.path,
          line: m.lines[branch],
          column: m.column,
          holder: m.holder,
          registry: 'default',
        }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const actual = run.result.metrics.map((m) => ({
        name: m.name,
        kind: m.kind,
        vec: m.vec,
        labels: m.labels,
        path: m.path,
        line: m.line,
        column: m.column,
        holder: m.holder,
        registry: m.registry,
      }));
      expect(actual).toEqual(expected);
      for (const m of run.result.metrics) {
        const documented = DEMO_METRICS.find((d) => d.name === m.name);
        if (documented?.static) expect(m.static).toBe(documented.static);
      }
    });
  }
});
