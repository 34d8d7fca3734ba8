import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runRepoBench } from './repo-bench.js';
import { DEFAULT_SHAPE, generateSyntheticRepo } from './synthetic-repo.js';
import { benchTable, median, nodeEnv, timeCommand, timeProvenance, type Timing } from './timing.js';

/**
 * `npm run bench`: provenance against the baselines an engineer would use by hand, in the same run,
 * reported as ratios (absolute times vary by machine; ratios much less). `-- --repo PATH` runs the
 * steps on a real repository instead of the generated one.
 */
const USAGE = `usage: npm run bench [-- --repo PATH [--metric NAME] [--rounds N] [--samples N]]
  (no --repo)      the generated history (deterministic, seed 42)
  --repo PATH      a real repository (bare or not); the bench works on a shared clone of it
  --metric NAME    the metric to explain and to search with git log -S (default: one the default branch defines)
  --rounds N       times each step runs (default 1 on a repository, 5 on the generated history)
  --samples N      commits at which the index is compared with list (default 30; 0: no check)
`;

function parsedOptions(): { repo?: string; metric?: string; rounds?: string; samples?: string; help?: boolean } {
  try {
    return parseArgs({
      options: {
        repo: { type: 'string' },
        metric: { type: 'string' },
        rounds: { type: 'string' },
        samples: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const values = parsedOptions();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const rounds = Number(values.rounds ?? process.env['BENCH_REPEAT'] ?? (values.repo ? 1 : 5));
if (values.repo !== undefined && spawnSync('git', ['-C', values.repo, 'rev-parse', '--git-dir'], { encoding: 'utf8' }).status !== 0) {
  process.stderr.write(`bench: ${values.repo} is not a git repository; give --repo the path of a clone or a bare repository\n`);
  process.exit(2);
}
try {
  if (values.repo) runRepoBench({ repo: values.repo, metric: values.metric ?? null, rounds, samples: Number(values.samples ?? 30) });
  else runSyntheticBench();
} catch (error) {
  // A failed step (git refusing, a provenance run that exits non-zero) is named in its message.
  process.stderr.write(`bench: ${(error as Error).message.trim()}\n`);
  process.exit(1);
}

function runSyntheticBench(): void {
  console.log('generating the synthetic repository (deterministic, seed 42) ...');
  const repo = generateSyntheticRepo(DEFAULT_SHAPE);
  const git = (args: string[], input?: string) => {
    const r = spawnSync('git', args, { cwd: repo.dir, input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  const refs = git(['for-each-ref', '--format=%(refname)']).trim().split('\n').length;
  console.log(`${repo.dir}: ${repo.commits} commits, ${repo.rustFiles} .rs files, ${repo.metricNames.length} metrics, ${refs} refs`);

  const target = values.metric ?? (repo.metricNames[Math.floor(repo.metricNames.length / 3)] as string);
  const cacheDir = path.join(repo.dir, '.git', 'provenance');

  const emptyScript = path.join(repo.dir, '.git', 'empty.mjs');
  writeFileSync(emptyScript, '');
  const blobIds = [...new Set(git(['log', '--all', '--raw', '--no-abbrev', '--format=', '--', '*.rs']).split('\n').map((l) => l.split(' ')[3]).filter((o): o is string => !!o && !/^0+$/.test(o)))];
  let extra = 0;
  const addCommit = () => {
    extra++;
    const file = `crates/c0/src/module${10 + extra}.rs`;
    git(['fast-import', '--quiet'], `commit refs/heads/main\ncommitter Bench <b@x> ${1800000000 + extra} +0000\ndata 10\nbench one\nfrom refs/heads/main^0\nM 100644 inline ${file}\ndata 20\npub fn bench() {} \n\n`);
  };
  /** A commit that adds a metric to a metrics file: its blob must be parsed and the tree resolved again. */
  const addMetricCommit = () => {
    extra++;
    const file = 'crates/c3/src/metrics2.rs';
    const content = `${git(['show', `main:${file}`])}\nlazy_static! {\n    pub static ref BENCH_${extra}: IntCounter =\n        register_int_counter!("bench_added_${extra}_total", "Added by the bench").unwrap();\n}\n`;
    git(['fast-import', '--quiet'], `commit refs/heads/main\ncommitter Bench <b@x> ${1800000000 + extra} +0000\ndata 10\nbench two\nfrom refs/heads/main^0\nM 100644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  };

  /*
   * Rounds, each running every step once, so that baselines and provenance are measured under the same
   * conditions (this machine's speed drifts by a third over minutes); each step reports its median.
   */
  const steps = {
    nodeAsIs: [] as Timing[],
    nodeClean: [] as Timing[],
    pickaxe: [] as Timing[],
    floor: [] as Timing[],
    cold: [] as Timing[],
    warm: [] as Timing[],
    incremental: [] as Timing[],
    incrementalMetric: [] as Timing[],
  };
  for (let round = 0; round < rounds; round++) {
    steps.nodeAsIs.push(timeCommand(process.execPath, [emptyScript], repo.dir));
    steps.nodeClean.push(timeCommand(process.execPath, [emptyScript], repo.dir, undefined, nodeEnv()));
    steps.pickaxe.push(timeCommand('git', ['log', '--all', `-S"${target}"`, '--oneline', '--', '*.rs'], repo.dir));
    steps.floor.push(timeCommand('git', ['cat-file', '--batch'], repo.dir, `${blobIds.join('\n')}\n`));
    rmSync(cacheDir, { recursive: true, force: true });
    steps.cold.push(timeProvenance(repo.dir, ['index']));
    steps.warm.push(timeProvenance(repo.dir, ['explain', target, '--deployed', 'main']));
    addCommit();
    steps.incremental.push(timeProvenance(repo.dir, ['explain', target, '--deployed', 'main']));
    addMetricCommit();
    steps.incrementalMetric.push(timeProvenance(repo.dir, ['explain', target, '--deployed', 'main']));
  }
  const m = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])) as Record<keyof typeof steps, Timing>;
  const { pickaxe, floor, cold, warm, incremental, incrementalMetric } = m;
  console.log(`\nmedian of ${rounds} interleaved rounds; ratios against the baselines of the same rounds\n`);
  console.log(
    benchTable(
      [
        { step: 'node, empty script (for reference)', timing: m.nodeAsIs, target: null },
        { step: 'node, empty script, NODE_EXTRA_CA_CERTS unset (as below)', timing: m.nodeClean, target: null },
        { step: 'git log -S (one metric, baseline)', timing: pickaxe, target: null },
        { step: `git cat-file --batch of ${blobIds.length} .rs blob versions (floor)`, timing: floor, target: null },
        { step: 'provenance index, cold', timing: cold, target: { text: '≤ 3× pickaxe and ≤ 3× floor', met: cold.ms <= 3 * pickaxe.ms && cold.ms <= 3 * floor.ms } },
        { step: 'provenance explain, warm', timing: warm, target: { text: '≤ 0.5× pickaxe', met: warm.ms <= 0.5 * pickaxe.ms } },
        { step: 'provenance explain after one new commit', timing: incremental, target: { text: '≤ 0.5× pickaxe', met: incremental.ms <= 0.5 * pickaxe.ms } },
        { step: 'provenance explain after one commit adding a metric', timing: incrementalMetric, target: { text: '≤ 0.5× pickaxe', met: incrementalMetric.ms <= 0.5 * pickaxe.ms } },
      ],
      pickaxe,
      floor,
    ),
  );
  const peak = Math.max(...[cold, warm, incremental, incrementalMetric].map((t) => t.maxRssMb ?? 0));
  console.log(`\npeak memory of any provenance run: ${peak} MB (target ≤ 300 MB: ${peak <= 300 ? 'met' : 'NOT MET'})`);
  if (!process.env['BENCH_KEEP']) rmSync(repo.dir, { recursive: true, force: true });
  else console.log(`kept ${repo.dir}`);
}
