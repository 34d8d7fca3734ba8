/** Shallow and partial clones of a git fixture, for the repository shapes CI checkouts have. */
import fs from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

import { configureRepository, makeTempDir, openScenario, type Scenario } from './git-fixture.js';
import { runGitOrThrow } from './isolated-git.js';

export interface CloneOptions {
  /** Branch to check out (and, for a shallow clone, the only branch fetched unless `allBranches`). */
  readonly branch?: string;
  readonly allBranches?: boolean;
  readonly noCheckout?: boolean;
}

/** `git clone --depth <depth>` over file:// (git ignores --depth for plain local paths). */
export function cloneShallow(source: Scenario | string, depth: number, options: CloneOptions = {}): Scenario {
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`cloneShallow: depth must be a positive integer, got ${depth}`);
  const args = ['--depth', String(depth)];
  if (options.allBranches) args.push('--no-single-branch');
  return cloneInto(source, args, options, 'provenance-shallow-');
}

/** A blobless partial clone (`--filter=blob:none`); blobs are fetched lazily from the source. */
export function clonePartial(source: Scenario | string, options: CloneOptions = {}): Scenario {
  const sourceDir = typeof source === 'string' ? source : source.dir;
  runGitOrThrow(sourceDir, ['config', 'uploadpack.allowFilter', 'true']);
  runGitOrThrow(sourceDir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  return cloneInto(source, ['--filter=blob:none'], options, 'provenance-partial-');
}

function cloneInto(
  source: Scenario | string,
  extraArgs: readonly string[],
  options: CloneOptions,
  prefix: string,
): Scenario {
  const sourceDir = typeof source === 'string' ? source : source.dir;
  const dir = makeTempDir(prefix);
  const args = ['clone', '--quiet', ...extraArgs];
  if (options.branch !== undefined) args.push('--branch', options.branch);
  if (options.noCheckout) args.push('--no-checkout');
  args.push('--', pathToFileURL(sourceDir).href, dir);
  try {
    runGitOrThrow(os.tmpdir(), args);
    configureRepository(dir);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return openScenario(dir, { firstTick: typeof source === 'string' ? 0 : source.ticks });
}
