import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { findPackageRoot } from '../../util/package-root.js';
import { EMPTY_FACTS } from '../empty-facts.js';
import type { ExtractionKind } from './extraction-kind.js';
import type { BlobFacts, Diagnostic } from '../facts.js';
import type { StartupFacts } from '../startup/fact-types.js';

interface Pending {
  /** A caller is blocked on it. */
  readonly urgent: boolean;
  readonly resolve: (facts: unknown) => void;
  /** What the caller gets when the worker dies first. */
  readonly crashed: (reason: string) => unknown;
}

/** A blob waiting for a worker: its own copy of the bytes, moved to the worker when it is posted. */
interface Job extends Pending {
  readonly kind: ExtractionKind;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly path: string;
}

/**
 * Blobs of each urgency posted to one worker at a time: enough that it never waits for the next
 * message, few enough that the worker holds little. An urgent blob (one a caller is blocked on) does
 * not wait for a read-ahead slot, and the worker takes it before the read-ahead ones it holds.
 */
const IN_FLIGHT = 2;

/** How urgently the caller needs a blob's facts: `now` when it is blocked on them, `ahead` when reading ahead. */
export type Urgency = 'now' | 'ahead';

/** Enough for the largest file extracted (2 MiB); tree-sitter's own trees live outside this heap. */
const WORKER_HEAP_MB = 160;
/** A worker's young generation: parsing allocates short-lived nodes, and a small nursery keeps its memory small. */
const WORKER_YOUNG_MB = 8;

/**
 * What a run parses, which decides how many workers it starts:
 * - `listing`: one tree's metrics. The main thread reads and classifies every blob of the tree while
 *   a few dozen files are parsed, so one core is left to it.
 * - `whole-tree`: most of a tree's files (start-up extraction, `list --verbose`), parsed while the main
 *   thread waits: every core parses.
 * - `history-walk`: the walk's own thread is busy classifying blobs and resolving sets; one core is
 *   left to it, and more than two workers only cost memory (that thread is then what limits it).
 */
export type PoolWork = 'listing' | 'whole-tree' | 'history-walk';

/** How many workers a run of this kind starts on a machine with `cores` cores. */
export function poolSize(work: PoolWork, cores = os.availableParallelism()): number {
  if (work === 'whole-tree') return Math.max(1, Math.min(4, cores));
  return Math.max(1, Math.min(work === 'listing' ? 4 : 2, cores - 1));
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  alive: boolean;
}

/** How many of a worker's blobs are urgent (it holds a few at most). */
function urgentHeld(worker: PoolWorker): number {
  let count = 0;
  for (const pending of worker.pending.values()) if (pending.urgent) count++;
  return count;
}

/** Loaded when the first worker starts: most runs (anything answered from the index) never start one. */
function workerThreads(): typeof import('node:worker_threads') {
  return createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
}

/** A worker that dies is replaced, but only this many times in one run: a blob that kills every worker must not loop. */
const MAX_RESPAWNS = 3;

export const EXTRACTION_FAILED = 'extraction failed';

/** Whether a worker died on the blob: not a property of the blob, so its facts are not cached and the next run tries again. */
export function extractionCrashed(facts: { readonly diagnostics: readonly Diagnostic[] }): boolean {
  return facts.diagnostics.some((d) => d.severity === 'error' && d.message.startsWith(EXTRACTION_FAILED));
}

/**
 * The built worker; tests run from src/ but the worker must be plain JavaScript, so both use dist/.
 * The bundled one starts several times faster than the compiled modules (one file instead of ~50).
 */
export function extractWorkerScript(): string | null {
  const dist = path.join(findPackageRoot(import.meta.url), 'dist');
  return [path.join(dist, 'bundle', 'extract-worker.js'), path.join(dist, 'extract', 'pool', 'extract-worker.js')].find((script) => existsSync(script)) ?? null;
}

/**
 * Parses blobs on worker threads so a cold index uses every core. A worker that dies (a crash in
 * the native parser) turns its pending blobs into error diagnostics; it never takes the run down.
 */
export class ExtractorPool {
  private workers: PoolWorker[] = [];
  private nextId = 0;
  private respawns = 0;

  constructor(
    private readonly script: string,
    size = poolSize('listing'),
  ) {
    this.growTo(size);
  }

