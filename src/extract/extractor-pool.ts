import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { findPackageRoot } from '../util/package-root.js';
import type { BlobFacts } from './facts.js';

interface Pending {
  readonly resolve: (facts: BlobFacts) => void;
  readonly path: string;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

/** The compiled worker; tests run from src/ but the worker must be plain JavaScript, so both use dist/. */
export function extractWorkerScript(): string | null {
  const script = path.join(findPackageRoot(import.meta.url), 'dist', 'extract', 'extract-worker.js');
  return existsSync(script) ? script : null;
}

/**
 * Parses blobs on worker threads so a cold index uses every core. A worker that dies (a crash in
 * the native parser) turns its pending blobs into error diagnostics; it never takes the run down.
 */
export class ExtractorPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;

  constructor(script: string, size = Math.max(1, Math.min(4, os.availableParallelism()))) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn(script));
  }

  extract(bytes: Buffer, filePath: string): Promise<BlobFacts> {
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      target.pending.set(id, { resolve, path: filePath });
      target.worker.postMessage({ id, bytes, path: filePath });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private spawn(script: string): PoolWorker {
    const worker = new Worker(script);
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (message: { id: number; facts: BlobFacts }) => {
      entry.pending.get(message.id)?.resolve(message.facts);
      entry.pending.delete(message.id);
    });
    const failAll = (reason: string) => {
      for (const pending of entry.pending.values()) pending.resolve(crashedFacts(reason));
      entry.pending.clear();
    };
    worker.on('error', (error) => failAll(error.message));
    worker.on('exit', (code) => failAll(`extractor worker exited with code ${code}`));
    worker.unref();
    return entry;
  }
}

function crashedFacts(reason: string): BlobFacts {
  return {
    registrations: [],
    registerCalls: [],
    customRegistries: [],
    constants: [],
    uses: [],
    modules: [],
    diagnostics: [{ severity: 'error', line: 1, column: 1, message: `extraction failed: ${reason}; metrics in this file are unknown` }],
  };
}
