import { GitCommandError } from '../errors.js';
import type { Repository } from './repo.js';
import { runGitRaw } from './run-git.js';

/** `remote.origin.url`, or `null` when the repository has no origin. */
export async function originUrl(repo: Repository): Promise<string | null> {
  const args = ['config', '--get', 'remote.origin.url'];
  const result = await runGitRaw(repo.dir, args);
  // Exit 1 means "not set"; anything else is a real failure (a broken config file).
  if (result.exitCode === 1) return null;
  if (result.exitCode !== 0) throw new GitCommandError(args, result.stderr, result.exitCode);
  const url = result.stdout.toString('utf8').trim();
  return url === '' ? null : url;
}
