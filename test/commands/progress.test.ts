import { describe, expect, it } from 'vitest';
import { indexProgress, startupProgress } from '../../src/commands/progress.js';
import type { Io } from '../../src/io.js';

function capture(stderrIsTTY: boolean): { io: Io; err: string[] } {
  const err: string[] = [];
  const io: Io = { stdout: () => undefined, stderr: (t) => err.push(t), isTTY: false, stderrIsTTY, color: false, columns: Number.POSITIVE_INFINITY, env: {}, cwd: '/' };
  return { io, err };
}

describe('indexProgress', () => {
  it('off a terminal, writes a plain line every five seconds and a closing line, never a carriage return', () => {
    const { io, err } = capture(false);
    let clock = 0;
    const progress = indexProgress(io, () => clock);
    for (let commits = 1; commits <= 120; commits++) {
      clock = commits * 100;
      progress.onProgress({ commits, blobsRead: commits * 3, parsed: commits });
    }
    progress.done();
    expect(err).toEqual([
      'indexing history: 50 commits, 150 blobs read, 50 parsed, 5 s\n',
      'indexing history: 100 commits, 300 blobs read, 100 parsed, 10 s\n',
      'indexed history: 120 commits, 360 blobs read, 120 parsed, 12 s\n',
    ]);
  });

  it('says nothing for a walk shorter than the first interval', () => {
    const { io, err } = capture(false);
    let clock = 0;
    const progress = indexProgress(io, () => clock);
    clock = 900;
    progress.onProgress({ commits: 3, blobsRead: 4, parsed: 1 });
    progress.done();
    expect(err).toEqual([]);
  });

  it('on a terminal, redraws one line in place after the first second and clears it at the end', () => {
    const { io, err } = capture(true);
    let clock = 0;
    const progress = indexProgress(io, () => clock);
    clock = 500;
    progress.onProgress({ commits: 1, blobsRead: 1, parsed: 0 });
    clock = 1500;
    progress.onProgress({ commits: 2, blobsRead: 5, parsed: 1 });
    progress.done();
    expect(err).toEqual(['\rindexing history: 2 commits, 5 blobs read, 1 parsed, 2 s\x1b[K', '\r\x1b[K']);
  });
});

describe('startupProgress', () => {
  it('off a terminal, names the ref and counts files read and parsed every five seconds, then once at the end', () => {
    const { io, err } = capture(false);
    let clock = 0;
    const progress = startupProgress(io, 'v1.4.0', () => clock);
    progress.onProgress({ files: 100, of: 2000, parsed: 0 });
    for (let files = 101; files <= 2000; files++) {
      clock = (files - 100) * 5;
      progress.onProgress({ files, of: 2000, parsed: files - 100 });
    }
    progress.done();
    expect(err).toEqual([
      'reading start-up paths at v1.4.0: 1100 of 2000 files, 1000 parsed, 5 s\n',
      'read start-up paths at v1.4.0: 2000 of 2000 files, 1900 parsed, 10 s\n',
    ]);
  });

  it('says nothing when the stored answer serves or the code is read within the first interval', () => {
    const { io, err } = capture(false);
    let clock = 0;
    const progress = startupProgress(io, 'main', () => clock);
    clock = 4000;
    progress.onProgress({ files: 12, of: 12, parsed: 12 });
    progress.done();
    startupProgress(io, 'main', () => clock).done();
    expect(err).toEqual([]);
  });
});
