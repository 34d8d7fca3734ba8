import { spawn } from 'node:child_process';
import { GitCommandError, GitMissingError } from '../errors.js';
import { ExactDecoder, decodeExact } from './exact-text.js';

/**
 * Variables that point git at another repository, object store, index or ref namespace than the one
 * `--repo` names, or that change which history it reads: dropped, so that `--repo` (or the current
 * directory) decides.
 */
const REDIRECTING = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_COMMON_DIR',
  'GIT_REPLACE_REF_BASE',
  'GIT_GRAFT_FILE',
  'GIT_SHALLOW_FILE',
];

/**
 * Environment for every git child: no prompts, no pager, stable C-locale messages, no lazy fetches,
 * and no replace refs: `git replace` would make the same commit id mean different history from one
 * run to the next, so replacements never count (as with `git --no-replace-objects`).
 */
export function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REDIRECTING) delete env[name];
  return {
    ...env,
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    LC_ALL: 'C',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_LAZY_FETCH: '1',
  };
}

/**
 * Settings that shape the output provenance parses, pinned on every call whatever the user's or the
 * repository's config says: `log.showRoot=false` would hide a root commit's files, a UTF-16
 * `i18n.logOutputEncoding` would garble every record, `diff.relative` would shorten paths.
 */
export const PINNED_CONFIG: readonly string[] = [
  '-c', 'log.showRoot=true',
  '-c', 'i18n.logOutputEncoding=UTF-8',
  '-c', 'log.showSignature=false',
  '-c', 'color.ui=never',
  '-c', 'diff.relative=false',
  '-c', 'diff.external=',
  '-c', 'diff.noprefix=false',
  '-c', 'core.quotePath=true',
];

export interface GitResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly exitCode: number | null;
}

/** Runs git with an argument array (never a shell) and buffers its output. */
export function runGitRaw(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--no-pager', ...PINNED_CONFIG, ...args], { cwd, env: gitEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new GitMissingError(error.message) : error);
    });
    child.on('close', (exitCode) => {
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exitCode });
    });
  });
}

/**
 * Runs git and returns stdout as text, non-UTF-8 bytes kept exactly (see `decodeExact`); a non-zero
 * exit is an error carrying git's stderr.
 */
export async function runGit(cwd: string, args: readonly string[]): Promise<string> {
  const result = await runGitRaw(cwd, args);
  if (result.exitCode !== 0) throw new GitCommandError(args, result.stderr, result.exitCode);
  return decodeExact(result.stdout);
}

/**
 * Streams git's stdout as NUL-terminated records without buffering the whole output (a full
 * `git log --raw` of a large history is hundreds of megabytes), a batch per chunk read: one await
 * per record would cost more than the parsing.
 */
export async function* streamGitRecords(cwd: string, args: readonly string[]): AsyncGenerator<readonly string[]> {
  const child = spawn('git', ['--no-pager', ...PINNED_CONFIG, ...args], { cwd, env: gitEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  const errChunks: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errChunks.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new GitMissingError(error.message) : error),
    );
    child.on('close', (code) => resolve(code));
  });
  // Decoding whole chunks and splitting the text is far cheaper than a Buffer search per record;
  // the decoder holds back a multi-byte character cut by a chunk boundary, and keeps non-UTF-8 bytes
  // of file names exact so that two names differing only there stay two names.
  const decoder = new ExactDecoder();
  let pending = '';
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const records = (pending + decoder.write(chunk)).split('\0');
      pending = records.pop() ?? '';
      if (records.length > 0) yield records;
    }
    pending += decoder.end();
    if (pending.length > 0) yield [pending];
    const code = await exited;
    if (code !== 0) throw new GitCommandError(args, Buffer.concat(errChunks).toString('utf8'), code);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
