import { parentPort } from 'node:worker_threads';
import { extractBlob } from './extract-blob.js';

interface Request {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly path: string;
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
  const facts = extractBlob(Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength), request.path);
  parentPort?.postMessage({ id: request.id, facts });
  setImmediate(extractNext);
}

/** Worker side of the extractor pool: one blob in, its facts out. */
parentPort?.on('message', (message: Request) => {
  queue.push(message);
  if (!scheduled) {
    scheduled = true;
    setImmediate(extractNext);
  }
});
