/** Web links to commits, built from a remote URL or a user template. Pure: reading the config is the caller's job. */

export type ForgeKind = 'github' | 'gitlab' | 'gitea';

export interface RemoteLocation {
  /** Host as a browser reaches it, with a port only when the remote URL was HTTP(S) and named one. */
  readonly host: string;
  /** `owner/repo`, or `group/subgroup/repo` on GitLab; no `.git`. */
  readonly path: string;
  readonly scheme: 'https' | 'http';
}

/** The placeholder `--commit-url` templates use for the full commit id. */
export const SHA_PLACEHOLDER = '{sha}';

/**
 * Host and project path of a remote URL: scp-like `git@host:o/r.git`, `ssh://git@host[:port]/g/r.git`,
 * `git://`, `git+ssh://`, and `http(s)://[user[:token]@]host[:port]/o/r[.git]`. Credentials are dropped
 * so a token in the remote never reaches the output. `null` for local paths and `file://` URLs.
 */
export function parseRemoteUrl(url: string): RemoteLocation | null {
  const text = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(text);
  if (scheme) {
    const protocol = (scheme[1] as string).toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(protocol)) return null;
    const rest = scheme[2] as string;
    const slash = rest.indexOf('/');
    if (slash <= 0) return null;
    const authority = rest.slice(0, slash).replace(/^.*@/, '');
    const web = protocol === 'https' || protocol === 'http';
    // An SSH or git-protocol port says nothing about the web server's port.
    const host = web ? authority : authority.replace(/:\d*$/, '');
    return location(host, rest.slice(slash + 1), protocol === 'http' ? 'http' : 'https');
  }
  // scp-like syntax: `[user@]host:path`, where host has no slash before the colon (else it is a local path).
  const scp = /^(?:[^@/:]+@)?([^@/:]+):(.+)$/.exec(text);
  if (scp && !/^[a-zA-Z]$/.test(scp[1] as string)) return location(scp[1] as string, scp[2] as string, 'https');
  return null;
}

function location(host: string, rawPath: string, scheme: 'https' | 'http'): RemoteLocation | null {
  const path = rawPath
    .replace(/^~[^/]*\//, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/^\/+/, '');
  if (host === '' || path === '' || !path.includes('/')) return null;
  return { host: host.toLowerCase(), path, scheme };
}

/** GitHub, GitLab and Gitea (Forgejo, Codeberg) by host name; self-hosted ones must say so in their name. */
export function forgeOf(host: string): ForgeKind | null {
  const name = host.replace(/:\d+$/, '');
  const labels = name.split('.');
  if (name === 'github.com' || name.endsWith('.ghe.com') || labels.includes('github')) return 'github';
  if (labels.includes('gitlab')) return 'gitlab';
  if (name === 'codeberg.org' || labels.includes('gitea') || labels.includes('forgejo')) return 'gitea';
  return null;
}

/** A `{sha}` template for the remote's commit pages, or `null` for an unknown host. */
export function commitUrlTemplate(remoteUrl: string): string | null {
  const remote = parseRemoteUrl(remoteUrl);
  if (remote === null) return null;
  const forge = forgeOf(remote.host);
  if (forge === null) return null;
  const base = `${remote.scheme}://${remote.host}/${remote.path}`;
  return forge === 'gitlab' ? `${base}/-/commit/${SHA_PLACEHOLDER}` : `${base}/commit/${SHA_PLACEHOLDER}`;
}

/** Fills every `{sha}` of the template with the full commit id. */
export function commitUrl(template: string, sha: string): string {
  return template.split(SHA_PLACEHOLDER).join(sha);
}
