/**
 * The cache under `<git-common-dir>/provenance/`: concurrent real processes of the built CLI,
 * truncated and garbled files (detected by checksum, rebuilt with a warning, never trusted), the
 * `$XDG_CACHE_HOME` fallback when the git dir cannot be written, and `provenance cache info|clear`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDirectory, cacheLocations } from '../../src/cache/cache-dir.js';
import { readSegment } from '../../src/cache/segment-file.js';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { extractorFingerprint } from '../../src/extract/pool/fingerprint.js';
import { historyFingerprint } from '../../src/history/index-model.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';
import { CLI, spawnCli, type SpawnedRun } from '../helpers/spawn-cli.js';

const isRoot = process.getuid?.() === 0;

/** Round n adds `src/round_n.rs` with three metrics and removes one metric of round n-1. */
function addRound(repo: Scenario, n: number): void {
  const metrics = (k: number) => [0, 1, 2].map((i) => ({ static: `R${k}_${i}`, name: `round_${k}_${i}_total` }));
  const files: Record<string, string> = { [`src/round_${n}.rs`]: lazyMetrics(metrics(n)) };
  if (n > 0) files[`src/round_${n - 1}.rs`] = lazyMetrics(metrics(n - 1).slice(1));
  files['src/main.rs'] = `${Array.from({ length: n + 1 }, (_, k) => `mod round_${k};`).join('\n')}\nfn main() {}\n`;
  repo.commit(`Round ${n}`, files);
  // Plain commits between: a walk with something to do, and blobs the prefilter skips.
  for (let i = 0; i < 3; i++) repo.commit(`Round ${n} work ${i}`, { [`src/work_${n}_${i}.rs`]: `pub fn work_${n}_${i}() -> u32 { ${i} }\n` });
}

function cacheFiles(repo: Scenario): string[] {
  const dir = path.join(repo.dir, '.git', 'provenance');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Every segment reads back intact (checksum, record count), whatever version wrote it; no temp file is left over. */
function expectIntactCache(repo: Scenario): void {
  const dir = path.join(repo.dir, '.git', 'provenance');
  const files = cacheFiles(repo);
  expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  for (const name of files) {
    // History files (index, tip states) also name the index format in their fingerprint.
    const fingerprint = name.startsWith('facts-') ? extractorFingerprint() : historyFingerprint();
    expect(readSegment(path.join(dir, name), fingerprint).kind, name).toBe('ok');
  }
}

function json<T>(run: CliRun | SpawnedRun): T {
  return (JSON.parse(run.stdout) as { result: T }).result;
}

describe('concurrent runs of the built CLI on one repository', () => {
  let repo: Scenario;

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'fn main() {}\n' });
  });
  afterAll(() => repo.cleanup());

  it('processes started together all finish with the same, correct answer, and leave an intact cache', { timeout: 180_000 }, async () => {
    // Compaction racing with readers is exercised at full speed by 'the cache store under contention'.
    const rounds = 3;
    const processes = 3;
    for (let n = 0; n < rounds; n++) {
      addRound(repo, n);
      const command = n % 2 === 0 ? ['index', '--json'] : ['explain', `round_${n}_2_total`, '--json'];
      const runs = await Promise.all(Array.from({ length: processes }, () => spawnCli([...command, '--repo', repo.dir])));
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr, 'no corrupt-cache warning from a concurrent writer').not.toMatch(/corrupt/);
      }
      if (n % 2 === 0) {
        const summaries = runs.map((r) => json<{ commits: number; metrics: number }>(r));
        expect(new Set(summaries.map((s) => `${s.commits} ${s.metrics}`)).size).toBe(1);
        expect(summaries[0]?.commits).toBe(1 + 4 * (n + 1));
        expect(summaries[0]?.metrics).toBe(3 * (n + 1));
      } else {
        expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
      }
      expectIntactCache(repo);
    }
    const warm = await spawnCli(['index', '--json', '--repo', repo.dir]);
    expect(warm.code).toBe(0);
    expect(warm.stderr).toBe('');
    expect(json<{ newCommits: number }>(warm).newCommits).toBe(0);

    // The answer from the shared cache equals the answer from no cache at all.
    const history = await spawnCli(['history', 'round_1_0_total', '--json', '--repo', repo.dir]);
    expect((await spawnCli(['cache', 'clear', '--repo', repo.dir])).code).toBe(0);
    const fresh = await spawnCli(['history', 'round_1_0_total', '--json', '--repo', repo.dir]);
    expect(history.code).toBe(0);
    expect(history.stdout).toEqual(fresh.stdout);
    expect(json<{ events: { kind: string }[] }>(fresh).events.map((e) => e.kind)).toEqual(['introduced', 'removed']);
  });
});

