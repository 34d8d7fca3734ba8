import { createReadStream } from 'node:fs';

export type BoundedRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'too-slow' }
  | { readonly kind: 'error'; readonly code: string };

/**
 * Reads a file, stopping at `maxBytes` and after `timeoutMs`: checking its size first is not enough,
 * since `/dev/zero`, `/dev/urandom` and a FIFO have no size and never end.
 */
export function readBounded(file: string, maxBytes: number, timeoutMs: number): Promise<BoundedRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
    const finish = (result: BoundedRead): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'too-slow' }), timeoutMs);
    stream.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > maxBytes) finish({ kind: 'too-large' });
      else chunks.push(bytes);
    });
    stream.on('end', () => finish({ kind: 'text', text: Buffer.concat(chunks).toString('utf8') }));
    stream.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', code: error.code ?? error.message }));
  });
}
