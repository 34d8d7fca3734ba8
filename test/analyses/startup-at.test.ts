import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startupAt } from '../../src/analyses/startup-at.js';
import { DEFINED, openLifecycleRepository, type OpenedLifecycle } from './lifecycle-repository.js';

let o: OpenedLifecycle;
beforeAll(async () => {
  o = await openLifecycleRepository();
});
afterAll(async () => {
  await o?.close();
});

describe('startupAt', () => {
  it('the start-up status of every metric of the commit a ref names, with the binaries that link it', async () => {
    const answer = await startupAt(o.context, 'v1.0', { includeTests: false });
    expect(answer).toEqual({
      commit: o.commits.c1,
      analysis: {
        entries: [
          { metric: DEFINED.latency, status: { kind: 'first-use', uses: [{ path: 'src/main.rs', line: 8, function: 'handle' }], undetermined: [] }, labelValuesAtStartup: null, binaries: ['src/main.rs'] },
          { metric: DEFINED.legacy, status: { kind: 'never-used' }, labelValuesAtStartup: null, binaries: ['src/main.rs'] },
          {
            metric: DEFINED.requests,
            status: { kind: 'forced', chain: ['main'], site: { path: 'src/main.rs', line: 4, function: 'main' }, binary: 'src/main.rs' },
            labelValuesAtStartup: false,
            binaries: ['src/main.rs'],
          },
        ],
        notes: [],
      },
      listingWarnings: [],
      pathWarnings: [],
    });
  });

  it('a later tree: the moved histogram and the merged Vec are used in handle, the renamed counter by nothing', async () => {
    const answer = await startupAt(o.context, o.commits.c6, { includeTests: true });
    expect(answer.commit).toBe(o.commits.c6);
    expect(answer.analysis.entries.map((e) => [e.metric, e.status, e.labelValuesAtStartup])).toEqual([
      [DEFINED.errors, { kind: 'first-use', uses: [{ path: 'src/main.rs', line: 11, function: 'handle' }], undetermined: [] }, false],
      [DEFINED.latencyMoved, { kind: 'first-use', uses: [{ path: 'src/main.rs', line: 10, function: 'handle' }], undetermined: [] }, null],
      [DEFINED.oldApi, { kind: 'never-used' }, null],
      [DEFINED.requestsServed, { kind: 'forced', chain: ['main'], site: { path: 'src/main.rs', line: 6, function: 'main' }, binary: 'src/main.rs' }, false],
    ]);
  });

  it('asked again, the stored answer for the same tree is the same answer, whichever name reaches the commit', async () => {
    const first = await startupAt(o.context, 'main', { includeTests: false });
    const again = await startupAt(o.context, 'v1.1', { includeTests: false });
    expect(again).toEqual(first);
    expect(first.commit).toBe(o.commits.c6);
  });
});
