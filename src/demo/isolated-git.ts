/** Running git for the fixtures, untouched by the host: no global or system config, no hook's GIT_* variables. */
import { spawnSync } from 'node:child_process';

export interface GitCallOptions {
  readonly input?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface GitResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment for every git call: nothing from the host's git config or a surrounding git hook. */
export function isolatedGitEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A test run from a git hook inherits GIT_DIR, GIT_INDEX_FILE, ...; they would redirect every call.
    if (value !== undefined && !key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    ...extra,
  };
}

export function runGit(cwd: string, args: readonly string[], options: GitCallOptions = {}): GitResult {
  const result = spawnSync('git', args, {
    cwd,
    env: isolatedGitEnv(options.env),
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`could not run git ${args.join(' ')}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runGitOrThrow(cwd: string, args: readonly string[], options: GitCallOptions = {}): string {
  const result = runGit(cwd, args, options);
  if (result.status !== 0) throw gitError(args, result);
  return result.stdout;
}

export function gitError(args: readonly string[], result: GitResult): Error {
  const output = [result.stderr.trim(), result.stdout.trim()].filter((text) => text.length > 0).join('\n');
  return new Error(`git ${args.join(' ')} failed (exit ${result.status ?? 'signal'}): ${output || 'no output'}`);
}
