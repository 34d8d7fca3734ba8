import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { NotAGitRepositoryError, UnbornBranchError, UnknownRefError, GitCommandError } from '../errors.js';
import { closestNames } from '../util/edit-distance.js';
import { assertGitVersion } from './git-version.js';
import { nestedTagNames, parseLsTree, parseRefs, type RefRecord, type TreeEntry } from './parse.js';
import { decodeExact } from './exact-text.js';
import { gitEnvironment, PINNED_CONFIG, runGit, runGitRaw } from './run-git.js';

/** A repository opened read-only; every method is a query. */
export interface Repository {
  /** The directory git commands run in (work tree top, or the git dir of a bare repository). */
  readonly dir: string;
  readonly gitDir: string;
  /** Shared by all linked worktrees: the cache lives here. */
  readonly commonDir: string;
  readonly isBare: boolean;
  readonly isShallow: boolean;
  readonly isPartial: boolean;
}

export async function openRepository(dir: string): Promise<Repository> {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new NotAGitRepositoryError(absolute);
  const common = ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir', '--is-bare-repository', '--is-shallow-repository'];
  // One spawn: --show-toplevel only where there may be a work tree (a git directory rejects it; one
  // not recognised as such still gets the retry below). It runs beside the version check, whose
  // verdict (too old, not installed) still comes first.
  const first = runGitRaw(absolute, looksLikeGitDir(absolute) ? common : [...common, '--show-toplevel']);
  first.catch(() => undefined);
  await assertGitVersion(absolute);
  let result = await first;
  if (result.exitCode !== 0 && /must be run in a work tree/i.test(result.stderr)) result = await runGitRaw(absolute, common);
  if (result.exitCode !== 0) {
    if (/not a git repository/i.test(result.stderr)) throw new NotAGitRepositoryError(absolute);
    throw new GitCommandError(['rev-parse'], result.stderr, result.exitCode);
  }
  const [gitDir = '', commonDir = '', bare = '', shallow = '', top] = result.stdout.toString('utf8').trim().split('\n');
  const isBare = bare === 'true';
  return {
    dir: isBare || !top ? gitDir : top,
    gitDir,
    commonDir,
    isBare,
    isShallow: shallow === 'true',
    isPartial: hasPromisorPacks(commonDir),
  };
}

/** A bare repository or a `.git` directory: `--show-toplevel` would fail there and cost a second spawn. */
function looksLikeGitDir(dir: string): boolean {
  return existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects')) && !existsSync(path.join(dir, '.git'));
}

/** A partial clone keeps `.promisor` files beside the packs it fetched; checking them costs no git spawn. */
function hasPromisorPacks(commonDir: string): boolean {
  try {
    return readdirSync(path.join(commonDir, 'objects', 'pack')).some((name) => name.endsWith('.promisor'));
  } catch {
    return false;
  }
}

export interface HeadState {
  /** The commit HEAD points at; null in a repository with no commits. */
  readonly commit: string | null;
  /** The checked-out branch's short name; null when HEAD is detached. */
  readonly branch: string | null;
}

export async function headState(repo: Repository): Promise<HeadState> {
  const result = await runGitRaw(repo.dir, ['rev-parse', '--verify', '--quiet', 'HEAD', '--symbolic-full-name', 'HEAD']);
  if (result.exitCode !== 0) return { commit: null, branch: null };
  const [commit = '', full = ''] = result.stdout.toString('utf8').trim().split('\n');
  return { commit: commit || null, branch: full.startsWith('refs/heads/') ? full.slice('refs/heads/'.length) : null };
}

/**
 * HEAD read from its file, with the commit taken from `refs` (a `for-each-ref` listing of refs/heads):
 * saves a git spawn on every run. Null when the file says anything unusual (a reftable stub, a
 * symbolic ref outside refs/heads, a branch missing from `refs`): ask git then.
 */
export function headFromFile(repo: Repository, refs: readonly RefRecord[]): HeadState | null {
  let text: string;
  try {
    text = readFileSync(path.join(repo.gitDir, 'HEAD'), 'utf8').trim();
  } catch {
    return null;
  }
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text)) return { commit: text, branch: null };
  const target = /^ref: (refs\/heads\/.+)$/.exec(text)?.[1];
  if (!target || target.endsWith('/.invalid')) return null;
  const commit = refs.find((r) => r.name === target)?.commit;
  return commit ? { commit, branch: target.slice('refs/heads/'.length) } : null;
}

