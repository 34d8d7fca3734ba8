/** A client for the Prometheus HTTP API (`/api/v1/...`), within the same limits as `--scrape`. */
import { InputFileError } from '../errors.js';
import { DEFAULT_HTTP_LIMITS, fetchWithLimits, redactUrl, type HttpLimits } from './http-fetch.js';

export type LabelSet = Readonly<Record<string, string>>;

/** Seconds since the epoch, as the API takes them. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export interface SeriesAnswer {
  readonly series: readonly LabelSet[];
  /** The server cut the answer at `limit`: absence of a label set proves nothing. */
  readonly truncated: boolean;
}

export interface InstantSample {
  readonly labels: LabelSet;
  readonly value: number;
}

export interface PrometheusConnection {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly limits?: HttpLimits;
  /** Where https finds SSL_CERT_FILE, SSL_CERT_DIR and NODE_EXTRA_CA_CERTS; the process's by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Series per request when the server takes `limit` (Prometheus 2.49 and newer). */
export const SERIES_LIMIT = 10_000;
/** Keeps each GET well under the 8 KiB that proxies in front of Prometheus commonly accept. */
const MAX_URL_LENGTH = 4_000;
const LIMIT_SINCE: readonly [number, number] = [2, 49];

interface ApiEnvelope {
  readonly status: 'success' | 'error';
  readonly data?: unknown;
  readonly errorType?: string;
  readonly error?: string;
  readonly warnings?: readonly string[];
}

export class PrometheusClient {
  private readonly base: URL;
  /** The base URL's path without its trailing slash: `''`, or `/prometheus` behind a path prefix. */
  private readonly prefix: string;
  private version: Promise<string | null> | null = null;
  readonly warnings: string[] = [];

