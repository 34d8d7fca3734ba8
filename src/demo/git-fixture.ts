/**
 * Deterministic git repositories for the tests and the demo: fixed identities and dates, so SHAs are
 * stable and may appear in expected output; isolated from the host's git config and hooks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { gitError, runGit, runGitOrThrow, type GitCallOptions } from './isolated-git.js';

export const DEFAULT_IDENTITY = 'Provenance Test <test@provenance.invalid>';
/** 2024-01-01T00:00:00Z in seconds; commit n (0-based) is dated n minutes later. */
export const CLOCK_START_SECONDS = Date.UTC(2024, 0, 1) / 1000;
export const CLOCK_TICK_SECONDS = 60;

/** Repository-relative path → new content, or `null` to delete the file. */
export type FileChanges = Readonly<Record<string, string | Uint8Array | null>>;

export interface CommitOptions {
  /** `Name <email>`; also used as committer unless `committer` is given. */
  readonly author?: string;
  readonly committer?: string;
  readonly allowEmpty?: boolean;
}

export interface BranchOptions {
  /** Start point; defaults to HEAD. */
  readonly from?: string;
  /** Switch to the new branch; defaults to true. */
  readonly switch?: boolean;
}

export interface MergeOptions {
  readonly noFastForward?: boolean;
  readonly fastForwardOnly?: boolean;
  /** Stop before committing so an evil merge can be made with `writeFiles` + `commitAll`. */
  readonly noCommit?: boolean;
  /** With `noCommit`, leave conflicts in the work tree instead of throwing. */
  readonly allowConflicts?: boolean;
  readonly author?: string;
}

export interface TagOptions {
  /** What to tag; defaults to HEAD. */
  readonly ref?: string;
  /** Defaults to true when a message is given. */
  readonly annotated?: boolean;
  readonly message?: string;
  readonly tagger?: string;
}

export interface Scenario {
  readonly dir: string;
  /** Commits made so far by this scenario; the next one is dated `CLOCK_START_SECONDS + ticks` minutes. */
  readonly ticks: number;
  /** Runs git in the repository and returns its raw stdout; throws with git's stderr on failure. */
  git(args: readonly string[], options?: GitCallOptions): string;
  writeFiles(files: FileChanges): void;
  /** Writes and stages exactly `files`, commits, and returns the new commit's SHA. */
  commit(message: string, files?: FileChanges, options?: CommitOptions): string;
  /** Stages everything in the work tree (`git add -A`) and commits; concludes a `noCommit` merge. */
  commitAll(message: string, options?: CommitOptions): string;
  branch(name: string, options?: BranchOptions): void;
  /** Switches to a local branch, or detaches HEAD at any other ref. */
  switch(ref: string): void;
  /** Merges `ref` into HEAD and returns HEAD's SHA afterwards. */
  merge(ref: string, message: string, options?: MergeOptions): string;
  tag(name: string, options?: TagOptions): void;
  /** The commit SHA a ref points to (annotated tags are peeled). */
  sha(ref?: string): string;
  /** A file's content at a ref. */
  readFile(filePath: string, ref?: string): string;
  cleanup(): void;
}

export interface ScenarioOptions {
  /** Prefix of the temp directory name. */
  readonly prefix?: string;
  /** Clock position of the first commit; clones continue their source's clock. */
  readonly firstTick?: number;
  readonly identity?: string;
}

const REPO_CONFIG: readonly (readonly [string, string])[] = [
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['commit.gpgsign', 'false'],
  ['tag.gpgsign', 'false'],
  ['core.autocrlf', 'false'],
  ['merge.log', 'false'],
];

interface Identity {
  readonly name: string;
  readonly email: string;
}

