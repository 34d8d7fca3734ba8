import { commitInfo, type CommitInfo, type Repository } from '../git/repo.js';
import type { IndexView } from './index-queries.js';

/**
 * Subject, author and date of commits a report names: from the index, which keeps them for every
 * commit with an event, and from `git show` only for the others (none, for most reports).
 */
export async function describeCommits(repo: Repository, view: IndexView, oids: readonly string[]): Promise<Map<string, CommitInfo>> {
  const infos = new Map<string, CommitInfo>();
  const unknown: string[] = [];
  for (const oid of new Set(oids)) {
    const stored = view.data.summaries[oid];
    if (stored) {
      const [subject, author, authorEmail, date] = stored;
      infos.set(oid, { oid, subject, author, authorEmail, date, parents: view.parentsOf(oid) });
    } else unknown.push(oid);
  }
  for (const [oid, info] of await commitInfo(repo, unknown)) infos.set(oid, info);
  return infos;
}
