import { InputFileError } from '../errors.js';
import { DEFAULT_HTTP_LIMITS, fetchWithLimits, type HttpLimits } from './http-fetch.js';
import { readInputFile } from './input-file.js';

export type ScrapeLimits = HttpLimits;

export const DEFAULT_SCRAPE_LIMITS: ScrapeLimits = DEFAULT_HTTP_LIMITS;

/**
 * The text of a `/metrics` exposition from a file (relative to `cwd`) or an http(s) URL, within time and
 * size limits; `env` holds the CA variables https reads (SSL_CERT_FILE, SSL_CERT_DIR, NODE_EXTRA_CA_CERTS).
 */
export async function readScrape(source: string, cwd: string, limits: ScrapeLimits = DEFAULT_SCRAPE_LIMITS, env: Readonly<Record<string, string | undefined>> = process.env): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new InputFileError(`--scrape ${source}: only http and https URLs (or a file path) are supported`);
    return readInputFile(source, cwd, { label: '--scrape', limits });
  }
  const answer = await fetchWithLimits(
    { label: '--scrape', url: source, accept: 'text/plain;version=0.0.4, application/openmetrics-text;q=0.9' },
    limits,
    env,
  );
  if (answer.status < 200 || answer.status >= 300) throw new InputFileError(`--scrape ${source}: the server answered ${answer.status} ${answer.statusText}`);
  return answer.text;
}
