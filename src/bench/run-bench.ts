import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SHAPE, generateSyntheticRepo } from './synthetic-repo.js';

/**
 * `npm run bench`: provenance against the baselines an engineer would use by hand, in the same run,
 * reported as ratios (absolute times vary by machine; ratios much less).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
// The bundled copy, as users run it (see bin/provenance.js), not the compiled modules.
const measureScript = path.join(here, '..', 'bundle', 'measure.js');
const REPEAT = Number(process.env['BENCH_REPEAT'] ?? 5);

interface Timing {
  readonly ms: number;
  readonly maxRssMb: number | null;
}

/**
 * Node 20 reads the whole NODE_EXTRA_CA_CERTS bundle before running any script (about 80 ms on this
 * build machine, where it is set for npm's proxy). provenance opens no TLS connection, so it runs
 * without it here; the "node, empty script" rows show what the variable costs any Node program.
 */
const nodeEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env['NODE_EXTRA_CA_CERTS'];
  return env;
};

function timeCommand(cmd: string, args: readonly string[], cwd: string, input?: string, env: NodeJS.ProcessEnv = process.env): Timing {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, input, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && cmd === 'git') throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  let maxRssMb: number | null = null;
  if (args[0] === measureScript) {
    const report = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { code?: number; maxRssMb?: number };
    if (report.code !== 0 && report.code !== 1) throw new Error(`provenance ${args.join(' ')} exited ${report.code}: ${r.stderr}`);
    maxRssMb = report.maxRssMb ?? null;
  }
  return { ms, maxRssMb };
}

function median(timings: readonly Timing[]): Timing {
  const sorted = [...timings].sort((a, b) => a.ms - b.ms);
  const middle = sorted[Math.floor(sorted.length / 2)] as Timing;
  return { ms: middle.ms, maxRssMb: Math.max(...timings.map((t) => t.maxRssMb ?? 0)) || null };
}


const provenance = (dir: string, ...args: string[]) => timeCommand(process.execPath, [measureScript, ...args, '--repo', dir], dir, undefined, nodeEnv());

console.log('generating the synthetic repository (deterministic, seed 42) ...');
const repo = generateSyntheticRepo(DEFAULT_SHAPE);
const git = (args: string[], input?: string) => {
  const r = spawnSync('git', args, { cwd: repo.dir, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};
const refs = git(['for-each-ref', '--format=%(refname)']).trim().split('\n').length;
console.log(`${repo.dir}: ${repo.commits} commits, ${repo.rustFiles} .rs files, ${repo.metricNames.length} metrics, ${refs} refs`);

const target = repo.metricNames[Math.floor(repo.metricNames.length / 3)] as string;
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
for (let round = 0; round < REPEAT; round++) {
  steps.nodeAsIs.push(timeCommand(process.execPath, [emptyScript], repo.dir));
  steps.nodeClean.push(timeCommand(process.execPath, [emptyScript], repo.dir, undefined, nodeEnv()));
  steps.pickaxe.push(timeCommand('git', ['log', '--all', `-S"${target}"`, '--oneline', '--', '*.rs'], repo.dir));
  steps.floor.push(timeCommand('git', ['cat-file', '--batch'], repo.dir, `${blobIds.join('\n')}\n`));
  rmSync(cacheDir, { recursive: true, force: true });
  steps.cold.push(provenance(repo.dir, 'index'));
  steps.warm.push(provenance(repo.dir, 'explain', target, '--deployed', 'main'));
  addCommit();
  steps.incremental.push(provenance(repo.dir, 'explain', target, '--deployed', 'main'));
  addMetricCommit();
  steps.incrementalMetric.push(provenance(repo.dir, 'explain', target, '--deployed', 'main'));
}
const [nodeAsIs, nodeClean, pickaxe, floor, cold, warm, incremental, incrementalMetric] = [
  steps.nodeAsIs,
  steps.nodeClean,
  steps.pickaxe,
  steps.floor,
  steps.cold,
  steps.warm,
  steps.incremental,
  steps.incrementalMetric,
].map(median) as [Timing, Timing, Timing, Timing, Timing, Timing, Timing, Timing];

const rows: [string, Timing, string, boolean][] = [
  ['node, empty script (for reference)', nodeAsIs, '', true],
  ['node, empty script, NODE_EXTRA_CA_CERTS unset (as below)', nodeClean, '', true],
  ['git log -S (one metric, baseline)', pickaxe, '', true],
  [`git cat-file --batch of ${blobIds.length} .rs blob versions (floor)`, floor, '', true],
  ['provenance index, cold', cold, '≤ 3× pickaxe and ≤ 3× floor', cold.ms <= 3 * pickaxe.ms && cold.ms <= 3 * floor.ms],
  ['provenance explain, warm', warm, '≤ 0.5× pickaxe', warm.ms <= 0.5 * pickaxe.ms],
  ['provenance explain after one new commit', incremental, '≤ 0.5× pickaxe', incremental.ms <= 0.5 * pickaxe.ms],
  ['provenance explain after one commit adding a metric', incrementalMetric, '≤ 0.5× pickaxe', incrementalMetric.ms <= 0.5 * pickaxe.ms],
];
console.log(`\nmedian of ${REPEAT} interleaved rounds; ratios against the baselines of the same rounds\n`);
console.log(`${'step'.padEnd(58)}${'ms'.padStart(9)}${'× pickaxe'.padStart(11)}${'× floor'.padStart(9)}${'peak MB'.padStart(9)}  target`);
for (const [name, t, goal, ok] of rows) {
  console.log(
    `${name.padEnd(58)}${t.ms.toFixed(0).padStart(9)}${(t.ms / pickaxe.ms).toFixed(2).padStart(11)}${(t.ms / floor.ms).toFixed(2).padStart(9)}${(t.maxRssMb?.toString() ?? '-').padStart(9)}  ${goal}${goal ? (ok ? '  met' : '  NOT MET') : ''}`,
  );
}
const peak = Math.max(...[cold, warm, incremental, incrementalMetric].map((t) => t.maxRssMb ?? 0));
console.log(`\npeak memory of any provenance run: ${peak} MB (target ≤ 300 MB: ${peak <= 300 ? 'met' : 'NOT MET'})`);
if (!process.env['BENCH_KEEP']) rmSync(repo.dir, { recursive: true, force: true });
else console.log(`kept ${repo.dir}`);
