import { captureIo } from '../../src/io.js';
import { main } from '../../src/program.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in-process, with a private cache home so no test depends on the host. */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const io = captureIo({ env: { HOME: process.env['HOME'], ...env } });
  const code = await main(['node', 'provenance', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

export async function runCliJson<T>(args: readonly string[]): Promise<{ code: number; result: T; stderr: string }> {
  const run = await runCli([...args, '--json']);
  const parsed = JSON.parse(run.stdout) as { schemaVersion: number; result: T };
  return { code: run.code, result: parsed.result, stderr: run.stderr };
}
