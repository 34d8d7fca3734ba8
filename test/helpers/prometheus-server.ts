/**
 * A real Prometheus (Debian's /usr/bin/prometheus, or $PROMETHEUS_BIN) for tests: started on a free
 * 127.0.0.1 port with its storage in a temp dir, scraping small exposition servers the test runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ExpositionServer {
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

/** Serves `bodies[path]` as exposition text; anything else gets a 200 HTML page, as many web apps answer. */
export async function startExpositionServer(bodies: Readonly<Record<string, string>>): Promise<ExpositionServer> {
  const server = http.createServer((req, res) => {
    const body = bodies[req.url ?? ''];
    if (body !== undefined) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>not Prometheus</body></html>');
  });
  return listen(server);
}

export async function listen(server: http.Server): Promise<ExpositionServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (taken from the OS, then released). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  const { port, close } = await listen(server);
  await close();
  return port;
}

export interface ScrapeJob {
  readonly job: string;
  readonly metricsPath: string;
  readonly targets: readonly string[];
}

export interface RunningPrometheus {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Serve https (`--web.config.file` with `tls_server_config`): the certificate, its key, and the CA that signed it. */
export interface PrometheusTls {
  readonly certFile: string;
  readonly keyFile: string;
  /** Trusted by the helper's own requests (readiness, `queryValue`). */
  readonly caFile: string;
}

export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? 'prometheus';

export async function startPrometheus(jobs: readonly ScrapeJob[], options: { readonly tls?: PrometheusTls } = {}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    ...jobs.flatMap((j) => [
      `  - job_name: ${JSON.stringify(j.job)}`,
      `    metrics_path: ${JSON.stringify(j.metricsPath)}`,
      '    static_configs:',
      `      - targets: [${j.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    ]),
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const tls = options.tls;
  if (tls) {
    writeFileSync(path.join(dir, 'web.yml'), `tls_server_config:\n  cert_file: ${JSON.stringify(tls.certFile)}\n  key_file: ${JSON.stringify(tls.keyFile)}\n`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(tls ? [`--web.config.file=${path.join(dir, 'web.yml')}`] : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const ca = tls ? readFileSync(tls.caFile, 'utf8') : undefined;
  try {
    await waitFor(async () => (await getText(`${url}/-/ready`, ca)).status === 200, 30_000, () => `Prometheus did not become ready: ${stderr}`, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop };
}

/** Polls `check` every 250 ms until it holds, at most `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string, gaveUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) break;
    try {
      if (await check()) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(describe());
}

/** The value of a scalar-like instant query (the first sample), or null; `ca` (PEM) for a Prometheus serving https. */
export async function queryValue(url: string, query: string, ca?: string): Promise<number | null> {
  const response = await getText(`${url}/api/v1/query?query=${encodeURIComponent(query)}`, ca);
  const body = JSON.parse(response.text) as { data?: { result?: { value?: [number, string] }[] } };
  const value = body.data?.result?.[0]?.value?.[1];
  return value === undefined ? null : Number(value);
}

/** A GET by the tests themselves; global fetch cannot trust a test CA, so https goes through node:https. */
async function getText(url: string, ca?: string): Promise<{ status: number; text: string }> {
  if (!url.startsWith('https:')) {
    const response = await fetch(url);
    return { status: response.status, text: await response.text() };
  }
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}
