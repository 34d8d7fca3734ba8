import type { CommitInfo } from '../git/repo.js';
import { terminalText } from './terminal-text.js';

/** Subject, author and date of each commit a renderer names, as git gave them. */
export type CommitInfos = ReadonlyMap<string, CommitInfo>;

export function shortSha(commit: string): string {
  return commit.slice(0, 10);
}

export function describeCommit(commit: string, infos: CommitInfos): string {
  const info = infos.get(commit);
  if (!info) return shortSha(commit);
  return `${shortSha(commit)}  "${terminalText(info.subject)}"  ${terminalText(info.author)}  ${terminalText(info.date.slice(0, 10))}`;
}
