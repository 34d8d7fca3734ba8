import type { Io } from '../io.js';
import type { IndexProgress } from '../history/index-run.js';

/** Off a terminal (CI logs, `2> file`), a plain line this often; on one, a line redrawn in place. */
const PLAIN_EVERY_MS = 5000;
const REDRAW_EVERY_MS = 100;

function describe(progress: IndexProgress, elapsedMs: number): string {
  return `indexing history: ${progress.commits} commits, ${progress.blobsRead} blobs read, ${progress.parsed} parsed, ${Math.round(elapsedMs / 1000)} s`;
}

/**
 * Progress of a history walk on stderr, never stdout: redrawn on a terminal after the first second,
 * otherwise a plain line every five seconds, so that a long first index shows signs of life in a log.
 */
export function indexProgress(io: Io, now: () => number = Date.now): { onProgress: (progress: IndexProgress) => void; done: () => void } {
  const started = now();
  let drawn = false;
  let lines = 0;
  let last = started;
  let latest: IndexProgress | null = null;
  return {
    onProgress(progress) {
      latest = progress;
      const at = now();
      if (io.stderrIsTTY) {
        if (at - started < 1000 || at - last < REDRAW_EVERY_MS) return;
        last = at;
        drawn = true;
        io.stderr(`\r${describe(progress, at - started)}\x1b[K`);
      } else if (at - last >= PLAIN_EVERY_MS) {
        last = at;
        lines++;
        io.stderr(`${describe(progress, at - started)}\n`);
      }
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
      else if (lines > 0 && latest !== null) io.stderr(`${describe(latest, now() - started).replace('indexing history', 'indexed history')}\n`);
    },
  };
}
