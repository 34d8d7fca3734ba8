import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScrape, type ScrapeLimits } from '../../src/dashboards/read-scrape.js';

const LIMITS: ScrapeLimits = { timeoutMs: 300, maxBytes: 1_000, maxRedirects: 2 };
const BODY = '# TYPE up gauge\nup 1\n';

describe('readScrape from a local http server', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      switch (req.url) {
        case '/metrics':
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(BODY);
          return;
        case '/slow':
          // Headers, then nothing: the body never completes.
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('# TYPE up gauge\n');
          return;
        case '/huge':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`${'# padding line of a very large exposition\n'.repeat(100)}up 1\n`);
          return;
        case '/to-file':
          res.writeHead(302, { location: 'file:///etc/passwd' });
          res.end();
          return;
        case '/hop':
          res.writeHead(301, { location: '/metrics' });
          res.end();
          return;
        case '/loop':
          res.writeHead(302, { location: '/loop' });
          res.end();
          return;
        default:
          res.writeHead(404, 'Not Found');
          res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads the body', async () => {
    await expect(readScrape(`${base}/metrics`, process.cwd(), LIMITS)).resolves.toBe(BODY);
  });

  it('follows a redirect to http', async () => {
    await expect(readScrape(`${base}/hop`, process.cwd(), LIMITS)).resolves.toBe(BODY);
  });

  it('gives up after the time limit', async () => {
    const started = Date.now();
    await expect(readScrape(`${base}/slow`, process.cwd(), LIMITS)).rejects.toThrow(`--scrape ${base}/slow: no complete answer within 0.3 s`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a redirect to file://', async () => {
    await expect(readScrape(`${base}/to-file`, process.cwd(), LIMITS)).rejects.toThrow(
      `--scrape ${base}/to-file: refused a redirect to file: (only http and https are followed)`,
    );
  });

  it('cuts off an oversized body', async () => {
    await expect(readScrape(`${base}/huge`, process.cwd(), LIMITS)).rejects.toThrow(`--scrape ${base}/huge: the response exceeds the 1000 byte limit; cut off`);
  });

  it('stops after too many redirects', async () => {
    await expect(readScrape(`${base}/loop`, process.cwd(), LIMITS)).rejects.toThrow(`--scrape ${base}/loop: more than 2 redirects`);
  });

  it('reports an error status', async () => {
    await expect(readScrape(`${base}/nope`, process.cwd(), LIMITS)).rejects.toThrow(`--scrape ${base}/nope: the server answered 404 Not Found`);
  });
});

describe('readScrape from a file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-scrape-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file relative to the working directory, refuses one over the size limit, and refuses other URL schemes', async () => {
    writeFileSync(path.join(dir, 'small.prom'), BODY);
    writeFileSync(path.join(dir, 'large.prom'), 'x'.repeat(2_000));
    await expect(readScrape('small.prom', dir, LIMITS)).resolves.toBe(BODY);
    await expect(readScrape(path.join(dir, 'small.prom'), os.tmpdir(), LIMITS)).resolves.toBe(BODY);
    await expect(readScrape('large.prom', dir, LIMITS)).rejects.toThrow('--scrape large.prom: larger than 1000 bytes; is it the right file?');
    await expect(readScrape('missing.prom', dir, LIMITS)).rejects.toThrow('--scrape missing.prom: cannot read (no such file)');
    await expect(readScrape('ftp://example.invalid/metrics', dir, LIMITS)).rejects.toThrow('only http and https URLs (or a file path) are supported');
  });
});
