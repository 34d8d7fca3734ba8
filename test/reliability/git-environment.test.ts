import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

interface ListJson {
  commit: string;
  metrics: { name: string }[];
}

/** Runs with these variables in the process environment, which git children inherit. */
async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('git environment variables cannot point provenance at another repository or history', () => {
  it('GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY and GIT_NAMESPACE do not override --repo', async () => {
    const mine = scenario();
    mine.commit('Mine', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'MINE', name: 'mine_total' }]) });
    const other = scenario();
    other.commit('Other', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'OTHER', name: 'other_total' }]) });
    const vars = {
      GIT_DIR: `${other.dir}/.git`,
      GIT_WORK_TREE: other.dir,
      GIT_INDEX_FILE: `${other.dir}/.git/index`,
      GIT_OBJECT_DIRECTORY: `${other.dir}/.git/objects`,
      GIT_NAMESPACE: 'elsewhere',
    };
    const run = await withEnv(vars, () => runCliJson<ListJson>(['list', '--repo', mine.dir]));
    expect(run.code).toBe(0);
    expect(run.result.commit).toBe(mine.sha('main'));
    expect(run.result.metrics.map((m) => m.name)).toEqual(['mine_total']);
  });

  it('git replace refs never count: a replaced commit reads as itself, warm and cold alike', async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
    const original = repo.commit('Count b', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'B', name: 'b_total' }]) });
    repo.branch('other');
    const replacement = repo.commit('Count c instead', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }, { static: 'C', name: 'c_total' }]) });
    repo.switch('main');
    const before = await runCliJson<ListJson>(['list', '--ref', original, '--repo', repo.dir]);
    repo.git(['replace', original, replacement]);
    const after = await runCliJson<ListJson>(['list', '--ref', original, '--repo', repo.dir]);
    expect(after.result.metrics.map((m) => m.name)).toEqual(['a_total', 'b_total']);
    expect(after.result).toEqual(before.result);
  });

  it('a hostile repository config (log.showRoot=false, a UTF-16 log encoding, diff.relative, colour) changes no answer', async () => {
    const repo = scenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'X', name: 'x_total' }]) });
    repo.commit('More', { 'src/more.rs': 'pub fn more() {}\n' });
    const clean = await runCli(['explain', 'x_total', '--deployed', 'main', '--repo', repo.dir, '--json']);
    const index = await runCli(['index', '--repo', repo.dir, '--json']);
    for (const [key, value] of [
      ['log.showRoot', 'false'],
      ['i18n.logOutputEncoding', 'UTF-16'],
      ['diff.relative', 'true'],
      ['color.ui', 'always'],
      ['log.showSignature', 'true'],
      ['core.quotePath', 'false'],
    ]) {
      repo.git(['config', key as string, value as string]);
    }
    rmSync(path.join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });
    const hostile = await runCli(['explain', 'x_total', '--deployed', 'main', '--repo', repo.dir, '--json']);
    expect(hostile.stdout).toBe(clean.stdout);
    expect(JSON.parse(hostile.stdout).result.introductions).toHaveLength(1);
    const hostileIndex = await runCli(['index', '--repo', repo.dir, '--json']);
    expect(JSON.parse(hostileIndex.stdout).result.commits).toBe(JSON.parse(index.stdout).result.commits);
  });
});
