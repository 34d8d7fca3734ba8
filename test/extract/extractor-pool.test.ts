import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractorPool, extractWorkerScript, poolSize } from '../../src/extract/pool/extractor-pool.js';
import { extractStartupFacts } from '../../src/extract/startup/extract-startup-facts.js';

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

describe('poolSize', () => {
  it('leaves a core to a history walk (two workers at most) and to a listing (four); parsing a whole tree uses every core up to four', () => {
    expect([1, 2, 3, 8].map((cores) => poolSize('history-walk', cores))).toEqual([1, 1, 2, 2]);
    expect([1, 2, 3, 8].map((cores) => poolSize('listing', cores))).toEqual([1, 1, 2, 4]);
    expect([1, 2, 3, 8].map((cores) => poolSize('whole-tree', cores))).toEqual([1, 2, 3, 4]);
  });
});

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

  it('extracts start-up facts on worker threads exactly as inline', async () => {
    const source = Buffer.from(
      'mod metrics;\nfn main() {\n    metrics::init();\n    if let Err(e) = run() {\n        metrics::ERRORS.inc();\n    }\n}\nfn run() -> Result<(), ()> { Ok(()) }\n',
    );
    const pool = new ExtractorPool(extractWorkerScript() as string, 1);
    try {
      const [onWorker, another] = await Promise.all([pool.extractStartup(source, 'src/main.rs'), pool.extract(source, 'src/main.rs')]);
      expect(onWorker).toEqual(extractStartupFacts(source, 'src/main.rs'));
      expect(onWorker.functions.map((f) => f.name)).toEqual(['main', 'run']);
      // Both kinds share the worker: the registration facts of the same blob come back as such.
      expect(another.registrations).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('grows to more workers when asked, never shrinks, and keeps answering on every worker', async () => {
    const pool = new ExtractorPool(extractWorkerScript() as string, 1);
    try {
      const source = (i: number) => Buffer.from(`lazy_static! { static ref X: IntCounter = register_int_counter!("grown_${i}", "h").unwrap(); }\n`);
      expect((await pool.extract(source(0), 'a.rs')).registrations[0]?.name).toEqual({ kind: 'literal', value: 'grown_0' });
      pool.growTo(2);
      pool.growTo(1);
      expect(pool.size).toBe(2);
      const all = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.extract(source(i + 1), `${i}.rs`)));
      expect(all.map((facts) => facts.registrations[0]?.name)).toEqual(Array.from({ length: 8 }, (_, i) => ({ kind: 'literal', value: `grown_${i + 1}` })));
    } finally {
      await pool.close();
    }
  });

  it('extracts a blob a caller waits for before the blobs asked for ahead, and every blob once', async () => {
    const pool = new ExtractorPool(extractWorkerScript() as string, 1);
    try {
      const order: string[] = [];
      const ask = (name: string, urgency: 'now' | 'ahead') =>
        pool.extract(Buffer.from(`lazy_static! { static ref X: IntCounter = register_int_counter!("${name}", "h").unwrap(); }\n`), `${name}.rs`, urgency).then((facts) => {
          order.push(name);
          return facts;
        });
      const ahead = Array.from({ length: 12 }, (_, i) => ask(`ahead_${i}`, 'ahead'));
      const now = ask('now', 'now');
      const all = await Promise.all([...ahead, now]);
      expect(all.map((facts) => facts.registrations[0]?.name)).toEqual([...Array.from({ length: 12 }, (_, i) => ({ kind: 'literal', value: `ahead_${i}` })), { kind: 'literal', value: 'now' }]);
      // Two read-ahead blobs are with the worker when the urgent one is asked for; it goes first, or after the one being parsed.
      expect(order.indexOf('now')).toBeLessThanOrEqual(1);
      expect(order.filter((name) => name !== 'now')).toEqual(Array.from({ length: 12 }, (_, i) => `ahead_${i}`));
    } finally {
      await pool.close();
    }
  });

  it('says which start-up paths are unknown when a worker dies', async () => {
    const pool = new ExtractorPool(dyingWorker(), 1);
    try {
      const facts = await pool.extractStartup(Buffer.from('fn main() {}'), 'src/main.rs');
      expect(facts.functions).toEqual([]);
      expect(facts.diagnostics.map((d) => d.message)).toEqual(['extraction failed: extractor worker exited with code 7; start-up paths through this file are unknown']);
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
