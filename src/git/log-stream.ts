import type { Repository } from './repo.js';
import { streamGitRecords } from './run-git.js';

export interface FileChange {
  readonly path: string;
  readonly status: string;
  /** The blob after the change; null when the file was deleted. */
  readonly newOid: string | null;
  readonly newMode: string;
}

/** What a reader sees of a commit: its subject line, author and ISO 8601 author date. */
export interface CommitSummary {
  readonly subject: string;
  readonly author: string;
  readonly authorEmail: string;
  readonly date: string;
}

export interface LoggedCommit {
  readonly oid: string;
  readonly parents: readonly string[];
  readonly summary: CommitSummary;
  /** Changes against the first parent (against the empty tree for a root commit). */
  readonly changes: readonly FileChange[];
}

const ZERO = /^0+$/;

/**
 * A copy of a string that holds on to nothing else: V8 keeps a substring of 13 or more characters
 * as a slice of its parent, so a path or id split from a 64 KiB chunk of `git log` output would keep
 * the whole chunk alive for as long as an index or tree state keeps the path.
 */
function detached(text: string): string {
  return (` ${text}`).slice(1);
}

/**
 * One streamed `git log --raw -z`, parents before children, merges diffed against their first parent.
 * `revisions` are commit ids or `^id` exclusions produced by this program, never user text.
 */
export async function* logWithChanges(repo: Repository, revisions: readonly string[]): AsyncGenerator<LoggedCommit> {
  const args = [
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--topo-order',
    '--reverse',
    '--diff-merges=first-parent',
    // A repository's `log.showSignature` would make git run its configured `gpg.program` on signed commits.
    '--no-show-signature',
    // An exclusion may name a commit that `git gc --prune=now` has since removed (an amended or
    // deleted branch's old tip): leaving it out only walks commits the index already has.
    '--ignore-missing',
    // The summary rides along so that reports never need a `git show` for commits with events.
    '--format=%x01%H %P%x1f%an%x1f%ae%x1f%aI%x1f%s',
    ...revisions,
    '--',
  ];
  let current: { oid: string; parents: string[]; summary: CommitSummary; changes: FileChange[] } | null = null;
  let pendingHeader: string[] | null = null;
  for await (const batch of streamGitRecords(repo.dir, args)) {
    for (const raw of batch) {
      const record = raw.startsWith('\n') ? raw.slice(1) : raw;
      if (pendingHeader) {
        const [, newMode = '', , newOid = '', status = ''] = pendingHeader;
        current?.changes.push({ path: detached(record), status, newOid: ZERO.test(newOid) ? null : detached(newOid), newMode });
        pendingHeader = null;
      } else if (record.startsWith('\x01')) {
        if (current) yield current;
        const [ids = '', author = '', authorEmail = '', date = '', ...subject] = record.slice(1).split('\x1f');
        const [oid = '', ...parents] = ids.trim().split(' ');
        current = {
          oid: detached(oid),
          parents: parents.filter(Boolean).map(detached),
          summary: { subject: detached(subject.join('\x1f').replace(/\n$/, '')), author: detached(author), authorEmail: detached(authorEmail), date: detached(date) },
          changes: [],
        };
      } else if (record.startsWith(':')) {
        pendingHeader = record.slice(1).split(' ');
      }
    }
  }
  if (current) yield current;
}

/**
 * `logWithChanges` with git already started: the first commits are on their way while the caller
 * loads what it needs to walk them. Iterate it once; stopping early stops git.
 */
export function startedLog(repo: Repository, revisions: readonly string[]): AsyncIterable<LoggedCommit> {
  const log = logWithChanges(repo, revisions);
  const first = log.next();
  // A failure surfaces where the caller iterates; until then it is not an unhandled rejection.
  first.catch(() => undefined);
  let started = false;
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (started) return log.next();
        started = true;
        return first;
      },
      return: async () => log.return(undefined),
    }),
  };
}
