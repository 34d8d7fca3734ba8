import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyFingerprint } from '../history/index-model.js';
import { IndexView } from '../history/index-queries.js';
import { loadIndex } from '../history/index-store.js';
import { benchTable, median, measureScript, nodeEnv, timeCommand, timeProvenance, type BenchRow, type Timing } from './timing.js';

export interface RepoBenchOptions {
  /** A repository on disk (bare or not); it is only read: the bench works in a shared clone of it. */
  readonly repo: string;
  readonly metric: string | null;
  readonly rounds: number;
  /** Commits at which the index is compared with `list --ref` (0: no check). */
  readonly samples: number;
}

const HISTORY_REFS = ['--branches', '--tags', '--remotes'];

function gitIn(dir: string, args: readonly string[], input?: string): string {
  const r = spawnSync('git', args, { cwd: dir, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function sizeOf(dir: string, prefixes: readonly string[]): number {
  let total = 0;
  for (const name of readdirSync(dir)) if (prefixes.some((p) => name.startsWith(p))) total += statSync(path.join(dir, name)).size;
  return total;
}

/** The bundled CLI's stdout for one command (the agreement check reads `list --json`). */
function provenanceJson<T>(dir: string, args: readonly string[]): T {
  const cli = path.join(path.dirname(measureScript), 'cli.js');
  const r = spawnSync(process.execPath, [cli, ...args, '--repo', dir, '--json'], { cwd: dir, env: nodeEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`provenance ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { result: T }).result;
}

/**
 * The bench steps on a real repository: the same baselines (one pickaxe search, a read of every `.rs`
 * blob version) and the same provenance steps as on the generated history, plus the one-ref commands,
 * the index's size against the pack, and the index's sets against `list` at sampled commits.
 */
export function runRepoBench(options: RepoBenchOptions): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'provenance-bench-'));
  const dir = path.join(scratch, 'repo.git');
  try {
    // A shared clone: commits the bench adds never touch the repository under test.
    gitIn(scratch, ['clone', '--quiet', '--bare', '--shared', path.resolve(options.repo), dir]);
    gitIn(dir, ['config', 'gc.auto', '0']);
    const branch = gitIn(dir, ['symbolic-ref', '--short', 'HEAD']).trim();
    const cacheDir = path.join(dir, 'provenance');
    const metric = options.metric ?? pickMetric(dir, branch);
    rmSync(cacheDir, { recursive: true, force: true });
    const blobIds = [...new Set(gitIn(dir, ['log', ...HISTORY_REFS, '--raw', '--no-abbrev', '--format=', '--', '*.rs']).split('\n').map((l) => l.split(' ')[3]).filter((o): o is string => !!o && !/^0+$/.test(o)))];
    const refBlobs = gitIn(dir, ['ls-tree', '-r', branch]).split('\n').filter((l) => l.endsWith('.rs') && l.includes(' blob ')).map((l) => (l.split(/\s+/)[2] ?? ''));
    const refs = gitIn(dir, ['for-each-ref', '--format=%(refname)']).trim().split('\n').length;
    const commits = gitIn(dir, ['rev-list', '--count', ...HISTORY_REFS]).trim();
    const source = path.resolve(options.repo);
    const packBytes = sizeOf(path.join(path.resolve(source, gitIn(source, ['rev-parse', '--git-common-dir']).trim()), 'objects', 'pack'), ['pack-']);
    console.log(`${options.repo}: ${commits} commits, ${refs} refs, ${blobIds.length} .rs blob versions, ${refBlobs.length} .rs files at ${branch}; metric ${metric}`);

    const emptyScript = path.join(scratch, 'empty.mjs');
    writeFileSync(emptyScript, '');
    let extra = 0;
    const addCommit = (file: string, content: string) => {
      extra++;
      gitIn(dir, ['fast-import', '--quiet'], `commit refs/heads/${branch}\ncommitter Bench <b@x> ${1900000000 + extra} +0000\ndata 10\nbench ${String(extra).padStart(4, '0')}\nfrom refs/heads/${branch}^0\nM 100644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    };
    const steps: Record<string, Timing[]> = {};
    const record = (name: string, t: Timing) => (steps[name] ??= []).push(t);
    const fresh = () => rmSync(cacheDir, { recursive: true, force: true });
    let indexBytes = 0;
    let factsBytes = 0;
    for (let round = 0; round < options.rounds; round++) {
      record('node', timeCommand(process.execPath, [emptyScript], dir, undefined, nodeEnv()));
      record('pickaxe', timeCommand('git', ['log', ...HISTORY_REFS, `-S"${metric}"`, '--oneline', '--', '*.rs'], dir));
      record('floor', timeCommand('git', ['cat-file', '--batch'], dir, `${blobIds.join('\n')}\n`));
      const lsTree = timeCommand('git', ['ls-tree', '-r', branch], dir);
      const read = timeCommand('git', ['cat-file', '--batch'], dir, `${refBlobs.join('\n')}\n`);
      record('oneRef', { ms: lsTree.ms + read.ms, maxRssMb: null });
      fresh();
      record('listCold', timeProvenance(dir, ['list', '--ref', branch]));
      record('listWarm', timeProvenance(dir, ['list', '--ref', branch]));
      fresh();
      record('startupCold', timeProvenance(dir, ['startup', '--ref', branch]));
      record('startupWarm', timeProvenance(dir, ['startup', '--ref', branch]));
      fresh();
      record('cold', timeProvenance(dir, ['index']));
      indexBytes = sizeOf(cacheDir, ['index-', 'states-']);
      factsBytes = sizeOf(cacheDir, ['facts-']);
      record('warm', timeProvenance(dir, ['explain', metric, '--deployed', branch]));
      addCommit(`provenance-bench/plain${extra + 1}.rs`, 'pub fn bench() {}\n');
      record('incremental', timeProvenance(dir, ['explain', metric, '--deployed', branch]));
      addCommit(
        `provenance-bench/metrics${extra + 1}.rs`,
        `lazy_static::lazy_static! {\n    pub static ref BENCH_${extra + 1}: prometheus::IntCounter =\n        prometheus::register_int_counter!("bench_added_${extra + 1}_total", "Added by the bench").unwrap();\n}\n`,
      );
      record('incrementalMetric', timeProvenance(dir, ['explain', metric, '--deployed', branch]));
    }
    const m = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])) as Record<string, Timing>;
    const pickaxe = m['pickaxe'] as Timing;
    const floor = m['floor'] as Timing;
    const node = m['node'] as Timing;
    const oneRefBudget = 3 * ((m['oneRef'] as Timing).ms + node.ms);
    const within = (t: Timing | undefined, limit: number) => (t?.ms ?? Infinity) <= limit;
    const rows: BenchRow[] = [
      { step: 'node, empty script', timing: node, target: null },
      { step: 'git log -S (one metric, baseline)', timing: pickaxe, target: null },
      { step: `git cat-file --batch of ${blobIds.length} .rs blob versions (floor)`, timing: floor, target: null },
      { step: `git ls-tree + cat-file of ${refBlobs.length} .rs blobs at ${branch} (one ref)`, timing: m['oneRef'] as Timing, target: null },
      { step: 'provenance index, cold', timing: m['cold'] as Timing, target: { text: '≤ 3× pickaxe and ≤ 3× floor', met: within(m['cold'], 3 * Math.min(pickaxe.ms, floor.ms)) } },
      { step: 'provenance explain, warm', timing: m['warm'] as Timing, target: { text: '≤ 0.5× pickaxe', met: within(m['warm'], 0.5 * pickaxe.ms) } },
      { step: 'provenance explain after one new commit', timing: m['incremental'] as Timing, target: { text: '≤ 0.5× pickaxe', met: within(m['incremental'], 0.5 * pickaxe.ms) } },
      { step: 'provenance explain after one commit adding a metric', timing: m['incrementalMetric'] as Timing, target: { text: '≤ 0.5× pickaxe', met: within(m['incrementalMetric'], 0.5 * pickaxe.ms) } },
      { step: `provenance list --ref ${branch}, cold`, timing: m['listCold'] as Timing, target: { text: '≤ 3× (one ref + node)', met: within(m['listCold'], oneRefBudget) } },
      { step: `provenance list --ref ${branch}, warm`, timing: m['listWarm'] as Timing, target: { text: '≤ 300 ms', met: within(m['listWarm'], 300) } },
      { step: `provenance startup --ref ${branch}, cold`, timing: m['startupCold'] as Timing, target: { text: '≤ 3× (one ref + node)', met: within(m['startupCold'], oneRefBudget) } },
      { step: `provenance startup --ref ${branch}, warm`, timing: m['startupWarm'] as Timing, target: { text: '≤ 300 ms', met: within(m['startupWarm'], 300) } },
    ];
    console.log(`\nmedian of ${options.rounds} interleaved round(s); ratios against the baselines of the same rounds\n`);
    console.log(benchTable(rows, pickaxe, floor));
    const peak = Math.max(...rows.map((r) => r.timing.maxRssMb ?? 0));
    console.log(`\npeak memory of any provenance run: ${peak} MB (target ≤ 300 MB: ${peak <= 300 ? 'met' : 'NOT MET'})`);
    const mb = (n: number) => (n / 1048576).toFixed(1);
    console.log(
      `index on disk: ${mb(indexBytes)} MB (index and tip states) against a pack of ${mb(packBytes)} MB: ${((100 * indexBytes) / packBytes).toFixed(1)}% (target ≤ 10%: ${indexBytes <= packBytes / 10 ? 'met' : 'NOT MET'}); facts cache ${mb(factsBytes)} MB`,
    );
    if (options.samples > 0) checkAgainstList(dir, cacheDir, options.samples);
  } finally {
    if (!process.env['BENCH_KEEP']) rmSync(scratch, { recursive: true, force: true });
    else console.log(`kept ${scratch}`);
  }
}

