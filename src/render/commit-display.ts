import { commitUrl } from '../git/remote-url.js';
import { shortSha, type CommitInfos } from './commit-infos.js';
import { markdownText, safeLinkUrl } from './markdown-text.js';

/** How commits are shown: subjects from git, and a `{sha}` URL template when links can be built. */
export interface CommitDisplay {
  readonly infos: CommitInfos;
  readonly urlTemplate: string | null;
}

export function markdownCommit(commit: string, display: CommitDisplay): string {
  const sha = `\`${shortSha(commit)}\``;
  // A URL from remote.origin.url or --commit-url becomes a link only when nothing in it can break out.
  const url = display.urlTemplate === null ? null : safeLinkUrl(commitUrl(display.urlTemplate, commit));
  const link = url === null ? sha : `[${sha}](${url})`;
  const subject = display.infos.get(commit)?.subject;
  return subject === undefined ? link : `${link} "${markdownText(subject)}"`;
}
