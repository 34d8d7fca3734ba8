import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHAPE, generateSyntheticRepo, type SyntheticRepo } from '../../src/bench/synthetic-repo.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/provenance.js');

/** The built CLI in its own process: running out of memory must not take the test runner with it. */
function provenance(args: readonly string[], env: Record<string, string> = {}, nodeOptions: readonly string[] = []) {
  const run = spawnSync(process.execPath, [...nodeOptions, BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('a history walk that runs out of memory', () => {
  let repo: SyntheticRepo;
  beforeAll(() => {
    repo = generateSyntheticRepo(
      { ...DEFAULT_SHAPE, crates: 4, filesPerCrate: 20, metricFilesPerCrate: 3, maxMetrics: 300, mainCommits: 1500, branches: 4, commitsPerBranch: 10, mergedBranches: 2, code: 'minimal' },
      7,
    );
  });
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('stops with one line and exit 4, saves its progress, and the next run resumes and agrees with a cold one', () => {
    const cacheDir = path.join(repo.dir, '.git', 'provenance');
    // V8's own out-of-memory abort cannot be caught; the walk stops itself below a limit, here lowered so a small history reaches it.
    const stopped = provenance(['index', '--repo', repo.dir], { PROVENANCE_HEAP_LIMIT_MB: '8' }, ['--max-old-space-size=256']);
    expect(stopped.code).toBe(4);
    const lines = stopped.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('indexing history:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^provenance: out of memory while indexing history, after \d+ new commits \(\d+ indexed in all\); the progress is saved and the next run resumes from it\. Narrow the refs \(--only-refs main --only-refs 'v\*', or "refs" in provenance\.json\) or give Node more memory \(NODE_OPTIONS=--max-old-space-size=8192\)$/,
    );
    const done = Number(/after (\d+) new commits/.exec(lines[0] ?? '')?.[1]);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(repo.commits);

    const resumed = provenance(['index', '--repo', repo.dir, '--json']);
    expect(resumed.code).toBe(0);
    const result = (JSON.parse(resumed.stdout) as { result: { commits: number; newCommits: number } }).result;
    expect(result.commits).toBe(repo.commits);
    expect(result.newCommits).toBeLessThan(repo.commits);

    const names = (JSON.parse(provenance(['list', '--repo', repo.dir, '--json']).stdout) as { result: { metrics: { name: string }[] } }).result.metrics
      .map((m) => m.name)
      .filter((_, i) => i % 5 === 0);
    const answers = () => names.map((name) => provenance(['history', name, '--repo', repo.dir, '--json']).stdout);
    const warm = answers();
    rmSync(cacheDir, { recursive: true, force: true });
    expect(answers()).toEqual(warm);
  });
});
