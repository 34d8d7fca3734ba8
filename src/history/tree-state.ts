import type { FileChange } from '../git/log-stream.js';
import { listTree, type Repository } from '../git/repo.js';
import { selectTreeFiles } from './tree-files.js';

/** The `.rs` and `Cargo.toml` blobs of one commit's tree: path → blob id. */
export type TreeState = ReadonlyMap<string, string>;

export function isTrackedPath(path: string): boolean {
  return path.endsWith('.rs') || path === 'Cargo.toml' || path.endsWith('/Cargo.toml');
}

export function isManifestPath(path: string): boolean {
  return path === 'Cargo.toml' || path.endsWith('/Cargo.toml');
}

export function applyChanges(parent: TreeState, changes: readonly FileChange[]): Map<string, string> {
  const state = new Map(parent);
  for (const change of changes) {
    if (!isTrackedPath(change.path)) continue;
    // Symlinks and submodules are not source files (see selectTreeFiles).
    if (change.newOid === null || change.newMode === '120000' || change.newMode === '160000') state.delete(change.path);
    else state.set(change.path, change.newOid);
  }
  return state;
}

export async function treeStateOf(repo: Repository, commit: string): Promise<Map<string, string>> {
  const selection = selectTreeFiles(await listTree(repo, commit));
  const state = new Map<string, string>();
  for (const entry of [...selection.rust, ...selection.manifests]) state.set(entry.path, entry.oid);
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
    private readonly capacity = 256,
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
    this.misses++;
    const state = await treeStateOf(this.repo, commit);
    this.put(commit, state);
    return state;
  }
}
