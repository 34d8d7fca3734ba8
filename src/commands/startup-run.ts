import { startupAt, type StartupAtCommit } from '../analyses/startup-at.js';
import type { Io } from '../io.js';
import { startupProgress } from './progress.js';
import type { OpenedRepository } from './repository-run.js';

/**
 * Start-up analysis of `ref` (see `startupAt`) for a command, drawing its progress on stderr while it
 * reads the code; `named` is how the progress names the commit (the ref the user gave), `ref` by default.
 */
export async function startupWithProgress(opened: OpenedRepository, io: Io, ref: string, options: { readonly includeTests: boolean; readonly named?: string }): Promise<StartupAtCommit> {
  const progress = startupProgress(io, options.named ?? ref);
  try {
    return await startupAt(opened.context, ref, { includeTests: options.includeTests, onProgress: progress.onProgress });
  } finally {
    progress.done();
  }
}
