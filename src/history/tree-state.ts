import type { FileChange } from '../git/log-stream.js';
import { listTree, type Repository } from '../git/repo.js';
import type { TreeEntry } from '../git/parse.js';
import { CONFIG_PATH } from '../model/wrapper-config.js';
import { LayeredState } from './layered-state.js';
import { selectTreeFiles } from './tree-files.js';

/**
 * The blobs of one commit's tree that matter to resolution: path → blob id of every manifest and of
 * every `.rs` file whose facts are relevant. Plain code files are left out, which keeps states small.
 */
export type TreeState = ReadonlyMap<string, string>;

export type RelevanceCheck = (oid: string, path: string) => Promise<boolean>;

export function isTrackedPath(path: string): boolean {
  return path.endsWith('.rs') || isManifestPath(path) || path === CONFIG_PATH;
}

export function isManifestPath(path: string): boolean {
  return path === 'Cargo.toml' || path.endsWith('/Cargo.toml');
}

/** The child's state, or the parent's own object when no change touches a relevant blob. */
export async function applyChanges(parent: TreeState, changes: readonly FileChange[], relevant: RelevanceCheck): Promise<TreeState> {
  const flags = await Promise.all(
    changes.map((c) =>
      !isTrackedPath(c.path) || c.newOid === null || c.newMode === '120000' || c.newMode === '160000'
        ? Promise.resolve(false)
        : relevant(c.newOid, c.path),
    ),
  );
  const written = new Map<string, string | null>();
  changes.forEach((change, i) => {
    if (!isTrackedPath(change.path)) return;
    if (flags[i] === true) written.set(change.path, change.newOid as string);
    else if (parent.has(change.path)) written.set(change.path, null);
  });
  return written.size === 0 ? parent : LayeredState.over(parent, written);
}

export async function treeStateOf(repo: Repository, commit: string, relevant: RelevanceCheck): Promise<Map<string, string>> {
  return treeStateOfEntries(await listTree(repo, commit), relevant);
}

/** The state of a tree already listed. */
export async function treeStateOfEntries(tree: readonly TreeEntry[], relevant: RelevanceCheck): Promise<Map<string, string>> {
  const selection = selectTreeFiles(tree);
  const config = tree.filter((e) => e.path === CONFIG_PATH && e.type === 'blob');
  const entries = [...selection.rust, ...selection.manifests, ...config];
  const flags = await Promise.all(entries.map((e) => relevant(e.oid, e.path)));
  const state = new Map<string, string>();
  entries.forEach((e, i) => {
    if (flags[i]) state.set(e.path, e.oid);
  });
  return state;
}

/**
 * Recently computed tree states, so a child finds its parent's state without asking git.
 * Walking in topological order keeps most parents within reach; a miss costs one `git ls-tree`.
 */
export class TreeStateCache {
  private readonly states = new Map<string, TreeState>();
  misses = 0;

  constructor(
    private readonly repo: Repository,
    private readonly relevant: RelevanceCheck,
    /** States kept from an earlier run (the ref tips'), tried before asking git. */
    private readonly stored: (commit: string) => TreeState | undefined = () => undefined,
    private readonly capacity = 512,
  ) {}

  put(commit: string, state: TreeState): void {
    this.states.delete(commit);
    this.states.set(commit, state);
    if (this.states.size > this.capacity) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
  }

  async get(commit: string): Promise<TreeState> {
    const hit = this.states.get(commit);
    if (hit) return hit;
    const kept = this.stored(commit);
    if (kept) {
      this.put(commit, kept);
      return kept;
    }
    this.misses++;
    const state = await treeStateOf(this.repo, commit, this.relevant);
    this.put(commit, state);
    return state;
  }
}
