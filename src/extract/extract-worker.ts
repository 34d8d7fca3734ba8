import { parentPort } from 'node:worker_threads';
import { extractBlob } from './extract-blob.js';

/** Worker side of the extractor pool: one blob in, its facts out. */
parentPort?.on('message', (message: { id: number; bytes: Uint8Array; path: string }) => {
  const facts = extractBlob(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength), message.path);
  parentPort?.postMessage({ id: message.id, facts });
});