function pickMetric(dir: string, branch: string): string {
  const listed = provenanceJson<{ metrics: { name: string; test?: boolean }[] }>(dir, ['list', '--ref', branch]);
  const names = [...new Set(listed.metrics.map((x) => x.name))].sort();
  const name = names[Math.floor(names.length / 2)];
  if (name === undefined) throw new Error(`no metric at ${branch}; give one with --metric`);
  return name;
}

/** The index's metric set at sampled commits of the whole history against `list --ref --verbose` there (which parses every file). */
function checkAgainstList(dir: string, cacheDir: string, samples: number): void {
  const all = gitIn(dir, ['rev-list', '--date-order', ...HISTORY_REFS]).trim().split('\n');
  const picked = [...new Set(Array.from({ length: Math.min(samples, all.length) }, (_, i) => all[Math.floor((i * all.length) / Math.min(samples, all.length))] as string))];
  const data = loadIndex(cacheDir, historyFingerprint()).data;
  if (data === null) throw new Error('no index to check');
  const view = new IndexView(data);
  let agreed = 0;
  const started = Date.now();
  for (const commit of picked) {
    const listed = [...new Set(provenanceJson<{ metrics: { name: string }[] }>(dir, ['list', '--ref', commit, '--verbose']).metrics.map((x) => x.name))].sort();
    const indexed = [...view.metricNamesAt(commit)].sort();
    if (JSON.stringify(listed) === JSON.stringify(indexed)) agreed++;
    else {
      const missing = listed.filter((n) => !indexed.includes(n));
      const extraNames = indexed.filter((n) => !listed.includes(n));
      console.log(`DISAGREES at ${commit}: list only ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}; index only ${extraNames.slice(0, 5).join(', ')}${extraNames.length > 5 ? ` (+${extraNames.length - 5})` : ''}`);
    }
  }
  console.log(`index agrees with list at ${agreed} of ${picked.length} sampled commits (${Math.round((Date.now() - started) / 1000)} s)`);
  if (agreed !== picked.length) process.exitCode = 1;
}
