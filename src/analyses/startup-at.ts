import { startupFingerprint } from '../extract/pool/startup-fingerprint.js';
import type { AnalysisContext } from '../history/analysis-context.js';
import { commitAndTree } from '../history/snapshot.js';
import { startupInputsAt, type StartupProgress } from '../history/startup-sources.js';
import { VERSION } from '../version.js';
import { analyzeStartup, type StartupAnalysis } from './startup.js';

/** Bump whenever `analyzeStartup` can answer differently for the same inputs (stored answers are keyed by it). */
const STARTUP_ANALYSIS_VERSION = '1';

/** The start-up analysis of one commit, with what was noticed on the way. */
export interface StartupAtCommit {
  readonly commit: string;
  readonly analysis: StartupAnalysis;
  /** From listing the commit's metrics: unreadable blobs, syntax errors where a registration could be. */
  readonly listingWarnings: readonly string[];
  /** From reading the code's start-up paths. */
  readonly pathWarnings: readonly string[];
}

/** Stored only when every blob was read: a partial clone may answer differently once they are here. */
type StoredStartup = Omit<StartupAtCommit, 'commit'> & { readonly complete: boolean };

export interface StartupAtOptions {
  /** Also ask about metrics of test code. */
  readonly includeTests: boolean;
  /** Called as the code is read (not when the stored answer serves). */
  readonly onProgress?: (progress: StartupProgress) => void;
}

/**
 * Start-up analysis of the commit `ref` names, from the stored answer when the same tree was analysed
 * before by the same version (one file instead of every blob of a workspace), else computed and
 * stored when every blob could be read.
 */
export async function startupAt(context: AnalysisContext, ref: string, options: StartupAtOptions): Promise<StartupAtCommit> {
  const { commit, tree } = await commitAndTree(context.repo, ref, context.blobs);
  const key = tree === null ? null : `${tree}.startup-${options.includeTests ? 'all' : 'non-test'}-${VERSION}-${STARTUP_ANALYSIS_VERSION}-${startupFingerprint().slice(0, 16)}`;
  const stored = key === null ? null : context.snapshots.read<StoredStartup>(key);
  if (stored !== null) {
    const { complete: _complete, ...found } = stored;
    return { commit, ...found };
  }

  const { snapshot, sources } = await startupInputsAt(context.repo, ref, commit, context, options.onProgress);
  const metrics = options.includeTests ? snapshot.metrics : snapshot.metrics.filter((m) => !m.test);
  const found = { analysis: analyzeStartup(metrics, sources.files, sources.crates), listingWarnings: snapshot.warnings, pathWarnings: sources.warnings };
  if (key !== null) context.snapshots.write(key, { complete: snapshot.complete && sources.complete, ...found } satisfies StoredStartup);
  return { commit, ...found };
}
