import { GitTooOldError } from '../errors.js';
import { runGitRaw } from './run-git.js';

/**
 * `git log --diff-merges=first-parent` and `git rev-parse --path-format` arrived in git 2.31, but only
 * 2.39.4 honours GIT_NO_LAZY_FETCH: before it, reading a missing object in a partial clone (or in a
 * repository whose config names a promisor remote) fetches it, running the repository's own
 * `core.sshCommand` or credential helper. An older git would make a read-only tool run code.
 */
export const MINIMUM_GIT_VERSION: readonly [number, number, number] = [2, 39, 4];

/** `[major, minor, patch]` from `git version 2.39.5` (also `2.30.1 (Apple Git-130)`, `2.41.0.windows.1`); null if unreadable. */
export function parseGitVersion(output: string): readonly [number, number, number] | null {
  const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function isSupportedGitVersion(version: readonly [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    const [found, needed] = [version[i] ?? 0, MINIMUM_GIT_VERSION[i] ?? 0];
    if (found !== needed) return found > needed;
  }
  return true;
}

let checked: Promise<void> | null = null;

/**
 * Fails with one clear error on a git too old for the options we pass (an old git would instead fail
 * later with "unrecognized argument"). Once per process; an unreadable version string is let through.
 */
export function assertGitVersion(cwd: string): Promise<void> {
  checked ??= (async () => {
    const result = await runGitRaw(cwd, ['--version']);
    const version = parseGitVersion(result.stdout.toString('utf8'));
    if (version && !isSupportedGitVersion(version)) throw new GitTooOldError(version.join('.'), MINIMUM_GIT_VERSION.join('.'));
  })();
  // A failed check (git missing) must be retried by the next caller, not remembered.
  checked.catch(() => {
    checked = null;
  });
  return checked;
}
