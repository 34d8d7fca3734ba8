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
    await expect(readScrape(`${base}/metrics`, LIMITS)).resolves.toBe(BODY);
  });

  it('follows a redirect to http', async () => {
    await expect(readScrape(`${base}/hop`, LIMITS)).resolves.toBe(BODY);
  });

  it('gives up after the time limit', async () => {
    const started = Date.now();
    await expect(readScrape(`${base}/slow`, LIMITS)).rejects.toThrow(`--scrape ${base}/slow: no complete answer within 0.3 s`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a redirect to file://', async () => {
    await expect(readScrape(`${base}/to-file`, LIMITS)).rejects.toThrow(
      `--scrape ${base}/to-file: refused a redirect to file: (only http and https are followed)`,
    );
  });

  it('cuts off an oversized body', async () => {
    await expect(readScrape(`${base}/huge`, LIMITS)).rejects.toThrow(`--scrape ${base}/huge: the response exceeds the 1000 byte limit; cut off`);
  });

  it('stops after too many redirects', async () => {
    await expect(readScrape(`${base}/loop`, LIMITS)).rejects.toThrow(`--scrape ${base}/loop: more than 2 redirects`);
  });

  it('reports an error status', async () => {
    await expect(readScrape(`${base}/nope`, LIMITS)).rejects.toThrow(`--scrape ${base}/nope: the server answered 404 Not Found`);
  });
});

describe('readScrape from a file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-scrape-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file, refuses one over the size limit, and refuses other URL schemes', async () => {
    const small = path.join(dir, 'small.prom');
    const large = path.join(dir, 'large.prom');
    writeFileSync(small, BODY);
    writeFileSync(large, 'x'.repeat(2_000));
    await expect(readScrape(small, LIMITS)).resolves.toBe(BODY);
    await expect(readScrape(large, LIMITS)).rejects.toThrow(`--scrape ${large}: larger than the 1000 byte limit`);
    await expect(readScrape('ftp://example.invalid/metrics', LIMITS)).rejects.toThrow('only http and https URLs (or a file path) are supported');
  });
});
