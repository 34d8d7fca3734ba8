/** Everything a read-only tool must leave as it was, captured so a before/after comparison names what changed. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isolatedGitEnv } from '../../src/demo/isolated-git.js';

export interface RepoState {
  readonly head: string;
  readonly symbolicHead: string;
  readonly status: string;
  readonly refs: string;
  readonly indexFile: string;
  readonly config: string;
  readonly hooks: readonly string[];
  /** Every file under the repository directory and the git dirs (path → mode and content hash), except the cache. */
  readonly files: Readonly<Record<string, string>>;
}

/** The one directory provenance may write in an analysed repository: its cache, `<git-common-dir>/provenance/`. */
export const CACHE_DIR_NAME = 'provenance';

function git(dir: string, args: readonly string[]): string {
  // GIT_OPTIONAL_LOCKS=0: `git status` would otherwise refresh the index file this snapshot compares.
  // core.fsmonitor off: a hostile repository's fsmonitor hook must not fire from the snapshot itself.
  const result = spawnSync('git', ['-c', 'core.fsmonitor=false', ...args], { cwd: dir, env: isolatedGitEnv({ GIT_OPTIONAL_LOCKS: '0' }), encoding: 'utf8' });
  return `${result.status}:${result.stdout}`;
}

function hashFile(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return 'absent';
  }
}

function listFiles(root: string, exclude: ReadonlySet<string>, into: Record<string, string>, label: string): void {
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (exclude.has(full)) continue;
      const key = `${label}:${path.relative(root, full)}`;
      const stat = fs.lstatSync(full);
      if (entry.isDirectory()) {
        into[key] = `dir ${stat.mode.toString(8)}`;
        walk(full);
      } else if (entry.isSymbolicLink()) {
        into[key] = `link ${fs.readlinkSync(full)}`;
      } else {
        into[key] = `file ${stat.mode.toString(8)} ${hashFile(full)}`;
      }
    }
  };
  walk(root);
}

/** The git dir and common git dir of a repository (work tree, linked worktree or bare). */
export function gitDirs(dir: string): { gitDir: string; commonDir: string } {
  const out = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir'], {
    cwd: dir,
    env: isolatedGitEnv(),
    encoding: 'utf8',
  });
  const [gitDir = '', commonDir = ''] = out.stdout.trim().split('\n');
  return { gitDir, commonDir };
}

export function repoState(dir: string): RepoState {
  const { gitDir, commonDir } = gitDirs(dir);
  // Hash the index before any git command runs, so the snapshot cannot disturb what it measures.
  const indexFile = hashFile(path.join(gitDir, 'index'));
  const cache = path.join(commonDir, CACHE_DIR_NAME);
  const files: Record<string, string> = {};
  listFiles(dir, new Set([cache, path.join(dir, '.git')]), files, 'repo');
  listFiles(commonDir, new Set([cache]), files, 'common');
  if (gitDir !== commonDir) listFiles(gitDir, new Set(), files, 'gitdir');
  const hooksDir = path.join(commonDir, 'hooks');
  return {
    head: git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD']),
    symbolicHead: git(dir, ['symbolic-ref', '--quiet', 'HEAD']),
    status: git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored']),
    refs: git(dir, ['for-each-ref', '--format=%(refname) %(objectname) %(symref)']),
    indexFile,
    config: [hashFile(path.join(commonDir, 'config')), hashFile(path.join(gitDir, 'config.worktree'))].join(' '),
    hooks: fs.existsSync(hooksDir) ? fs.readdirSync(hooksDir).map((h) => `${h} ${hashFile(path.join(hooksDir, h))}`).sort() : [],
    files,
  };
}
