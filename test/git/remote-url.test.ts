import { describe, expect, it } from 'vitest';
import { commitUrl, commitUrlTemplate, forgeOf, parseRemoteUrl } from '../../src/git/remote-url.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('commitUrlTemplate', () => {
  it.each([
    ['git@github.com:o/r.git', 'https://github.com/o/r/commit/{sha}'],
    ['https://github.com/o/r', 'https://github.com/o/r/commit/{sha}'],
    ['https://github.com/o/r.git', 'https://github.com/o/r/commit/{sha}'],
    ['https://github.com/o/r/', 'https://github.com/o/r/commit/{sha}'],
    ['ssh://git@github.com/o/r.git', 'https://github.com/o/r/commit/{sha}'],
    ['git://github.com/o/r.git', 'https://github.com/o/r/commit/{sha}'],
    ['github.com:o/r', 'https://github.com/o/r/commit/{sha}'],
    ['ssh://git@gitlab.example.com/g/r.git', 'https://gitlab.example.com/g/r/-/commit/{sha}'],
    ['ssh://git@gitlab.example.com:2222/g/sub/r.git', 'https://gitlab.example.com/g/sub/r/-/commit/{sha}'],
    ['git@gitlab.com:g/sub/r.git', 'https://gitlab.com/g/sub/r/-/commit/{sha}'],
    ['https://gitlab.com/g/r.git', 'https://gitlab.com/g/r/-/commit/{sha}'],
    ['https://gitea.example.com:3000/o/r.git', 'https://gitea.example.com:3000/o/r/commit/{sha}'],
    ['git@codeberg.org:o/r.git', 'https://codeberg.org/o/r/commit/{sha}'],
    ['http://github.internal.example/o/r', 'http://github.internal.example/o/r/commit/{sha}'],
  ])('%s → %s', (remote, template) => {
    expect(commitUrlTemplate(remote)).toBe(template);
  });

  it('drops credentials embedded in an HTTPS remote', () => {
    expect(commitUrlTemplate('https://x-access-token:ghp_secret@github.com/o/r.git')).toBe('https://github.com/o/r/commit/{sha}');
  });

  it.each([
    ['git@git.example.com:o/r.git'],
    ['https://bitbucket.org/o/r.git'],
    ['/srv/git/r.git'],
    ['file:///srv/git/r.git'],
    ['../r'],
    ['C:\\repos\\r'],
    ['https://github.com/o'],
  ])('%s gives no links', (remote) => {
    expect(commitUrlTemplate(remote)).toBeNull();
  });
});

describe('parseRemoteUrl and forgeOf', () => {
  it('keeps an HTTPS port but not an SSH one', () => {
    expect(parseRemoteUrl('https://git.example.com:8443/o/r')).toEqual({ host: 'git.example.com:8443', path: 'o/r', scheme: 'https' });
    expect(parseRemoteUrl('ssh://git@git.example.com:2222/o/r.git')).toEqual({ host: 'git.example.com', path: 'o/r', scheme: 'https' });
  });

  it('recognises forges by host name', () => {
    expect([forgeOf('github.com'), forgeOf('gitlab.example.com'), forgeOf('gitea.example.com:3000'), forgeOf('example.com')]).toEqual([
      'github',
      'gitlab',
      'gitea',
      null,
    ]);
  });

  it('fills every {sha}', () => {
    expect(commitUrl('https://host/{sha}?from={sha}', SHA)).toBe(`https://host/${SHA}?from=${SHA}`);
  });
});
