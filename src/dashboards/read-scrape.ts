import { readBounded } from '../util/read-bounded.js';
import { InputFileError } from '../errors.js';

export interface ScrapeLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
}

export const DEFAULT_SCRAPE_LIMITS: ScrapeLimits = { timeoutMs: 10_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5 };

/** The text of a `/metrics` exposition from a file or an http(s) URL, within time and size limits. */
export async function readScrape(source: string, limits: ScrapeLimits = DEFAULT_SCRAPE_LIMITS): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new InputFileError(`--scrape ${source}: only http and https URLs (or a file path) are supported`);
    const read = await readBounded(source, limits.maxBytes, limits.timeoutMs);
    switch (read.kind) {
      case 'text':
        return read.text;
      case 'too-large':
        throw new InputFileError(`--scrape ${source}: larger than the ${limits.maxBytes} byte limit`);
      case 'too-slow':
        throw new InputFileError(`--scrape ${source}: not read to its end within ${limits.timeoutMs / 1000} s`);
      case 'error':
        throw new InputFileError(`--scrape ${source}: cannot read the file (${read.code})`);
    }
  }
  return fetchWithLimits(source, limits);
}

async function fetchWithLimits(url: string, limits: ScrapeLimits): Promise<string> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; hop <= limits.maxRedirects; hop++) {
      const response = await fetch(current, { redirect: 'manual', signal, headers: { accept: 'text/plain;version=0.0.4, application/openmetrics-text;q=0.9' } });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        if (!location) throw new InputFileError(`--scrape ${url}: redirect without a Location header`);
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new InputFileError(`--scrape ${url}: refused a redirect to ${next.protocol} (only http and https are followed)`);
        }
        current = next.href;
        continue;
      }
      if (!response.ok) throw new InputFileError(`--scrape ${url}: the server answered ${response.status} ${response.statusText}`);
      return await readLimited(response, url, limits.maxBytes);
    }
    throw new InputFileError(`--scrape ${url}: more than ${limits.maxRedirects} redirects`);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
      throw new InputFileError(`--scrape ${url}: no complete answer within ${limits.timeoutMs / 1000} s`);
    }
    throw new InputFileError(`--scrape ${url}: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`);
  }
}

async function readLimited(response: Response, url: string, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new InputFileError(`--scrape ${url}: the response exceeds the ${maxBytes} byte limit; cut off`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
