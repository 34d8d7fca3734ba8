import { InputFileError } from '../errors.js';
import { VERSION } from '../version.js';
import { trustedCas, type TrustedCas } from './trusted-cas.js';

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

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * One GET within the limits, following at most `maxRedirects` http(s) redirects. Headers (credentials
 * included) go only to the origin first asked: a redirect elsewhere is followed without them. https
 * trusts Node's CAs and the system's store (see trusted-cas.ts), read from `env` at the first https URL.
 */
export async function fetchWithLimits(request: HttpRequest, limits: HttpLimits = DEFAULT_HTTP_LIMITS, env: Environment = process.env): Promise<HttpAnswer> {
  const shown = request.shown ?? redactUrl(request.url);
  const fail = (message: string) => new InputFileError(`${request.label} ${shown}: ${message}`);
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const { url: first, authorization } = withoutCredentials(request.url);
  const origin = new URL(first).origin;
  // An explicit header wins over the URL's userinfo; names compare without case, as HTTP does.
  const own: Record<string, string> = authorization ? { authorization } : {};
  for (const [name, value] of Object.entries(request.headers ?? {})) own[name.toLowerCase()] = value;
  let current = first;
  let trusted: TrustedCas | null = null;
  try {
    // node:http, node:https and TLS load at the first request, not with the command.
    const { get, readLimited } = await import('./http-transport.js');
    for (let hop = 0; hop <= limits.maxRedirects; hop++) {
      const target = new URL(current);
      const headers = { 'user-agent': USER_AGENT, ...(target.origin === origin ? own : {}), accept: request.accept };
      if (target.protocol === 'https:') trusted ??= await trustedCas(env);
      const { sent, response } = await get(target, headers, signal, trusted);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.resume(); // drained, so the connection can serve the next hop
        const location = response.headers.location;
        if (!location) throw fail('redirect without a Location header');
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw fail(`refused a redirect to ${next.protocol} (only http and https are followed)`);
        }
        current = next.href;
        continue;
      }
      const text = await readLimited(sent, response, limits.maxBytes, fail);
      return { status, statusText: response.statusMessage ?? '', contentType: response.headers['content-type'] ?? '', text, url: redactUrl(current) };
    }
    throw fail(`more than ${limits.maxRedirects} redirects`);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    // The deadline destroys whatever is in flight; the error that surfaces then only says "aborted".
    if (signal.aborted) throw fail(`no complete answer within ${limits.timeoutMs / 1000} s`);
    throw fail(transportProblem(error as Error & { code?: string }, trusted));
  }
}

const USER_AGENT = `provenance/${VERSION}`;

/** OpenSSL's verdicts on a chain that reaches no trusted CA: the certificate problem another CA fixes. */
const UNTRUSTED_CHAIN = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** "fetch failed (...)" as the messages were under Node's fetch; a certificate from an unknown CA says which CAs were tried. */
function transportProblem(error: Error & { code?: string }, trusted: TrustedCas | null): string {
  const problem = `fetch failed (${error.message})`;
  if (trusted === null || !UNTRUSTED_CHAIN.has(error.code ?? '')) return problem;
  return `${problem}: the server's certificate is signed by no CA trusted here (${trusted.sources.join(', ')}); install its CA in the system's store, or name the CA's PEM file in NODE_EXTRA_CA_CERTS or SSL_CERT_FILE`;
}

/** Credentials in the URL become a basic-auth header, so they can be kept from other origins. */
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
