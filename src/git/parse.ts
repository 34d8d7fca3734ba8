/** Pure parsers for git's NUL-separated output formats. */

export interface TreeEntry {
  readonly mode: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly oid: string;
  readonly path: string;
}

/** `git ls-tree -r -z` records: `<mode> SP <type> SP <oid> TAB <path> NUL`. */
export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    if (tab < 0 || !mode || !oid || (type !== 'blob' && type !== 'tree' && type !== 'commit')) {
      throw new Error(`unexpected ls-tree record: ${JSON.stringify(record.slice(0, 200))}`);
    }
    entries.push({ mode, type, oid, path: record.slice(tab + 1) });
  }
  return entries;
}

/** `git for-each-ref` records `refname NUL object NUL peeled NUL type NUL peeled-type`, one per line. */
export interface RefRecord {
  readonly name: string;
  /** The commit the ref points at (peeled through annotated tags). */
  readonly commit: string;
}

/** Annotated tags of annotated tags (`t2` → `t1` → commit): for-each-ref peels only one level. */
export function nestedTagNames(output: string): string[] {
  const names: string[] = [];
  for (const line of output.split('\n')) {
    const [name, , , type, peeledType] = line.split('\0');
    if (name && type === 'tag' && peeledType === 'tag') names.push(name);
  }
  return names;
}

export function parseRefs(output: string): RefRecord[] {
  const refs: RefRecord[] = [];
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const [name, object, peeled, type, peeledType] = line.split('\0');
    if (!name || !object) continue;
    // Tags of trees or blobs, and symbolic refs to nothing, are not commits.
    if (type !== undefined && (peeledType || type) !== 'commit') continue;
    refs.push({ name, commit: peeled ? peeled : object });
  }
  return refs;
}
