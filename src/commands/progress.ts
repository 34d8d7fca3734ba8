import type { Io } from '../io.js';

/** A one-line progress counter on stderr, shown only on a terminal and only after the first second. */
export function indexProgress(io: Io): { onProgress: (done: number) => void; done: () => void } {
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    onProgress(done) {
      if (!io.stderrIsTTY) return;
      const now = Date.now();
      if (now - started < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      io.stderr(`\rindexing history: ${done} commits`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}
