import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatFileBatch } from '../../src/git/cat-file.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const scenario = scenariosRemovedAfterEachTest();

describe('CatFileBatch', () => {
  it('gives back every blob byte for byte, small ones and ones many pipe chunks long, in any order of requests', async () => {
    const repo = scenario();
    // Binary content with newlines and NULs: framing must come from the header's size only.
    const contents = [0, 1, 10, 4096, 65535, 65536, 65537, 300_000, 2_500_000, 7].map((size) => randomBytes(size));
    const oids = contents.map((bytes, i) => {
      const file = path.join(repo.dir, `blob${i}`);
      writeFileSync(file, bytes);
      return repo.git(['hash-object', '-w', file]).trim();
    });
    const reader = new CatFileBatch(repo.dir);
    try {
      const order = [...oids.keys(), ...[...oids.keys()].reverse()];
      const results = await Promise.all(order.map((i) => reader.read(oids[i] as string)));
      results.forEach((result, n) => {
        const i = order[n] as number;
        expect(result.kind).toBe('found');
        expect(result.kind === 'found' && Buffer.compare(result.bytes, contents[i] as Buffer)).toBe(0);
      });
      expect(await reader.read('0'.repeat(40))).toEqual({ kind: 'missing', oid: '0'.repeat(40) });
      // Reads after a pause start from an empty buffer again.
      const again = await reader.read(oids[8] as string);
      expect(again.kind === 'found' && again.bytes.length).toBe(2_500_000);
    } finally {
      await reader.close();
    }
  });

  it('splits thousands of small responses correctly wherever the pipe cuts them, headers included', async () => {
    const repo = scenario();
    // Sizes from 0 to 300 bytes: response boundaries, and headers, fall at every offset of a pipe chunk.
    const contents = Array.from({ length: 3000 }, (_, i) => Buffer.from(`${i}:${'x'.repeat((i * 7919) % 300)}`));
    contents.forEach((bytes, i) => writeFileSync(path.join(repo.dir, `s${i}`), bytes));
    const oids = repo.git(['hash-object', '-w', '--stdin-paths'], { input: `${contents.map((_, i) => path.join(repo.dir, `s${i}`)).join('\n')}\n` }).trim().split('\n');
    const reader = new CatFileBatch(repo.dir);
    try {
      const missing = '0'.repeat(40);
      const asked = oids.flatMap((oid, i) => (i % 500 === 0 ? [oid, missing] : [oid]));
      const results = await Promise.all(asked.map((oid) => reader.read(oid)));
      const texts = results.filter((r) => r.kind === 'found').map((r) => (r.kind === 'found' ? r.bytes.toString() : ''));
      expect(texts).toEqual(contents.map((c) => c.toString()));
      expect(results.filter((r) => r.kind === 'missing').length).toBe(6);
    } finally {
      await reader.close();
    }
  });
});
