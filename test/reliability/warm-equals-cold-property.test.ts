import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();
const STEPS = Number(process.env['PROVENANCE_PROPERTY_STEPS'] ?? 10);
const SEEDS = (process.env['PROVENANCE_PROPERTY_SEEDS'] ?? '1,2').split(',').map(Number);
const NAMES = ['a_total', 'b_total', 'c_total', 'd_total'];

/** One random history edit, as people make them every day. Returns what it did, for the failure message. */
function step(repo: Scenario, random: () => number, n: number): string {
  // A replacement lasts one step: the answers are compared with it in place, then the edits go on without it.
  const replaced = repo.git(['for-each-ref', '--format=%(refname:short)', 'refs/replace']).split('\n').filter(Boolean);
  if (replaced.length > 0) repo.git(['replace', '-d', ...replaced.map((r) => r.replace(/^replace\//, ''))]);
  const branches = repo.git(['for-each-ref', '--format=%(refname:short)', 'refs/heads']).split('\n').filter(Boolean);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // The step number keeps every commit a change, even when the metrics drawn are the same.
  const metrics = () => `// step ${n}\n${lazyMetrics(NAMES.filter(() => random() < 0.5).map((name) => ({ static: name.toUpperCase().replace('_TOTAL', ''), name })))}`;
  const op = pick(['commit', 'commit', 'branch', 'merge', 'delete', 'amend', 'force-push', 'tag', 'gc', 'replace']);
  const current = repo.git(['symbolic-ref', '--short', 'HEAD']).trim();
  switch (op) {
    case 'commit':
      repo.switch(pick(branches));
      repo.commit(`Edit ${n}`, { 'src/metrics.rs': metrics() });
      return `commit on ${current}`;
    case 'branch': {
      const name = `b${n}`;
      repo.branch(name);
      repo.commit(`Start ${name}`, { 'src/metrics.rs': metrics() });
      return `branch ${name}`;
    }
    case 'merge': {
      const other = pick(branches.filter((b) => b !== current));
      if (other === undefined) return 'merge (nothing to merge)';
      try {
        repo.git(['merge', '--no-edit', '--quiet', '-X', 'theirs', other]);
      } catch {
        // A conflict (or a history replace refs made unmergeable): leave the branch as it was.
        repo.git(['reset', '--hard', '--quiet', 'HEAD']);
        return `merge ${other} into ${current} (failed, reset)`;
      }
      return `merge ${other} into ${current}`;
    }
    case 'delete': {
      const other = pick(branches.filter((b) => b !== current && b !== 'main'));
      if (other === undefined) return 'delete (nothing to delete)';
      repo.git(['branch', '-D', other]);
      return `delete ${other}`;
    }
    case 'amend':
      repo.writeFiles({ 'src/metrics.rs': metrics() });
      repo.git(['add', '-A']);
      repo.git(['commit', '--amend', '--no-edit', '--quiet']);
      return `amend ${current}`;
    case 'force-push':
      if (repo.git(['rev-list', '--count', 'HEAD']).trim() === '1') return 'force-push (root)';
      repo.git(['reset', '--hard', '--quiet', 'HEAD~1']);
      repo.commit(`Redo ${n}`, { 'src/metrics.rs': metrics() });
      return `reset and redo ${current}`;
    case 'tag':
      if (random() < 0.5) repo.git(['tag', `t${n}`]);
      else {
        repo.git(['tag', '-a', `t${n}`, '-m', `tag ${n}`]);
        if (random() < 0.5) repo.git(['tag', '-a', `t${n}-outer`, `t${n}`, '-m', 'a tag of a tag']);
      }
      return `tag t${n}`;
    case 'gc':
      repo.git(['reflog', 'expire', '--expire=now', '--all']);
      repo.git(['gc', '--prune=now', '--quiet']);
      return 'gc --prune=now';
    case 'replace': {
      const commits = repo.git(['--no-replace-objects', 'rev-list', '--all']).split('\n').filter(Boolean);
      const [a, b] = [pick(commits), pick(commits)];
      if (a === undefined || b === undefined || a === b) return 'replace (no pair)';
      repo.git(['replace', '-f', a, b]);
      return `replace ${a.slice(0, 7)} by ${b.slice(0, 7)}`;
    }
    default:
      return op;
  }
}

async function answers(repo: Scenario): Promise<string[]> {
  const out: string[] = [];
  for (const name of NAMES) {
    out.push((await runCli(['history', name, '--repo', repo.dir, '--json'])).stdout);
    out.push((await runCli(['explain', name, '--deployed', 'main', '--repo', repo.dir, '--json'])).stdout);
  }
  return out;
}

describe('property: after any sequence of history edits, a warm answer equals a cold one', () => {
  it.each(SEEDS)(`seed %i, ${STEPS} steps (PROVENANCE_PROPERTY_STEPS, PROVENANCE_PROPERTY_SEEDS for longer runs)`, async (seed) => {
    const random = seededRandom(seed);
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    const done: string[] = [];
    for (let n = 1; n <= STEPS; n++) {
      done.push(step(repo, random, n));
      const warm = await answers(repo);
      rmSync(path.join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });
      const cold = await answers(repo);
      expect({ done, answers: warm }).toEqual({ done, answers: cold });
    }
  }, 300_000);
});
