import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedGitEnv } from '../../src/demo/isolated-git.js';

/** The built CLI as it ships, bundled (the vitest global setup builds it), for tests where a real process matters. */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/bundle/cli.js');

export interface SpawnedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly cwd?: string;
  /** Replaces the environment entirely when `replaceEnv` is set; otherwise added to an isolated one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly replaceEnv?: boolean;
  readonly timeoutMs?: number;
}

/** Runs `node dist/bundle/cli.js ...args` with no host git config, `NO_COLOR=1` and no TTY. */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): Promise<SpawnedRun> {
  const base: Record<string, string | undefined> = options.replaceEnv ? {} : { ...isolatedGitEnv(), NO_COLOR: '1' };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...base, ...options.env })) if (typeof value === 'string') env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
