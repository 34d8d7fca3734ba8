import { InputFileError } from '../errors.js';
import { DEFAULT_HTTP_LIMITS, fetchWithLimits, type HttpLimits } from './http-fetch.js';
import { readInputFile } from './input-file.js';

export type ScrapeLimits = HttpLimits;

export const DEFAULT_SCRAPE_LIMITS: ScrapeLimits = DEFAULT_HTTP_LIMITS;

/** The text of a `/metrics` exposition from a file (relative to `cwd`) or an http(s) URL, within time and size limits. */
export async function readScrape(source: string, cwd: string, limits: ScrapeLimits = DEFAULT_SCRAPE_LIMITS): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new InputFileError(`--scrape ${source}: only http and https URLs (or a file path) are supported`);
    return readInputFile(source, cwd, { label: '--scrape', limits });
  }
  const answer = await fetchWithLimits(
    { label: '--scrape', url: source, accept: 'text/plain;version=0.0.4, application/openmetrics-text;q=0.9' },
    limits,
  );
  if (answer.status < 200 || answer.status >= 300) throw new InputFileError(`--scrape ${source}: the server answered ${answer.status} ${answer.statusText}`);
  return answer.text;
}
