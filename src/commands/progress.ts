import type { Io } from '../io.js';
import type { IndexProgress } from '../history/index-run.js';
import type { StartupProgress } from '../history/startup-sources.js';

/** Off a terminal (CI logs, `2> file`), a plain line this often; on one, a line redrawn in place. */
const PLAIN_EVERY_MS = 5000;
const REDRAW_EVERY_MS = 100;

/** Progress of one long step, drawn on stderr: what it calls itself while it runs, and once it is done. */
interface ProgressWording<P> {
  describe(progress: P, elapsedMs: number): string;
  finished(progress: P, elapsedMs: number): string;
}

export interface StderrProgress<P> {
  readonly onProgress: (progress: P) => void;
  readonly done: () => void;
}

/**
 * Progress on stderr, never stdout: redrawn on a terminal after the first second, otherwise a plain
 * line every five seconds, so that a long run shows signs of life in a log. A run shorter than the
 * first interval says nothing.
 */
function stderrProgress<P>(io: Io, wording: ProgressWording<P>, now: () => number): StderrProgress<P> {
  const started = now();
  let drawn = false;
  let lines = 0;
  let last = started;
  let latest: P | null = null;
  return {
    onProgress(progress) {
      latest = progress;
      const at = now();
      if (io.stderrIsTTY) {
        if (at - started < 1000 || at - last < REDRAW_EVERY_MS) return;
        last = at;
        drawn = true;
        io.stderr(`\r${wording.describe(progress, at - started)}\x1b[K`);
      } else if (at - last >= PLAIN_EVERY_MS) {
        last = at;
        lines++;
        io.stderr(`${wording.describe(progress, at - started)}\n`);
      }
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
      else if (lines > 0 && latest !== null) io.stderr(`${wording.finished(latest, now() - started)}\n`);
    },
  };
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

function walked(progress: IndexProgress): string {
  return `${progress.commits} commits, ${progress.blobsRead} blobs read, ${progress.parsed} parsed`;
}

/** A history walk's progress. */
export function indexProgress(io: Io, now: () => number = Date.now): StderrProgress<IndexProgress> {
  return stderrProgress(
    io,
    {
      describe: (p, ms) => `indexing history: ${walked(p)}, ${seconds(ms)}`,
      finished: (p, ms) => `indexed history: ${walked(p)}, ${seconds(ms)}`,
    },
    now,
  );
}

/** Reading the code of one commit for its start-up paths (most of a workspace's files when nothing is cached). */
export function startupProgress(io: Io, ref: string, now: () => number = Date.now): StderrProgress<StartupProgress> {
  const read = (p: StartupProgress): string => `${p.files} of ${p.of} files, ${p.parsed} parsed`;
  return stderrProgress(
    io,
    {
      describe: (p, ms) => `reading start-up paths at ${ref}: ${read(p)}, ${seconds(ms)}`,
      finished: (p, ms) => `read start-up paths at ${ref}: ${read(p)}, ${seconds(ms)}`,
    },
    now,
  );
}
