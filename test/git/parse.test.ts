import { describe, expect, it } from 'vitest';
import { parseLsTree, parseRefs } from '../../src/git/parse.js';

describe('parseLsTree', () => {
  it('splits NUL-terminated records and keeps odd paths intact', () => {
    const oid = 'a'.repeat(40);
    const out = `100644 blob ${oid}\tsrc/a b.rs\x00120000 blob ${oid}\tlink.rs\x00160000 commit ${oid}\tvendor/sub\x00100644 blob ${oid}\tweird\nname.rs\x00`;
    expect(parseLsTree(out)).toEqual([
      { mode: '100644', type: 'blob', oid, path: 'src/a b.rs' },
      { mode: '120000', type: 'blob', oid, path: 'link.rs' },
      { mode: '160000', type: 'commit', oid, path: 'vendor/sub' },
      { mode: '100644', type: 'blob', oid, path: 'weird\nname.rs' },
    ]);
  });

  it('rejects output it does not understand instead of guessing', () => {
    expect(() => parseLsTree('garbage\x00')).toThrow(/unexpected ls-tree record/);
  });
});

describe('parseRefs', () => {
  it('peels annotated tags and drops refs that are not commits', () => {
    const c = 'c'.repeat(40);
    const t = 't'.repeat(40);
    const out = [
      `refs/heads/main\x00${c}\x00\x00commit\x00`,
      `refs/tags/v1\x00${t}\x00${c}\x00tag\x00commit`,
      `refs/tags/tree-tag\x00${t}\x00\x00tree\x00`,
    ].join('\n');
    expect(parseRefs(out)).toEqual([
      { name: 'refs/heads/main', commit: c },
      { name: 'refs/tags/v1', commit: c },
    ]);
  });
});
