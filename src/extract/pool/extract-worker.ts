import { parentPort } from 'node:worker_threads';
import { extractBlob } from '../registrations/extract-blob.js';
import { extractStartupFacts } from '../startup/extract-startup-facts.js';
import type { ExtractionKind } from './extraction-kind.js';

interface Request {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly path: string;
  readonly kind: ExtractionKind;
  /** A caller is blocked on it: it goes before the read-ahead blobs queued here. */
  readonly urgent: boolean;
}

const queue: Request[] = [];
let scheduled = false;

/**
 * One blob per turn of the event loop. A port hands over every queued message in one go, and the
 * binding frees a syntax tree only in a finalizer, which runs between turns: extracting a few
 * hundred queued blobs back to back kept all their native trees alive (hundreds of megabytes).
 */
function extractNext(): void {
  const request = queue.shift();
  if (request === undefined) {
    scheduled = false;
    return;
  }
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  const facts = request.kind === 'startup' ? extractStartupFacts(bytes, request.path) : extractBlob(bytes, request.path);
  parentPort?.postMessage({ id: request.id, facts });
  setImmediate(extractNext);
}

/** Worker side of the extractor pool: one blob in, its facts (of the kind asked) out. */
parentPort?.on('message', (message: Request) => {
  // Urgent ones go after the urgent ones already queued, before every read-ahead one (the queue holds a few).
  const firstAhead = message.urgent ? queue.findIndex((queued) => !queued.urgent) : -1;
  queue.splice(firstAhead < 0 ? queue.length : firstAhead, 0, message);
  if (!scheduled) {
    scheduled = true;
    setImmediate(extractNext);
  }
});
