import { readBounded } from '../util/read-bounded.js';
import { InputFileError } from '../errors.js';
import { DEFAULT_HTTP_LIMITS, fetchWithLimits, type HttpLimits } from './http-fetch.js';

export type ScrapeLimits = HttpLimits;

export const DEFAULT_SCRAPE_LIMITS: ScrapeLimits = DEFAULT_HTTP_LIMITS;

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
  const answer = await fetchWithLimits(
    { label: '--scrape', url: source, accept: 'text/plain;version=0.0.4, application/openmetrics-text;q=0.9' },
    limits,
  );
  if (answer.status < 200 || answer.status >= 300) throw new InputFileError(`--scrape ${source}: the server answered ${answer.status} ${answer.statusText}`);
  return answer.text;
}
