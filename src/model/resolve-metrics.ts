import { combineResolutions, type CombinedResolution } from './combine-resolutions.js';
import type { CrateInfo } from './crate-layout.js';
import { resolveFile, type FileResolution, type ResolutionContext } from './file-resolution.js';
import { libraryMismatch } from './library-attribution.js';
import { ModuleIndex, type SourceFile } from './module-index.js';
import { NO_WRAPPER_CONFIG, type WrapperConfig } from './wrapper-config.js';
import { WrapperSet, type Wrapper } from './wrapper-set.js';

/** A wrapper of the tree and what its calls registered. */
export interface WrapperUse {
  readonly wrapper: Wrapper;
  /** Metrics registered through it (directly or through a wrapper of it), test code included. */
  readonly registrations: number;
  /** Calls through it whose name could not be computed. */
  readonly unresolved: number;
}

export interface ResolvedMetrics extends CombinedResolution {
  readonly wrappers: readonly WrapperUse[];
}

/** The wrappers of a tree (its functions and macros, and the configured ones). */
export function wrapperSetOf(files: readonly SourceFile[], crates: readonly CrateInfo[], config: WrapperConfig = NO_WRAPPER_CONFIG): WrapperSet {
  return new WrapperSet(files, crates, config, libraryMismatch);
}

/** Turns per-file registrations into exposed metrics, resolving names, registries and tests across the tree. */
export function resolveMetrics(files: readonly SourceFile[], crates: readonly CrateInfo[], config: WrapperConfig = NO_WRAPPER_CONFIG): ResolvedMetrics {
  const wrappers = wrapperSetOf(files, crates, config);
  const context: ResolutionContext = { index: new ModuleIndex(files, crates), files, wrappers };
  const results = files.map((file) => resolveFile(file, context));
  return { ...combineResolutions(results, files), wrappers: wrapperUses(wrappers, results) };
}

function wrapperUses(wrappers: WrapperSet, results: readonly FileResolution[]): WrapperUse[] {
  const counts = new Map<string, [number, number]>();
  for (const result of results) {
    for (const [id, [resolved, unresolved]] of Object.entries(result.wrapperCounts)) {
      const count = counts.get(id) ?? [0, 0];
      counts.set(id, [count[0] + resolved, count[1] + unresolved]);
    }
  }
  return wrappers.wrappers.map((wrapper) => {
    const [registrations, unresolved] = counts.get(wrapper.id) ?? [0, 0];
    return { wrapper, registrations, unresolved };
  });
}

