import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The bundled copy, as users run it (see bin/provenance.js), not the compiled modules. */
export const measureScript = path.join(here, '..', 'bundle', 'measure.js');

export interface Timing {
  readonly ms: number;
  readonly maxRssMb: number | null;
}

/**
 * Node 20 reads the whole NODE_EXTRA_CA_CERTS bundle before running any script (about 80 ms on this
 * build machine, where it is set for npm's proxy). provenance opens no TLS connection, so it runs
 * without it here; the "node, empty script" rows show what the variable costs any Node program.
 */
export function nodeEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env['NODE_EXTRA_CA_CERTS'];
  return env;
}

export function timeCommand(cmd: string, args: readonly string[], cwd: string, input?: string, env: NodeJS.ProcessEnv = process.env): Timing {
  const start = process.hrtime.bigint();
  // Output is read whole, as a caller would (a real repository's blobs are more than a string holds).
  const r = spawnSync(cmd, args, { cwd, input, env, maxBuffer: 2 ** 32 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && cmd === 'git') throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  let maxRssMb: number | null = null;
  if (args[0] === measureScript) {
    const report = JSON.parse(r.stdout.toString().trim().split('\n').pop() ?? '{}') as { code?: number; maxRssMb?: number };
    if (report.code !== 0 && report.code !== 1) throw new Error(`provenance ${args.join(' ')} exited ${report.code}: ${r.stderr.toString()}`);
    maxRssMb = report.maxRssMb ?? null;
  }
  return { ms, maxRssMb };
}

/** One provenance command through the bundled CLI, with its exit code and peak memory. */
export function timeProvenance(dir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Timing {
  return timeCommand(process.execPath, [measureScript, ...args, '--repo', dir], dir, undefined, nodeEnv(env));
}

export function median(timings: readonly Timing[]): Timing {
  const sorted = [...timings].sort((a, b) => a.ms - b.ms);
  const middle = sorted[Math.floor(sorted.length / 2)] as Timing;
  return { ms: middle.ms, maxRssMb: Math.max(...timings.map((t) => t.maxRssMb ?? 0)) || null };
}

/** A row of the table: a step, its timing, and the target it is held to (null for a baseline). */
export interface BenchRow {
  readonly step: string;
  readonly timing: Timing;
  readonly target: { readonly text: string; readonly met: boolean } | null;
}

/** The table every bench prints: ms, ratios against the pickaxe and floor of the same rounds, peak MB, target. */
export function benchTable(rows: readonly BenchRow[], pickaxe: Timing, floor: Timing): string {
  const lines = [`${'step'.padEnd(62)}${'ms'.padStart(9)}${'× pickaxe'.padStart(11)}${'× floor'.padStart(9)}${'peak MB'.padStart(9)}  target`];
  for (const { step, timing, target } of rows) {
    const verdict = target === null ? '' : `${target.text}  ${target.met ? 'met' : 'NOT MET'}`;
    lines.push(
      `${step.padEnd(62)}${timing.ms.toFixed(0).padStart(9)}${(timing.ms / pickaxe.ms).toFixed(2).padStart(11)}${(timing.ms / floor.ms).toFixed(2).padStart(9)}${(timing.maxRssMb?.toString() ?? '-').padStart(9)}  ${verdict}`,
    );
  }
  return lines.join('\n');
}
