import type { CommitData, ReportData } from './report-data.js';
import { esc, safeHref } from './html-escape.js';

/** The commit's short id, linked to its web page when the remote is known. */
export function commitLink(sha: string, data: ReportData): string {
  const commit = data.commits[sha];
  const short = esc(commit?.short ?? sha.slice(0, 10));
  const href = safeHref(commit?.url ?? null);
  return href === null ? `<code>${short}</code>` : `<a href="${esc(href)}" rel="noopener noreferrer"><code>${short}</code></a>`;
}

/** `abc1234 "Subject" — Author, 2024-05-01`. */
export function commitLine(sha: string, data: ReportData): string {
  const commit: CommitData | undefined = data.commits[sha];
  const subject = commit?.subject ? ` <q>${esc(commit.subject)}</q>` : '';
  const who = [commit?.author, commit?.date?.slice(0, 10)].filter((s): s is string => Boolean(s)).map(esc).join(', ');
  return `${commitLink(sha, data)}${subject}${who ? ` <span class="muted">— ${who}</span>` : ''}`;
}
