import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHAPE, generateSyntheticRepo, type SyntheticRepo } from '../../src/bench/synthetic-repo.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/provenance.js');

function provenance(args: readonly string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `index` and kills it (SIGKILL, no chance to clean up) once the cache holds a file of `prefix`; how it ended. */
function killOnceWritten(repo: string, cacheDir: string, prefix: string): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'index', '--repo', repo], { stdio: 'ignore' });
    let killed = false;
    const deadline = Date.now() + 120_000;
    const poll = setInterval(() => {
      let names: string[] = [];
      try {
        names = readdirSync(cacheDir);
      } catch {
        // Not created yet.
      }
      if (names.some((name) => name.startsWith(prefix)) || Date.now() > deadline) {
        clearInterval(poll);
        killed = child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ killed: killed && signal === 'SIGKILL', code });
    });
  });
}

describe('a history walk killed part-way', () => {
  let repo: SyntheticRepo;
  beforeAll(() => {
    repo = generateSyntheticRepo(
      { ...DEFAULT_SHAPE, crates: 4, filesPerCrate: 20, metricFilesPerCrate: 3, maxMetrics: 300, mainCommits: 1500, branches: 6, commitsPerBranch: 10, mergedBranches: 2, code: 'minimal' },
      11,
    );
  });
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('leaves nothing the next run trusts wrongly: it finishes, and answers as a cold run does', async () => {
    const cacheDir = path.join(repo.dir, '.git', 'provenance');
    // Tip states are written as the walk meets each tip, long before it ends: kill it right after the first.
    const first = await killOnceWritten(repo.dir, cacheDir, 'states-');
    expect(first.killed).toBe(true);
    expect(readdirSync(cacheDir).some((name) => name.startsWith('index-'))).toBe(false);

    const resumed = provenance(['index', '--repo', repo.dir, '--json']);
    expect(resumed.stderr).not.toMatch(/corrupt|Error:|at .*\.js:\d+/);
    expect(resumed.code).toBe(0);
    expect((JSON.parse(resumed.stdout) as { result: { commits: number } }).result.commits).toBe(repo.commits);

    const listed = JSON.parse(provenance(['list', '--repo', repo.dir, '--json']).stdout) as { result: { metrics: { name: string }[] } };
    const names = listed.result.metrics.map((m) => m.name).filter((_, i) => i % 6 === 0);
    expect(names.length).toBeGreaterThan(5);
    const answers = () => names.map((name) => provenance(['history', name, '--repo', repo.dir, '--json']).stdout);
    const afterKill = answers();
    rmSync(cacheDir, { recursive: true, force: true });
    expect(answers()).toEqual(afterKill);
  });
});