/**
 * Each process loads the index, appends a commit, saves it (as a tail or whole) and adds a cache
 * segment, as fast as it can, on one directory.
 */
const STRESS_WORKER = `
const [dist, dir, id, iterations] = process.argv.slice(2);
const { IndexFile } = await import(dist + '/history/index-store.js');
const { emptyIndex } = await import(dist + '/history/index-model.js');
const { DiskBlobCache } = await import(dist + '/cache/blob-cache.js');
const problems = [];
for (let i = 0; i < Number(iterations); i++) {
  try {
    const file = new IndexFile(dir, 'fp');
    const loaded = file.load();
    problems.push(...loaded.warnings);
    const data = loaded.data ?? emptyIndex('fp');
    data.commits.push(id + '_' + i);
    data.parents.push([data.commits.length - 2]);
    data.setOf.push(0);
    data.flags.push(0);
    file.save({ ...data, tips: { ...data.tips, ['w' + id]: String(i) } });
    const cache = new DiskBlobCache(dir, 'fp');
    cache.set(id + '_' + i, { v: i });
    problems.push(...cache.warnings);
    cache.flush();
  } catch (e) {
    problems.push('threw: ' + e.message);
  }
}
process.stdout.write(JSON.stringify(problems));
`;

describe('the cache store under contention', () => {
  it('four processes saving, loading, flushing and compacting at full speed: no error, no false corruption, nothing lost', { timeout: 120_000 }, async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-stress-'));
    try {
      const script = path.join(work, 'worker.mjs');
      fs.writeFileSync(script, STRESS_WORKER);
      const dir = path.join(work, 'cache');
      fs.mkdirSync(dir);
      // The compiled modules (the bundle has no per-module files to import).
      const dist = path.join(path.dirname(CLI), '..');
      const runs = await Promise.all(
        [1, 2, 3, 4].map(
          (id) =>
            new Promise<string>((resolve, reject) => {
              execFile(process.execPath, [script, dist, dir, String(id), '120'], (error, stdout) => (error ? reject(error) : resolve(stdout)));
            }),
        ),
      );
      for (const out of runs) expect(JSON.parse(out)).toEqual([]);
      const { loadIndex } = await import('../../src/history/index-store.js');
      const last = loadIndex(dir, 'fp');
      expect(last.warnings).toEqual([]);
      expect(last.data).not.toBeNull();
      for (const name of fs.readdirSync(dir)) expect(readSegment(path.join(dir, name), 'fp').kind, name).toBe('ok');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('broken cache files are detected, reported and rebuilt, never trusted', () => {
  let repo: Scenario;
  const dir = () => path.join(repo.dir, '.git', 'provenance');
  const only = (prefix: string): string => {
    const files = cacheFiles(repo).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.seg'));
    expect(files, prefix).toHaveLength(1);
    return path.join(dir(), files[0] as string);
  };
  let expectedList: string;
  let expectedExplain: string;

  beforeAll(async () => {
    repo = createScenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }, { static: 'B', name: 'svc_b_total' }]) });
    repo.commit('More', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }, { static: 'C', name: 'svc_c_total', labels: ['kind'] }]) });
    expectedList = (await spawnCli(['list', '--json', '--repo', repo.dir])).stdout;
    expectedExplain = (await spawnCli(['explain', 'svc_c_total', '--json', '--repo', repo.dir])).stdout;
  });
  afterAll(() => repo.cleanup());

  const damages: Record<string, (file: string) => void> = {
    'truncated to half': (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2)),
    'one byte changed in the body': (file) => {
      const bytes = fs.readFileSync(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) === 0x61 ? 0x62 : 0x61;
      fs.writeFileSync(file, bytes);
    },
    'emptied': (file) => fs.writeFileSync(file, ''),
    'random bytes': (file) => fs.writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
    'trailer removed': (file) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/end \d+ [0-9a-f]+\n$/, '')),
  };

  /** Stored listings answer `list` without the facts cache: forgotten, so that `list` reads the damaged segment. */
  const forgetListings = () => {
    for (const name of fs.readdirSync(dir())) if (name.startsWith('snapshot-')) fs.rmSync(path.join(dir(), name), { force: true });
  };

  /** The first damage of each kind runs the built CLI in a real process; the rest run it in-process, which is faster. */
  const cli = (damage: string) => (damage === 'truncated to half' ? spawnCli : runCli);

  it.each(Object.keys(damages))('a facts segment %s: warned about, discarded, rebuilt; the answer is unchanged', async (damage) => {
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    await runCli(['list', '--json', '--repo', repo.dir]);
    const file = only('facts');
    damages[damage]?.(file);
    forgetListings();
    const run = await cli(damage)(['list', '--json', '--repo', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ warnings: string[] }>(run);
    expect(result.warnings).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^cache segment ${path.basename(file)} is corrupt \\(.+\\); discarded, its entries will be rebuilt$`))]));
    const { warnings: _ignored, ...rest } = result;
    const { warnings: _expected, ...expected } = json<{ warnings: string[] }>({ stdout: expectedList } as CliRun);
    expect(rest).toEqual(expected);
    expect(fs.existsSync(file)).toBe(false);
    // Rebuilt: the next run reads a good segment and has nothing to say.
    forgetListings();
    const again = await runCli(['list', '--json', '--repo', repo.dir]);
    expect(json<{ warnings: string[] }>(again).warnings).toEqual([]);
    expectIntactCache(repo);
  });

  it.each(Object.keys(damages))('a stored listing %s: discarded and listed again; the answer is unchanged', async (damage) => {
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    await runCli(['list', '--json', '--repo', repo.dir]);
    const file = only('snapshot');
    damages[damage]?.(file);
    const run = await runCli(['list', '--json', '--repo', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toEqual(expectedList);
    expectIntactCache(repo);
  });

  it.each(Object.keys(damages))('the index file %s: warned about, discarded, rebuilt; the answer is unchanged', async (damage) => {
    await runCli(['index', '--repo', repo.dir]);
    const file = only('index');
    damages[damage]?.(file);
    const run = await cli(damage)(['explain', 'svc_c_total', '--json', '--repo', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^warning: index file ${path.basename(file)} is corrupt \\(.+\\); discarded and rebuilt\n$`));
    expect(run.stdout).toEqual(expectedExplain);
    const again = await runCli(['explain', 'svc_c_total', '--json', '--repo', repo.dir]);
    expect(again.stderr).toBe('');
    expectIntactCache(repo);
  });

  it('an index whose checksum is right but whose content is not an index is not trusted either', async () => {
    await runCli(['index', '--repo', repo.dir]);
    const file = only('index');
    const text = fs.readFileSync(file, 'utf8');
    const fingerprint = text.split('\n')[0]?.split(' ')[2] ?? '';
    fs.rmSync(file);
    const { writeSegment } = await import('../../src/cache/segment-file.js');
    writeSegment(dir(), 'index', fingerprint, [['index', '{"commits": 42}']]);
    const run = await runCli(['explain', 'svc_c_total', '--json', '--repo', repo.dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^warning: index file index-.+\.seg is corrupt \(not an index\); discarded and rebuilt\n$/);
    expect(run.stdout).toEqual(expectedExplain);
  });

  it('a directory where a segment should be is reported and skipped, not a crash', async () => {
    fs.mkdirSync(path.join(dir(), 'facts-zzzz-1-deadbeef.seg'), { recursive: true });
    forgetListings();
    try {
      const run = await runCli(['list', '--json', '--repo', repo.dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(json<{ warnings: string[] }>(run).warnings.some((w) => w.startsWith('cache segment facts-zzzz-1-deadbeef.seg is corrupt'))).toBe(true);
    } finally {
      fs.rmSync(path.join(dir(), 'facts-zzzz-1-deadbeef.seg'), { recursive: true, force: true });
    }
  });
});

describe('the index tail: what a run appended to the index file', () => {
  let repo: Scenario;
  const dir = () => path.join(repo.dir, '.git', 'provenance');
  const filesOf = (prefix: string) => cacheFiles(repo).filter((f) => new RegExp(`^${prefix}-[0-9a-z]+-\\d+-[0-9a-f]+\\.seg$`).test(f));
  let rounds = 0;
  const explain = () => runCli(['explain', 'round_2_2_total', '--json', '--repo', repo.dir]);
  /** The same question on a fresh cache: what every run on a tail must answer. */
  const coldExplain = async () => {
    const fresh = createScenario();
    try {
      fs.rmSync(fresh.dir, { recursive: true, force: true });
      fs.cpSync(repo.dir, fresh.dir, { recursive: true });
      fs.rmSync(path.join(fresh.dir, '.git', 'provenance'), { recursive: true, force: true });
      return (await runCli(['explain', 'round_2_2_total', '--json', '--repo', fresh.dir])).stdout.replaceAll(fresh.dir, repo.dir);
    } finally {
      fresh.cleanup();
    }
  };
  const commitCount = () => Number(repo.git(['rev-list', '--count', 'HEAD']).trim());

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'fn main() {}\n' });
    for (; rounds < 8; rounds++) addRound(repo, rounds);
  });
  afterAll(() => repo.cleanup());

  it('a run that adds a few commits writes only them, against the index file; later runs read both and answer as a cold run', async () => {
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    expect((await runCli(['index', '--repo', repo.dir])).code).toBe(0);
    const [base] = filesOf('index');
    expect(filesOf('index-tail')).toEqual([]);
    repo.commit('Work', { 'src/work_extra_1.rs': 'pub fn extra() {}\n' });
    addRound(repo, rounds++);
    const run = await explain();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    // The index file stays; a tail holds the five new commits.
    expect(filesOf('index')).toEqual([base]);
    expect(filesOf('index-tail')).toHaveLength(1);
    expect(run.stdout).toEqual(await coldExplain());
    const info = await runCli(['cache', 'info', '--json', '--repo', repo.dir]);
    expect(json<{ indexedCommits: number }>(info).indexedCommits).toBe(commitCount());
    // A second tail replaces the first and holds everything appended since the index file.
    repo.commit('Work', { 'src/work_extra_2.rs': 'pub fn extra_2() {}\n' });
    const again = await explain();
    expect(again.stdout).toEqual(await coldExplain());
    expect(filesOf('index')).toEqual([base]);
    expect(filesOf('index-tail')).toHaveLength(1);
    expect(json<{ indexedCommits: number }>(await runCli(['cache', 'info', '--json', '--repo', repo.dir])).indexedCommits).toBe(commitCount());
    expectIntactCache(repo);
  });

  it('once the tail outgrows its share of the index file, the whole index is written again and the tail removed', async () => {
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    expect((await runCli(['index', '--repo', repo.dir])).code).toBe(0);
    const [base] = filesOf('index');
    for (let i = 0; i < 6; i++) addRound(repo, rounds++);
    const run = await explain();
    expect(run.stdout).toEqual(await coldExplain());
    expect(filesOf('index')).not.toContain(base);
    expect(filesOf('index')).toHaveLength(1);
    expect(filesOf('index-tail')).toEqual([]);
  });

  it.each(['truncated to half', 'one byte changed in the body', 'emptied'])('a tail %s: warned about and discarded; its commits are walked again; the answer is unchanged', async (damage) => {
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    await runCli(['index', '--repo', repo.dir]);
    addRound(repo, rounds++);
    await explain();
    const [tail] = filesOf('index-tail');
    expect(tail).toBeDefined();
    const file = path.join(dir(), tail as string);
    if (damage === 'truncated to half') fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    else if (damage === 'emptied') fs.writeFileSync(file, '');
    else {
      const bytes = fs.readFileSync(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) === 0x61 ? 0x62 : 0x61;
      fs.writeFileSync(file, bytes);
    }
    const run = await explain();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^warning: index tail file ${tail} is corrupt \\(.+\\); discarded and rebuilt\n$`));
    expect(run.stdout).toEqual(await coldExplain());
    const again = await explain();
    expect(again.stderr).toBe('');
    expectIntactCache(repo);
  });

  it('a tail of an older index file (a concurrent run wrote a newer one) is not read', async () => {
    await runCli(['cache', 'clear', '--repo', repo.dir]);
    await runCli(['index', '--repo', repo.dir]);
    addRound(repo, rounds++);
    await explain();
    const [tail] = filesOf('index-tail');
    const kept = fs.readFileSync(path.join(dir(), tail as string));
    // A newer whole index, then the old tail back, as if its remover had been killed.
    for (const name of filesOf('index')) fs.rmSync(path.join(dir(), name));
    fs.rmSync(path.join(dir(), tail as string));
    await runCli(['index', '--repo', repo.dir]);
    fs.writeFileSync(path.join(dir(), tail as string), kept);
    const run = await explain();
    expect(run.stderr).toBe('');
    expect(run.stdout).toEqual(await coldExplain());
    expect(json<{ indexedCommits: number }>(await runCli(['cache', 'info', '--json', '--repo', repo.dir])).indexedCommits).toBe(commitCount());
  });
});

describe('where the cache goes when the git dir cannot be written', () => {
  let repo: Scenario;
  let home: string;

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]) });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-xdg-'));
  });
  afterAll(() => {
    repo.cleanup();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('cacheDirectory uses the git dir when writable, else $XDG_CACHE_HOME/provenance/<hash of the git dir>', () => {
    const common = path.join(repo.dir, '.git');
    const env = { XDG_CACHE_HOME: path.join(home, 'xdg'), HOME: home };
    expect(cacheDirectory(common, env, () => true)).toBe(path.join(common, 'provenance'));
    const fallback = cacheDirectory(common, env, () => false);
    expect(fallback).toMatch(new RegExp(`^${path.join(home, 'xdg', 'provenance')}/[0-9a-f]{16}$`));
    expect(fs.statSync(fallback).isDirectory()).toBe(true);
    expect(cacheLocations(common, env).outside).toBe(fallback);
    // Without XDG_CACHE_HOME: ~/.cache, as the XDG spec says.
    expect(cacheLocations(common, { HOME: home }).outside.startsWith(path.join(home, '.cache', 'provenance'))).toBe(true);
  });

  it('end to end: when <git dir>/provenance cannot be a directory (a file is in the way), the CLI caches under $XDG_CACHE_HOME', async () => {
    // Root ignores permission bits, so "not writable" is made with a file where the directory would go.
    const blocker = path.join(repo.dir, '.git', 'provenance');
    fs.rmSync(blocker, { recursive: true, force: true });
    fs.writeFileSync(blocker, 'not a directory\n');
    const env = { XDG_CACHE_HOME: path.join(home, 'xdg') };
    try {
      const index = await spawnCli(['index', '--json', '--repo', repo.dir], { env });
      expect(index.code, index.stderr).toBe(0);
      const location = json<{ cacheDirectory: string }>(index).cacheDirectory;
      expect(location.startsWith(path.join(home, 'xdg', 'provenance'))).toBe(true);
      expect(fs.readdirSync(location).some((f) => f.startsWith('index-'))).toBe(true);
      const info = await runCli(['cache', 'info', '--json', '--repo', repo.dir], env);
      expect(json<{ directory: string; files: number }>(info)).toMatchObject({ directory: location, files: 4 });
      expect(fs.readFileSync(blocker, 'utf8')).toBe('not a directory\n');
      const clear = await runCli(['cache', 'clear', '--repo', repo.dir], env);
      expect(clear.code).toBe(0);
      expect(fs.readdirSync(location)).toEqual([]);
    } finally {
      fs.rmSync(blocker, { force: true });
    }
  });

  it('when neither place can be written: one clear line, exit 2', async () => {
    const blocker = path.join(repo.dir, '.git', 'provenance');
    fs.rmSync(blocker, { recursive: true, force: true });
    fs.writeFileSync(blocker, '');
    const notADir = path.join(home, 'a-file');
    fs.writeFileSync(notADir, '');
    try {
      const run = await runCli(['list', '--repo', repo.dir], { XDG_CACHE_HOME: path.join(notADir, 'cache') });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^provenance: cannot write a cache at .+ or .+; set XDG_CACHE_HOME to a writable directory\n$/);
    } finally {
      fs.rmSync(blocker, { force: true });
    }
  });

  it.skipIf(isRoot)('a read-only git dir (chmod, as a non-root user) falls back the same way', async () => {
    const gitDir = path.join(repo.dir, '.git');
    fs.rmSync(path.join(gitDir, 'provenance'), { recursive: true, force: true });
    fs.chmodSync(gitDir, 0o555);
    try {
      const run = await spawnCli(['index', '--json', '--repo', repo.dir], { env: { XDG_CACHE_HOME: path.join(home, 'ro') } });
      expect(run.code, run.stderr).toBe(0);
      expect(json<{ cacheDirectory: string }>(run).cacheDirectory.startsWith(path.join(home, 'ro', 'provenance'))).toBe(true);
    } finally {
      fs.chmodSync(gitDir, 0o755);
    }
  });
});

describe('provenance cache info and cache clear', () => {
  let repo: Scenario;
  const dir = () => path.join(repo.dir, '.git', 'provenance');

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]) });
    repo.commit('More', { 'src/more.rs': lazyMetrics([{ static: 'B', name: 'svc_b_total' }]) });
  });
  afterAll(() => repo.cleanup());

  it('info: location, size and entries, as text and JSON; it reads the cache without changing it', async () => {
    await runCli(['index', '--repo', repo.dir]);
    const before = cacheFiles(repo);
    const text = await runCli(['cache', 'info', '--repo', repo.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^cache: ${dir()}\nsize: [\\d.]+ (B|KiB) in 4 files\nfacts: \\d+ entries \\(1 file\\)\nhistory index: 2 commits \\(1 file\\)\nref tip states: 1 tip \\(2 files\\)\n$`));
    const info = json<{ directory: string; files: number; bytes: number; indexedCommits: number; kinds: { kind: string; entries: number }[] }>(
      await runCli(['cache', 'info', '--json', '--repo', repo.dir]),
    );
    expect(info).toMatchObject({ directory: dir(), files: 4, indexedCommits: 2 });
    expect(info.bytes).toBe(before.reduce((sum, f) => sum + fs.statSync(path.join(dir(), f)).size, 0));
    expect(info.kinds.find((k) => k.kind === 'facts')?.entries).toBeGreaterThan(0);
    expect(cacheFiles(repo)).toEqual(before);
  });

  it('info counts stale and corrupt files without deleting them; clear removes everything', async () => {
    await runCli(['index', '--repo', repo.dir]);
    const { writeSegment } = await import('../../src/cache/segment-file.js');
    writeSegment(dir(), 'facts', 'an-older-extractor', [['0'.repeat(40), '{}']]);
    fs.writeFileSync(path.join(dir(), 'facts-broken-1-00.seg'), 'garbage');
    const info = json<{ kinds: { kind: string; stale: number; corrupt: number }[] }>(await runCli(['cache', 'info', '--json', '--repo', repo.dir]));
    expect(info.kinds.find((k) => k.kind === 'facts')).toMatchObject({ stale: 1, corrupt: 1 });
    expect(cacheFiles(repo)).toHaveLength(6);
    const clear = await runCli(['cache', 'clear', '--repo', repo.dir]);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toMatch(new RegExp(`^cleared ${dir()}: 6 files, [\\d.]+ (B|KiB)\n$`));
    expect(cacheFiles(repo)).toEqual([]);
    const empty = json<{ files: number; indexedCommits: number | null }>(await runCli(['cache', 'info', '--json', '--repo', repo.dir]));
    expect(empty).toMatchObject({ files: 0, indexedCommits: null });
    // The next command rebuilds quietly.
    const explain = await runCli(['explain', 'svc_b_total', '--repo', repo.dir]);
    expect(explain.code).toBe(0);
    expect(explain.stderr).toBe('');
  });

  it('clear on a repository that never had a cache, and on a non-repository', async () => {
    fs.rmSync(dir(), { recursive: true, force: true });
    const json1 = await runCli(['cache', 'clear', '--json', '--repo', repo.dir]);
    expect(json1.code).toBe(0);
    expect(json<{ cleared: unknown[] }>(json1).cleared).toEqual([]);
    const notRepo = await runCli(['cache', 'info', '--repo', os.tmpdir()]);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toMatch(/^provenance: .+ is not a git repository; run provenance inside one or pass --repo <dir>\n$/);
  });
});
