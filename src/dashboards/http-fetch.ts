import { InputFileError } from '../errors.js';

/** Time, size and redirect limits shared by every HTTP input (`--scrape`, `--prometheus`). */
export interface HttpLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { timeoutMs: 10_000, maxBytes: 50 * 1024 * 1024, maxRedirects: 5 };

export interface HttpRequest {
  /** How the option is named in messages: `--scrape`, `--prometheus`. */
  readonly label: string;
  readonly url: string;
  /** How the URL is named in messages, when not as fetched (never with a password). */
  readonly shown?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly accept: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  readonly text: string;
  /** The URL that answered, after redirects (credentials removed). */
  readonly url: string;
}

/**
 * One GET within the limits, following at most `maxRedirects` http(s) redirects. Headers (credentials
 * included) go only to the origin first asked: a redirect elsewhere is followed without them.
 */
export async function fetchWithLimits(request: HttpRequest, limits: HttpLimits = DEFAULT_HTTP_LIMITS): Promise<HttpAnswer> {
  const shown = request.shown ?? redactUrl(request.url);
  const fail = (message: string) => new InputFileError(`${request.label} ${shown}: ${message}`);
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const { url: first, authorization } = withoutCredentials(request.url);
  const origin = new URL(first).origin;
  // An explicit header wins over the URL's userinfo; names compare without case, as HTTP does.
  const own: Record<string, string> = authorization ? { authorization } : {};
  for (const [name, value] of Object.entries(request.headers ?? {})) own[name.toLowerCase()] = value;
  let current = first;
  try {
    for (let hop = 0; hop <= limits.maxRedirects; hop++) {
      const sameOrigin = new URL(current).origin === origin;
      const headers = { ...(sameOrigin ? own : {}), accept: request.accept };
      const response = await fetch(current, { redirect: 'manual', signal, headers });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        if (!location) throw fail('redirect without a Location header');
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw fail(`refused a redirect to ${next.protocol} (only http and https are followed)`);
        }
        current = next.href;
        continue;
      }
      const text = await readLimited(response, limits.maxBytes, fail);
      return { status: response.status, statusText: response.statusText, contentType: response.headers.get('content-type') ?? '', text, url: redactUrl(current) };
    }
    throw fail(`more than ${limits.maxRedirects} redirects`);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
      throw fail(`no complete answer within ${limits.timeoutMs / 1000} s`);
    }
    const cause = (error as { cause?: Error }).cause;
    throw fail(`${(error as Error).message}${cause ? ` (${cause.message})` : ''}`);
  }
}

async function readLimited(response: Response, maxBytes: number, fail: (message: string) => InputFileError): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw fail(`the response exceeds the ${maxBytes} byte limit; cut off`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** fetch refuses URLs with userinfo: it becomes a basic-auth header instead. */
function withoutCredentials(url: string): { url: string; authorization: string | null } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { url, authorization: null };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** A URL as it may be printed: never with the password of its userinfo. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '' && parsed.username === '') return url;
    parsed.password = parsed.password === '' ? '' : '***';
    return parsed.href;
  } catch {
    return url;
  }
}
