import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractorPool, extractWorkerScript } from '../../src/extract/extractor-pool.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dyingWorker(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-pool-'));
  dirs.push(dir);
  const script = path.join(dir, 'dies.mjs');
  writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(7));\n");
  return script;
}

describe('ExtractorPool', () => {
  it('parses on worker threads with the real extractor', async () => {
    const script = extractWorkerScript();
    expect(script).not.toBeNull();
    const pool = new ExtractorPool(script as string, 2);
    try {
      const facts = await pool.extract(Buffer.from('lazy_static! { static ref X: IntCounter = register_int_counter!("x_total", "X").unwrap(); }\n'), 'a.rs');
      expect(facts.registrations.map((r) => r.name)).toEqual([{ kind: 'literal', value: 'x_total' }]);
    } finally {
      await pool.close();
    }
  });

  it('turns a dying worker into an error diagnostic, replaces it a few times, then answers without hanging', async () => {
    const pool = new ExtractorPool(dyingWorker(), 1);
    try {
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await pool.extract(Buffer.from('fn main() {}'), `f${i}.rs`));
      expect(answers.map((a) => a.diagnostics[0]?.message)).toEqual([
        'extraction failed: extractor worker exited with code 7; metrics in this file are unknown',
        'extraction failed: extractor worker exited with code 7; metrics in this file are unknown',
        'extraction failed: extractor worker exited with code 7; metrics in this file are unknown',
        'extraction failed: extractor worker exited with code 7; metrics in this file are unknown',
        'extraction failed: no extractor worker is left; metrics in this file are unknown',
        'extraction failed: no extractor worker is left; metrics in this file are unknown',
      ]);
    } finally {
      await pool.close();
    }
  });
});