  constructor(private readonly connection: PrometheusConnection) {
    let base: URL;
    try {
      base = new URL(connection.url);
    } catch {
      throw new InputFileError(`--prometheus ${JSON.stringify(connection.url)}: not a URL; give the server's base URL, e.g. http://prometheus:9090`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new InputFileError(`--prometheus ${redactUrl(connection.url)}: only http and https URLs are supported`);
    }
    base.search = '';
    base.hash = '';
    this.prefix = base.pathname.replace(/\/+$/, '');
    this.base = base;
  }

  /** The server's version from `/api/v1/status/buildinfo`, or null when it does not say (Thanos, Mimir …). */
  serverVersion(): Promise<string | null> {
    this.version ??= this.get('/api/v1/status/buildinfo', [], { optional: true }).then((data) => {
      const version = (data as { version?: unknown } | null)?.version;
      return typeof version === 'string' ? version : null;
    });
    return this.version;
  }

  /** `/api/v1/series` for every selector, in as few requests as the URL length allows; the union of the answers. */
  async series(matches: readonly string[], window: TimeWindow): Promise<SeriesAnswer> {
    const limit = supportsLimit(await this.serverVersion()) ? SERIES_LIMIT : null;
    const series: LabelSet[] = [];
    let truncated = false;
    for (const batch of this.batches(matches, window, limit)) {
      const params: [string, string][] = [...batch.map((m): [string, string] => ['match[]', m]), ...windowParams(window)];
      if (limit !== null) params.push(['limit', String(limit)]);
      const { data, warnings } = await this.getWithWarnings('/api/v1/series', params);
      const found = labelSets(data, '/api/v1/series', this.base);
      if ((limit !== null && found.length >= limit) || warnings.some((w) => /truncat/i.test(w))) truncated = true;
      series.push(...found);
    }
    return { series, truncated };
  }

  /** `/api/v1/label/<name>/values`, optionally only over series matching `matches`. */
  async labelValues(label: string, matches: readonly string[], window: TimeWindow): Promise<string[]> {
    const params: [string, string][] = [...matches.map((m): [string, string] => ['match[]', m]), ...windowParams(window)];
    const data = await this.get(`/api/v1/label/${encodeURIComponent(label)}/values`, params);
    if (!Array.isArray(data) || !data.every((v) => typeof v === 'string')) throw this.notPrometheus('/api/v1/label/…/values', 'an answer without a list of values');
    return data as string[];
  }

  /** An instant query whose result is a vector. */
  async instantVector(query: string, time: number): Promise<InstantSample[]> {
    const data = (await this.get('/api/v1/query', [['query', query], ['time', String(time)]])) as { resultType?: unknown; result?: unknown } | null;
    if (data === null || data.resultType !== 'vector' || !Array.isArray(data.result)) throw this.notPrometheus('/api/v1/query', 'an answer that is not a vector');
    return (data.result as { metric?: unknown; value?: unknown }[]).map((r) => ({
      labels: isLabelSet(r.metric) ? r.metric : {},
      value: Array.isArray(r.value) ? Number(r.value[1]) : Number.NaN,
    }));
  }

  private *batches(matches: readonly string[], window: TimeWindow, limit: number | null): Generator<string[]> {
    const fixed = this.urlFor('/api/v1/series', [...windowParams(window), ...(limit === null ? [] : [['limit', String(limit)] as [string, string]])]).length;
    let batch: string[] = [];
    let length = fixed;
    for (const match of matches) {
      const added = `&match%5B%5D=${encodeURIComponent(match)}`.length;
      if (batch.length > 0 && length + added > MAX_URL_LENGTH) {
        yield batch;
        batch = [];
        length = fixed;
      }
      batch.push(match);
      length += added;
    }
    if (batch.length > 0) yield batch;
  }

  private urlFor(path: string, params: readonly [string, string][]): string {
    const url = new URL(this.base.href);
    url.pathname = `${this.prefix}${path}`;
    for (const [name, value] of params) url.searchParams.append(name, value);
    return url.href;
  }

  private async get(path: string, params: readonly [string, string][], options: { optional?: boolean } = {}): Promise<unknown> {
    return (await this.getWithWarnings(path, params, options)).data;
  }

  private async getWithWarnings(path: string, params: readonly [string, string][], options: { optional?: boolean } = {}): Promise<{ data: unknown; warnings: readonly string[] }> {
    const shown = redactUrl(this.connection.url);
    const answer = await fetchWithLimits(
      { label: '--prometheus', url: this.urlFor(path, params), shown: `${shown} (${path})`, headers: this.connection.headers, accept: 'application/json' },
      this.connection.limits ?? DEFAULT_HTTP_LIMITS,
      this.connection.env,
    );
    if (answer.status === 401 || answer.status === 403) {
      throw new InputFileError(
        `--prometheus ${shown}: the server answered ${answer.status} ${answer.statusText} for ${path}; give credentials in the URL (https://user:password@host) or with --header 'Authorization: Bearer \${TOKEN}'`,
      );
    }
    const envelope = parseEnvelope(answer.text);
    if (envelope === null) {
      if (options.optional && answer.status === 404) return { data: null, warnings: [] };
      if (answer.status < 200 || answer.status >= 300) {
        throw new InputFileError(`--prometheus ${shown}: the server answered ${answer.status} ${answer.statusText} for ${path}: not the Prometheus HTTP API; give the server's base URL, e.g. http://prometheus:9090`);
      }
      throw this.notPrometheus(path, `${answer.contentType || 'an answer'} that is not Prometheus API JSON`);
    }
    if (envelope.status === 'error') {
      throw new InputFileError(`--prometheus ${shown}: the Prometheus API refused ${path} (${envelope.errorType ?? 'error'}): ${envelope.error ?? 'no message'}`);
    }
    const warnings = envelope.warnings ?? [];
    for (const w of warnings) if (!this.warnings.includes(w)) this.warnings.push(w);
    return { data: envelope.data ?? null, warnings };
  }

  private notPrometheus(path: string, what: string): InputFileError {
    return new InputFileError(
      `--prometheus ${redactUrl(this.connection.url)}: ${path} gave ${what}; is this the Prometheus server's base URL (e.g. http://prometheus:9090)?`,
    );
  }
}

function windowParams(window: TimeWindow): [string, string][] {
  return [
    ['start', String(Math.floor(window.start))],
    ['end', String(Math.ceil(window.end))],
  ];
}

function parseEnvelope(text: string): ApiEnvelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const status = (parsed as { status?: unknown }).status;
  if (status !== 'success' && status !== 'error') return null;
  const warnings = (parsed as { warnings?: unknown }).warnings;
  return { ...(parsed as ApiEnvelope), warnings: Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [] };
}

function isLabelSet(value: unknown): value is LabelSet {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function labelSets(data: unknown, path: string, base: URL): LabelSet[] {
  if (!Array.isArray(data) || !data.every(isLabelSet)) {
    throw new InputFileError(`--prometheus ${redactUrl(base.href)}: ${path} gave an answer without label sets; is this a Prometheus server?`);
  }
  return data;
}

/** `limit` on `/api/v1/series` came with Prometheus 2.49; older servers ignore it, so it is only sent where it counts. */
export function supportsLimit(version: string | null): boolean {
  const m = version === null ? null : /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > LIMIT_SINCE[0] || (major === LIMIT_SINCE[0] && minor >= LIMIT_SINCE[1]);
}
