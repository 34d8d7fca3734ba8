import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/dashboards/exposition.js';
import { readScrape } from '../../src/dashboards/read-scrape.js';
import { runCli } from '../helpers/run-cli.js';

describe('inputs without an end are read within limits', () => {
  it('--scrape /dev/zero and /dev/urandom stop at the byte limit with one line', async () => {
    const limits = { timeoutMs: 10_000, maxBytes: 4 * 1024 * 1024, maxRedirects: 5 };
    for (const device of ['/dev/zero', '/dev/urandom']) {
      await expect(readScrape(device, process.cwd(), limits)).rejects.toThrow(`--scrape ${device}: larger than 4 MB; is it the right file?`);
    }
  });

  it('a dashboard or rule file that never ends is exit 2 with one line, not a process that fills memory', async () => {
    for (const args of [['dashboard', '/dev/zero', '--deployed', 'HEAD'], ['release-notes', 'HEAD~1..HEAD', '--dashboard', '/dev/zero']]) {
      const run = await runCli([...args, '--repo', process.cwd()]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toBe('provenance: /dev/zero: larger than 64 MB; is it the right file?\n');
    }
  });

  it('a scrape line with 100,000 labels parses in linear time', () => {
    const labels = Array.from({ length: 100_000 }, (_, i) => `l${i}="v"`).join(',');
    const started = Date.now();
    const exposition = parseExposition(`# TYPE x counter\nx_total{${labels}} 1\n`);
    expect(exposition.families[0]?.labelNames).toHaveLength(100_000);
    // A hang bound, not a timing assertion: the quadratic parser took 37 s on 2.3 MB.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