/** Resolves anything git accepts as a commit (`main`, `origin/x`, tags, SHAs, `HEAD~3`) to a full commit id. */
export async function resolveCommit(repo: Repository, ref: string): Promise<string> {
  const result = await runGitRaw(repo.dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  const oid = result.stdout.toString('utf8').trim();
  if (result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(oid)) return oid;
  if (ref === 'HEAD') {
    // HEAD names a branch that does not resolve: an empty repository or a new orphan branch.
    const unborn = await runGitRaw(repo.dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
    if (unborn.exitCode === 0) throw new UnbornBranchError(unborn.stdout.toString('utf8').trim());
  }
  const names = (await listRefs(repo, ['refs/heads', 'refs/remotes', 'refs/tags'])).map((r) => shortRefName(r.name));
  throw new UnknownRefError(ref, closestNames(ref, names));
}

/**
 * The commit `ref` names and that commit's tree, from one `rev-parse`; null when that cannot tell
 * (an unknown ref, an unborn branch, a range): `resolveCommit` then says what is wrong.
 */
export async function commitAndTreeOf(repo: Repository, ref: string): Promise<{ readonly commit: string; readonly tree: string } | null> {
  const result = await runGitRaw(repo.dir, ['rev-parse', '--end-of-options', `${ref}^{commit}`, `${ref}^{commit}^{tree}`]);
  if (result.exitCode !== 0) return null;
  // Without --verify, rev-parse echoes options it passes through, --end-of-options among them.
  const [commit, tree, ...rest] = result.stdout.toString('utf8').trim().split('\n').filter((line) => line !== '--end-of-options');
  const oid = /^[0-9a-f]{40,64}$/;
  return commit !== undefined && tree !== undefined && rest.length === 0 && oid.test(commit) && oid.test(tree) ? { commit, tree } : null;
}

const REF_FORMAT = '--format=%(refname)%00%(objectname)%00%(*objectname)%00%(objecttype)%00%(*objecttype)';

export async function listRefs(repo: Repository, patterns: readonly string[]): Promise<RefRecord[]> {
  const result = await runGitRaw(repo.dir, ['for-each-ref', REF_FORMAT, '--end-of-options', ...patterns]);
  let output: string;
  if (result.exitCode === 0) output = decodeExact(result.stdout);
  else if (/missing object|bad object|does not point to a valid object/.test(result.stderr)) output = await refsSkippingBroken(repo, patterns);
  else throw new GitCommandError(['for-each-ref'], result.stderr, result.exitCode);
  // Refs may point at trees or blobs (rare tags); only commits matter here.
  const refs = parseRefs(output);
  const nested = nestedTagNames(output);
  if (nested.length === 0) return refs;
  for (const name of nested) {
    const peeled = await runGitRaw(repo.dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`]);
    const commit = peeled.stdout.toString('utf8').trim();
    if (peeled.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(commit)) refs.push({ name, commit });
  }
  return refs.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

const brokenRefs = new Set<string>();

/** Refs skipped because their object is missing, each said once per run (program.ts prints them). */
export function takeBrokenRefWarnings(): string[] {
  const warnings = [...brokenRefs].map(
    (line) => `${line}; skipped (delete it with 'git update-ref -d ${line.split(' ')[0] ?? ''}' if it is not needed, or fetch it again)`,
  );
  brokenRefs.clear();
  return warnings;
}

/**
 * One ref whose object is gone (a crash, a bad copy, `gc` in a shared object store) makes for-each-ref
 * fail for all: list the names without touching their objects, find which objects exist, and list
 * only those refs, in batches of names as patterns.
 */
async function refsSkippingBroken(repo: Repository, patterns: readonly string[]): Promise<string> {
  const names = await runGit(repo.dir, ['for-each-ref', '--format=%(refname)%00%(objectname)', '--end-of-options', ...patterns]);
  const listed = names.split('\n').filter(Boolean).map((line) => line.split('\0') as [string, string]);
  const present = await presentObjects(repo, [...new Set(listed.map(([, oid]) => oid))]);
  const good: string[] = [];
  for (const [name, oid] of listed) {
    if (present.has(oid)) good.push(name);
    else brokenRefs.add(`${name} points to ${oid}, which is not in the repository`);
  }
  let output = '';
  for (let i = 0; i < good.length; i += 500) {
    output += await runGit(repo.dir, ['for-each-ref', REF_FORMAT, '--end-of-options', ...good.slice(i, i + 500)]);
  }
  return output;
}

/** Which of these objects exist, by one `cat-file --batch-check` (which never fetches: GIT_NO_LAZY_FETCH). */
function presentObjects(repo: Repository, oids: readonly string[]): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--no-pager', ...PINNED_CONFIG, 'cat-file', '--batch-check=%(objectname) %(objecttype)'], {
      cwd: repo.dir,
      env: gitEnvironment(),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', () => {
      const present = new Set<string>();
      for (const line of Buffer.concat(out).toString('utf8').split('\n')) {
        const [oid, type] = line.split(' ');
        if (oid && type && type !== 'missing') present.add(oid);
      }
      resolve(present);
    });
    child.stdin.end(oids.map((oid) => `${oid}\n`).join(''));
  });
}

export function shortRefName(name: string): string {
  return name.replace(/^refs\/(heads|remotes|tags)\//, '');
}

/** Every entry of a commit's tree, recursively; submodules appear as `commit` entries. */
export async function listTree(repo: Repository, commit: string): Promise<TreeEntry[]> {
  return parseLsTree(await runGit(repo.dir, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', commit]));
}

export interface CommitInfo {
  readonly oid: string;
  readonly subject: string;
  readonly author: string;
  readonly authorEmail: string;
  /** ISO 8601 author date. */
  readonly date: string;
  readonly parents: readonly string[];
}

export async function commitInfo(repo: Repository, oids: readonly string[]): Promise<Map<string, CommitInfo>> {
  const infos = new Map<string, CommitInfo>();
  if (oids.length === 0) return infos;
  const output = await runGit(repo.dir, [
    'show',
    '-s',
    '--no-show-signature',
    '--no-walk=unsorted',
    '-z',
    '--format=%H%x00%s%x00%an%x00%ae%x00%aI%x00%P',
    '--end-of-options',
    ...new Set(oids),
  ]);
  const fields = output.split('\0');
  for (let i = 0; i + 5 < fields.length; i += 6) {
    const oid = (fields[i] ?? '').replace(/^\n/, '');
    infos.set(oid, {
      oid,
      subject: fields[i + 1] ?? '',
      author: fields[i + 2] ?? '',
      authorEmail: fields[i + 3] ?? '',
      date: fields[i + 4] ?? '',
      parents: (fields[i + 5] ?? '').split(' ').filter(Boolean),
    });
  }
  return infos;
}

/** Commits reachable from `head` but not from `base`, as `git rev-list --count base..head`. */
export async function countCommits(repo: Repository, base: string, head: string): Promise<number> {
  return Number((await runGit(repo.dir, ['rev-list', '--count', '--end-of-options', `${base}..${head}`])).trim());
}

export async function mergeBase(repo: Repository, a: string, b: string): Promise<string | null> {
  const result = await runGitRaw(repo.dir, ['merge-base', '--end-of-options', a, b]);
  if (result.exitCode === 1) return null;
  if (result.exitCode !== 0) throw new GitCommandError(['merge-base'], result.stderr, result.exitCode);
  return result.stdout.toString('utf8').trim();
}

/** Object ids present locally; in a partial clone everything else would be fetched on demand, which we never do. */
export async function localObjectIds(repo: Repository): Promise<Set<string>> {
  const output = await runGit(repo.dir, ['cat-file', '--batch-check=%(objectname)', '--batch-all-objects', '--unordered']);
  return new Set(output.split('\n').filter(Boolean));
}


/** The commits a shallow clone cut its history at (`.git/shallow`); none in a full clone. */
export function shallowCommits(repo: Repository): Set<string> {
  if (!repo.isShallow) return new Set();
  try {
    return new Set(readFileSync(path.join(repo.commonDir, 'shallow'), 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}
