import { parse as parseToml } from 'smol-toml';

export interface LockedPackages {
  /** Packages from a registry or git: what the build pulls in, direct or transitive. */
  readonly packages: readonly string[];
  readonly warning: string | null;
}

/**
 * The external packages of a `Cargo.lock`. Packages without a `source` are the workspace's own
 * (path) crates, which are left out: their metrics are the repository's code, not a dependency's.
 */
export function lockedPackages(text: string, file: string): LockedPackages {
  let parsed: unknown;
  try {
    parsed = parseToml(text);
  } catch (error) {
    return { packages: [], warning: `${file}: not valid TOML (${(error as Error).message.split('\n')[0]}); its dependencies are unknown` };
  }
  const list = (parsed as Record<string, unknown>)['package'];
  if (!Array.isArray(list)) return { packages: [], warning: null };
  const packages = new Set<string>();
  for (const entry of list as unknown[]) {
    if (entry === null || typeof entry !== 'object') continue;
    const { name, source } = entry as Record<string, unknown>;
    if (typeof name === 'string' && typeof source === 'string') packages.add(name);
  }
  return { packages: [...packages].sort(), warning: null };
}
