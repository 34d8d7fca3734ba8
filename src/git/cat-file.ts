import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { GitMissingError } from '../errors.js';
import { gitEnvironment, PINNED_CONFIG } from './run-git.js';

export type BlobResult =
  | { readonly kind: 'found'; readonly oid: string; readonly bytes: Buffer }
  | { readonly kind: 'missing'; readonly oid: string };

/** Reads blobs by id; the history walk and snapshots share one. */
export interface BlobReader {
  read(oid: string): Promise<BlobResult>;
  /** Starts the reader now, for a caller that will read soon: the start-up overlaps other work. */
  prepare(): void;
  close(): Promise<void>;
  /** How many blobs were read from git (tests assert on it). */
  readonly reads: number;
}

interface Waiter {
  readonly oid: string;
  resolve(result: BlobResult): void;
  reject(error: Error): void;
}

/**
 * One long-lived `git cat-file --batch` child. Requests are pipelined: each response is framed by the
 * byte size in its header line, so binary or non-UTF-8 content cannot confuse the reader.
 */
export class CatFileBatch implements BlobReader {
  private started: ChildProcessByStdio<Writable, Readable, Readable> | null = null;
  private readonly waiters: Waiter[] = [];
  /**
   * Output not yet handed out, as received: most responses lie inside one pipe chunk and are handed
   * out as views of it; only a response that spans chunks is copied, and only its own bytes.
   */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Bytes the parts must hold before the next response can be complete. */
  private needed = 0;
  private failure: Error | null = null;
  private stderr = '';
  private pendingWrites: string[] = [];
  reads = 0;

  constructor(private readonly cwd: string) {}

  /** Started on the first read: a run answered from the index never spawns it. */
  private get child(): ChildProcessByStdio<Writable, Readable, Readable> {
    if (this.started) return this.started;
    const child = spawn('git', [...PINNED_CONFIG, 'cat-file', '--batch'], {
      cwd: this.cwd,
      env: gitEnvironment(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      this.fail(error.code === 'ENOENT' ? new GitMissingError(error.message) : error),
    );
    child.on('close', (code) => {
      if (this.waiters.length > 0) this.fail(new Error(`git cat-file --batch exited (${code}): ${this.stderr.trim()}`));
    });
    // A closed pipe surfaces through 'close'; without this handler EPIPE would crash the process.
    child.stdin.on('error', () => undefined);
    this.started = child;
    return child;
  }

  prepare(): void {
    if (!this.failure) void this.child;
  }

  read(oid: string): Promise<BlobResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (!/^[0-9a-f]{40,64}$/.test(oid)) return Promise.reject(new Error(`not an object id: ${oid}`));
    this.reads++;
    return new Promise((resolve, reject) => {
      this.waiters.push({ oid, resolve, reject });
      // Requests made before the event loop turns go out as one write: a history walk asks for
      // thousands of blobs from a chain of microtasks, and one write each costs more than the reads.
      if (this.pendingWrites.push(oid) === 1) {
        setImmediate(() => {
          const lines = `${this.pendingWrites.join('\n')}\n`;
          this.pendingWrites = [];
          this.child.stdin.write(lines);
        });
      }
    });
  }

  async close(): Promise<void> {
    const child = this.started;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  private onData(chunk: Buffer): void {
    this.parts.push(chunk);
    this.partBytes += chunk.length;
    while (this.parts.length > 0 && this.partBytes >= this.needed && this.failure === null) {
      const buffer = this.takeNeeded();
      const used = this.respond(buffer);
      if (used < buffer.length) {
        this.parts.unshift(buffer.subarray(used));
        this.partBytes += buffer.length - used;
      }
    }
  }

  /** The first part whole, or the first `needed` bytes of the parts joined (the rest stays, as a view). */
  private takeNeeded(): Buffer {
    if (this.parts.length === 1 || this.needed === 0) {
      const buffer = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partBytes);
      this.parts = [];
      this.partBytes = 0;
      return buffer;
    }
    const joined = Buffer.concat(this.parts, this.needed);
    // Before the last part came, the parts held less than `needed`: what is left over is the last part's end.
    const excess = this.partBytes - this.needed;
    const last = this.parts[this.parts.length - 1] as Buffer;
    this.parts = excess > 0 ? [last.subarray(last.length - excess)] : [];
    this.partBytes = excess;
    return joined;
  }

  /** Hands out the complete responses at the start of `buffer`; returns the bytes they took and sets `needed` for the rest. */
  private respond(buffer: Buffer): number {
    let at = 0;
    this.needed = 0;
    for (;;) {
      const waiter = this.waiters[0];
      if (!waiter || at === buffer.length) {
        if (at < buffer.length) this.needed = buffer.length - at + 1;
        return at;
      }
      const newline = buffer.indexOf(10, at);
      if (newline < 0) {
        this.needed = buffer.length - at + 1;
        return at;
      }
      const header = buffer.toString('utf8', at, newline);
      // Every response names the object asked for: anything else means the stream lost its framing.
      if (!header.startsWith(`${waiter.oid} `)) {
        this.fail(new Error(`unexpected cat-file header: ${header.slice(0, 120)}`));
        return buffer.length;
      }
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        at = newline + 1;
        this.waiters.shift();
        waiter.resolve({ kind: 'missing', oid: waiter.oid });
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (!Number.isInteger(size)) {
        this.fail(new Error(`unexpected cat-file header: ${header.slice(0, 120)}`));
        return buffer.length;
      }
      const end = newline + 1 + size;
      if (buffer.length < end + 1) {
        this.needed = end + 1 - at;
        return at;
      }
      // A view, not a copy: most blobs are looked at once by the prefilter and dropped.
      const bytes = buffer.subarray(newline + 1, end);
      at = end + 1;
      this.waiters.shift();
      waiter.resolve({ kind: 'found', oid: waiter.oid, bytes });
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}

/**
 * Answers `missing` for objects not in the local store without asking git: in a partial clone,
 * `cat-file` would otherwise try to fetch them (or die when fetching is disabled).
 */
export class LocalOnlyBlobReader implements BlobReader {
  constructor(
    private readonly inner: BlobReader,
    private readonly present: ReadonlySet<string>,
  ) {}

  get reads(): number {
    return this.inner.reads;
  }

  prepare(): void {
    this.inner.prepare();
  }

  /** Blobs asked for that were never fetched: an answer that needed them is incomplete. */
  readonly missed = new Set<string>();

  read(oid: string): Promise<BlobResult> {
    if (!this.present.has(oid)) {
      this.missed.add(oid);
      return Promise.resolve({ kind: 'missing', oid });
    }
    return this.inner.read(oid);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