export function createScenario(options: ScenarioOptions = {}): Scenario {
  const dir = makeTempDir(options.prefix ?? 'provenance-scenario-');
  try {
    runGitOrThrow(dir, ['init', '--quiet', '-b', 'main']);
    configureRepository(dir);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return openScenario(dir, options);
}

/** A scenario over an existing repository at `dir`; clones open theirs with their source's clock. */
export function openScenario(dir: string, options: ScenarioOptions): Scenario {
  const defaultIdentity = parseIdentity(options.identity ?? DEFAULT_IDENTITY);
  let ticks = options.firstTick ?? 0;

  const git = (args: readonly string[], callOptions: GitCallOptions = {}): string =>
    runGitOrThrow(dir, args, callOptions);

  const dateAt = (tick: number): string => `@${CLOCK_START_SECONDS + tick * CLOCK_TICK_SECONDS} +0000`;

  const identityEnv = (author: Identity, committer: Identity, date: string): Record<string, string> => ({
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: date,
  });

  const commitEnv = (options: CommitOptions): Record<string, string> => {
    const author = options.author === undefined ? defaultIdentity : parseIdentity(options.author);
    const committer =
      options.committer !== undefined ? parseIdentity(options.committer) : options.author !== undefined ? author : defaultIdentity;
    return identityEnv(author, committer, dateAt(ticks));
  };

  const commitStaged = (message: string, options: CommitOptions): string => {
    const args = ['commit', '--quiet', '--no-verify', '--file=-'];
    if (options.allowEmpty) args.push('--allow-empty');
    git(args, { input: ensureTrailingNewline(message), env: commitEnv(options) });
    ticks += 1;
    return sha('HEAD');
  };

  const sha = (ref = 'HEAD'): string => git(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]).trim();

  const writeFiles = (files: FileChanges): void => {
    for (const [relative, content] of Object.entries(files)) {
      const target = resolveInside(dir, relative);
      if (content === null) {
        fs.rmSync(target, { force: true });
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
      }
    }
  };

  const isLocalBranch = (ref: string): boolean =>
    runGit(dir, ['show-ref', '--verify', '--quiet', `refs/heads/${ref}`]).status === 0;

  return {
    dir,
    get ticks() {
      return ticks;
    },
    git,
    writeFiles,
    commit(message, files = {}, options = {}) {
      writeFiles(files);
      const paths = Object.keys(files);
      if (paths.length > 0) {
        // Literal pathspecs from stdin: file names that start with ':' or contain '*' stay plain names.
        git(['--literal-pathspecs', 'add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'], {
          input: paths.join('\0'),
        });
      }
      return commitStaged(message, { ...options, allowEmpty: options.allowEmpty ?? paths.length === 0 });
    },
    commitAll(message, options = {}) {
      git(['add', '-A']);
      return commitStaged(message, options);
    },
    branch(name, options = {}) {
      const from = options.from ?? 'HEAD';
      if (options.switch ?? true) git(['switch', '--quiet', '--no-track', '-c', name, from]);
      else git(['branch', '--no-track', name, from]);
    },
    switch(ref) {
      if (isLocalBranch(ref)) git(['switch', '--quiet', ref]);
      else git(['switch', '--quiet', '--detach', ref]);
    },
    merge(ref, message, options = {}) {
      const before = sha('HEAD');
      const args = ['merge', '--quiet', '--no-edit', '-m', message];
      if (options.noFastForward || options.noCommit) args.push('--no-ff');
      if (options.fastForwardOnly) args.push('--ff-only');
      if (options.noCommit) args.push('--no-commit');
      args.push('--end-of-options', ref);
      const result = runGit(dir, args, { env: commitEnv({ author: options.author }) });
      if (result.status !== 0 && !(options.noCommit && options.allowConflicts && result.status === 1)) {
        throw gitError(args, result);
      }
      const after = sha('HEAD');
      // A fast-forward or a stopped merge creates no commit, so it does not advance the clock.
      if (after !== before && git(['rev-list', '--parents', '-n', '1', after]).trim().split(' ').length > 2) ticks += 1;
      return after;
    },
    tag(name, options = {}) {
      const ref = options.ref ?? 'HEAD';
      const annotated = options.annotated ?? options.message !== undefined;
      if (!annotated) {
        git(['tag', name, ref]);
        return;
      }
      const tagger = options.tagger === undefined ? defaultIdentity : parseIdentity(options.tagger);
      // The tagger date is the latest commit's, so tags do not shift later commits' dates.
      git(['tag', '-a', '--file=-', name, ref], {
        input: ensureTrailingNewline(options.message ?? name),
        env: identityEnv(tagger, tagger, dateAt(Math.max(ticks - 1, 0))),
      });
    },
    sha,
    readFile(filePath, ref = 'HEAD') {
      return git(['show', `${ref}:${filePath}`]);
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function configureRepository(dir: string): void {
  for (const [key, value] of REPO_CONFIG) runGitOrThrow(dir, ['config', key, value]);
  const identity = parseIdentity(DEFAULT_IDENTITY);
  runGitOrThrow(dir, ['config', 'user.name', identity.name]);
  runGitOrThrow(dir, ['config', 'user.email', identity.email]);
}

function parseIdentity(identity: string): Identity {
  const match = /^\s*(.+?)\s*<([^<>]*)>\s*$/.exec(identity);
  if (!match?.[1] || match[2] === undefined) throw new Error(`identity must look like 'Name <email>', got '${identity}'`);
  return { name: match[1], email: match[2] };
}

function resolveInside(dir: string, relative: string): string {
  const target = path.resolve(dir, relative);
  const fromRoot = path.relative(dir, target);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot) || fromRoot.split(path.sep)[0] === '.git') {
    throw new Error(`scenario file path must stay inside the work tree and outside .git: '${relative}'`);
  }
  return target;
}

export function makeTempDir(prefix: string): string {
  // realpath: on macOS os.tmpdir() is a symlink, and git reports the resolved path.
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

function ensureTrailingNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