  /** Workers started and not dead for good (a dead one is replaced while respawns last). */
  get size(): number {
    return this.workers.filter((w) => w.alive).length;
  }

  /** Starts workers until there are `size` (a listing's pool grows when start-up extraction follows it). */
  growTo(size: number): void {
    while (this.workers.length < size) this.workers.push(this.spawn());
    this.dispatch();
  }

  extract(bytes: Buffer, filePath: string, urgency: Urgency = 'now'): Promise<BlobFacts> {
    return this.run('facts', bytes, filePath, crashedFacts, urgency);
  }

  extractStartup(bytes: Buffer, filePath: string): Promise<StartupFacts> {
    return this.run('startup', bytes, filePath, crashedStartupFacts, 'now');
  }

  /** Blobs not yet posted to a worker, the urgent ones first. */
  private readonly waitingNow: Job[] = [];
  private readonly waitingAhead: Job[] = [];

  private run<T>(kind: ExtractionKind, bytes: Buffer, filePath: string, crashed: (reason: string) => T, urgency: Urgency): Promise<T> {
    return new Promise<T>((resolve) => {
      // An exact copy, moved rather than cloned: `bytes` may be a view into a larger read buffer,
      // and cloning a view copies all of the memory behind it.
      const job: Job = { kind, bytes: new Uint8Array(bytes), path: filePath, urgent: urgency === 'now', resolve: resolve as (facts: unknown) => void, crashed };
      (job.urgent ? this.waitingNow : this.waitingAhead).push(job);
      this.dispatch();
    });
  }

  /** Posts waiting blobs to the workers with room, the least loaded first: urgent ones while a worker holds fewer than IN_FLIGHT urgent ones. */
  private dispatch(): void {
    for (;;) {
      const alive = this.workers.filter((w) => w.alive);
      if (alive.length === 0) {
        for (const job of [...this.waitingNow.splice(0), ...this.waitingAhead.splice(0)]) job.resolve(job.crashed('no extractor worker is left'));
        return;
      }
      const urgent = this.waitingNow.length > 0;
      if (!urgent && this.waitingAhead.length === 0) return;
      const load = urgent ? urgentHeld : (w: PoolWorker) => w.pending.size;
      const target = alive.reduce((a, b) => (load(b) < load(a) ? b : a));
      if (load(target) >= IN_FLIGHT) return;
      const job = (urgent ? this.waitingNow : this.waitingAhead).shift() as Job;
      const id = this.nextId++;
      target.pending.set(id, job);
      target.worker.postMessage({ id, bytes: job.bytes, path: job.path, kind: job.kind, urgent: job.urgent }, [job.bytes.buffer]);
    }
  }

  private closing = false;

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private spawn(): PoolWorker {
    // A worker parses one file at a time: a bounded heap makes it collect as it goes instead of growing.
    const worker = new (workerThreads().Worker)(this.script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    const entry: PoolWorker = { worker, pending: new Map(), alive: true };
    worker.on('message', (message: { id: number; facts: unknown }) => {
      entry.pending.get(message.id)?.resolve(message.facts);
      entry.pending.delete(message.id);
      this.dispatch();
    });
    const failAll = (reason: string) => {
      const wasAlive = entry.alive;
      entry.alive = false;
      for (const pending of entry.pending.values()) pending.resolve(pending.crashed(reason));
      entry.pending.clear();
      if (wasAlive && !this.closing && this.respawns < MAX_RESPAWNS) {
        this.respawns++;
        this.workers = [...this.workers.filter((w) => w !== entry), this.spawn()];
      }
      if (!this.closing) this.dispatch();
    };
    worker.on('error', (error) => failAll(error.message));
    worker.on('exit', (code) => failAll(`extractor worker exited with code ${code}`));
    worker.unref();
    return entry;
  }
}

function crashedStartupFacts(reason: string): StartupFacts {
  return {
    functions: [],
    derived: [],
    uses: [],
    modules: [],
    types: [],
    diagnostics: [{ severity: 'error', line: 1, column: 1, message: `${EXTRACTION_FAILED}: ${reason}; start-up paths through this file are unknown` }],
  };
}

function crashedFacts(reason: string): BlobFacts {
  return {
    ...EMPTY_FACTS,
    diagnostics: [{ severity: 'error', line: 1, column: 1, message: `${EXTRACTION_FAILED}: ${reason}; metrics in this file are unknown` }],
  };
}
