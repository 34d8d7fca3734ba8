import { shallowCommits, type Repository } from '../git/repo.js';
import { BOUNDARY, UNCERTAIN, type IndexData } from './index-model.js';

/**
 * Why a saved index no longer describes the repository's history, or null. Its commits never change,
 * but what the repository lets us see of them can: a shallow clone deepened (`git fetch --unshallow`)
 * has history before what the index recorded as boundaries, and blobs a partial clone lacked may have
 * been fetched since (by a checkout). Either way the index is rebuilt rather than trusted.
 */
export function staleIndexReason(data: IndexData, repo: Repository, localObjects: number | null): string | null {
  const shallow = shallowCommits(repo);
  const boundaries = data.commits.filter((_, at) => ((data.flags[at] ?? 0) & BOUNDARY) !== 0);
  if (boundaries.some((commit) => !shallow.has(commit))) return 'the clone is deeper than when the index was built';
  const uncertain = data.flags.some((flag) => (flag & UNCERTAIN) !== 0);
  if (uncertain && (localObjects === null || localObjects > (data.localObjects ?? 0))) return 'blobs that were missing may have been fetched since';
  return null;
}
