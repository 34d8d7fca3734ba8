/**
 * Property test: thousands of generated and mutated Rust sources (mutations of `fixtures/rust/*.rs`:
 * byte flips, deletions, duplications, truncations, splices, token insertions) through `extractBlob`
 * and `resolveMetrics`. Neither throws nor hangs, and every metric returned has a valid Prometheus
 * name (anything else is reported as unresolved). The byte-level checks that let a history walk skip
 * or defer a blob never skip one with facts, nor defer one that registers something itself.
 *
 * Deterministic: a seeded PRNG; the default budget keeps CI at about 20 seconds.
 *   PROVENANCE_FUZZ_SEED=<n>      another sequence
 *   PROVENANCE_FUZZ_SECONDS=<n>   a longer (or shorter) run
 * Extraction runs on a worker thread with a watchdog, so a hang is reported with its input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobFacts } from '../../src/extract/facts.js';
import { mightDefineOwnMetrics, worthParsing } from '../../src/extract/registrations/prefilter.js';
import { testModuleFiles } from '../../src/extract/registrations/test-module-declaration.js';
import { crateLayout, fileModule } from '../../src/model/crate-layout.js';
import type { SourceFile } from '../../src/model/module-index.js';
import { isValidMetricName } from '../../src/model/naming.js';
import { resolveMetrics } from '../../src/model/resolve-metrics.js';
import { seededRandom } from '../../src/util/seeded-random.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'fixtures/rust');
const WORKER = path.join(ROOT, 'dist/extract/pool/extract-worker.js');

const SEED = Number(process.env['PROVENANCE_FUZZ_SEED'] ?? 20240101);
const SECONDS = Number(process.env['PROVENANCE_FUZZ_SECONDS'] ?? 20);
/** The default run always covers at least this many inputs, however slow the machine. */
const MIN_INPUTS = 1500;
/** One input may take this long (the largest fixture parses in well under a second). */
const PER_INPUT_MS = 5000;
const VALID = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

type Random = ReturnType<typeof seededRandom>;
const int = (r: Random, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)] as T;

const NAMES = [
  'requests_total', 'x', '_', ':', 'a:b', 'ns_sub_name', '9starts_with_digit', 'has-dash', 'has space', 'ünïcode_total', '',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a"b', 'a\\nb', 'tab\there', 'x'.repeat(5000), '{}', '$(touch x)',
];
const TOKENS = [
  '"', "'", '{', '}', '(', ')', '[', ']', '!', '#', ';', ',', '::', 'r#"', '"#', 'b"', '\\', '/*', '*/', '//', '\n', '\0', 'é', '\u{1F600}',
  'lazy_static!', 'register_int_counter!', 'opts!', 'concat!(', 'env!("X")', 'const N: &str = "n";', '#[cfg(test)]', 'mod m;', 'use a::b;',
  '.namespace("ns")', '.subsystem("s")', 'Opts::new(', 'HistogramOpts::new(', 'counter!(', 'registry.register(', 'Lazy::new(|| ', 'LazyLock::new(',
];

/** A source built from the constructs the extractor knows, with names from NAMES. */
function generate(r: Random): string {
  const name = () => JSON.stringify(pick(r, NAMES)).replace(/\\u0000/g, '');
  const constants = Array.from({ length: int(r, 3) }, (_, i) => `pub const C${i}: &str = ${name()};`);
  const forms = [
    () => `lazy_static! {\n    pub static ref M${int(r, 9)}: IntCounter = register_int_counter!(${name()}, "help").unwrap();\n}`,
    () => `lazy_static! { static ref V: IntCounterVec = register_int_counter_vec!(opts!(${name()}, "h").namespace(${name()}), &[${name()}]).unwrap(); }`,
    () => `pub static L: Lazy<Histogram> = Lazy::new(|| register_histogram!(${name()}, "h", vec![0.1, 1.0]).unwrap());`,
    () => `pub static K: LazyLock<IntGauge> = LazyLock::new(|| register_int_gauge!(C${int(r, 3)}, "h").unwrap());`,
    () => `fn f(registry: &Registry) { let c = IntCounter::with_opts(Opts::new(${name()}, "h").namespace(${name()}).subsystem(${name()})).unwrap(); registry.register(Box::new(c.clone())).unwrap(); }`,
    () => `fn g() { metrics::counter!(${name()}).increment(1); metrics::describe_histogram!(${name()}, "h"); }`,
    () => `fn h(reg: &mut Registry) { reg.register(${name()}, "h", Family::<Labels, Counter>::default()); }`,
    () => `const N: &str = concat!(${name()}, "_", env!("CARGO_PKG_NAME")); fn i() { register_int_counter!(N, "h").unwrap(); }`,
    () => `#[cfg(test)]\nmod tests { #[test] fn t() { register_counter!(${name()}, "h").unwrap(); } }`,
  ];
  const body = Array.from({ length: 1 + int(r, 4) }, () => pick(r, forms)());
  return ['use prometheus::*;', 'use once_cell::sync::Lazy;', ...constants, ...body, ''].join('\n');
}

/** One random edit of the bytes; returns the result and what was done (for the failure report). */
function mutate(r: Random, input: Buffer, corpus: readonly Buffer[]): [Buffer, string] {
  const at = () => int(r, input.length + 1);
  switch (int(r, 7)) {
    case 0: {
      const copy = Buffer.from(input);
      const n = 1 + int(r, 8);
      for (let i = 0; i < n && copy.length > 0; i++) {
        const pos = int(r, copy.length);
        copy[pos] = (copy[pos] ?? 0) ^ (1 << int(r, 8));
      }
      return [copy, `flip ${n} bits`];
    }
    case 1: {
      const start = at();
      const end = Math.min(input.length, start + 1 + int(r, 200));
      return [Buffer.concat([input.subarray(0, start), input.subarray(end)]), `delete ${start}..${end}`];
    }
    case 2: {
      const start = at();
      const end = Math.min(input.length, start + 1 + int(r, 400));
      const times = 1 + int(r, 20);
      return [Buffer.concat([input.subarray(0, end), ...Array<Buffer>(times).fill(input.subarray(start, end)), input.subarray(end)]), `duplicate ${start}..${end} x${times}`];
    }
    case 3: {
      const end = at();
      return [input.subarray(0, end), `truncate at ${end}`];
    }
    case 4: {
      const other = pick(r, corpus);
      const cut = at();
      const from = int(r, other.length + 1);
      return [Buffer.concat([input.subarray(0, cut), other.subarray(from)]), `splice at ${cut} with another input from ${from}`];
    }
    case 5: {
      const parts: Buffer[] = [];
      let last = 0;
      const n = 1 + int(r, 6);
      const points = Array.from({ length: n }, at).sort((a, b) => a - b);
      for (const p of points) {
        parts.push(input.subarray(last, p), Buffer.from(pick(r, TOKENS)));
        last = p;
      }
      parts.push(input.subarray(last));
      return [Buffer.concat(parts), `insert ${n} tokens`];
    }
    default: {
      // Rename every string literal: names valid, invalid, empty, huge, prototype keys.
      const text = input.toString('latin1').replace(/"([a-z_:][a-z0-9_:]*)"/g, () => JSON.stringify(pick(r, NAMES)));
      return [Buffer.from(text, 'latin1'), 'rename string literals'];
    }
  }
}

const MANIFEST = '[package]\nname = "svc"\nversion = "0.1.0"\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\nonce_cell = "1"\nmetrics = "0.23"\nprometheus-client = "0.22"\n';
const { crates } = crateLayout(new Map([['Cargo.toml', MANIFEST]]));

/** Extraction on a worker thread, so a hang can be cut off and reported with the input that caused it. */
class WatchedExtractor {
  private worker: Worker;
  private nextId = 0;

  constructor() {
    this.worker = new Worker(WORKER);
  }

  extract(bytes: Buffer): Promise<{ kind: 'facts'; facts: BlobFacts; ms: number } | { kind: 'hang' } | { kind: 'crash'; reason: string }> {
    const id = this.nextId++;
    const started = performance.now();
    return new Promise((resolve) => {
      const done = (value: Parameters<typeof resolve>[0]) => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        resolve(value);
      };
      const onMessage = (message: { id: number; facts: BlobFacts }) => {
        if (message.id === id) done({ kind: 'facts', facts: message.facts, ms: performance.now() - started });
      };
      const onError = (error: Error) => {
        this.worker = new Worker(WORKER);
        done({ kind: 'crash', reason: error.message });
      };
      const timer = setTimeout(() => {
        void this.worker.terminate();
        this.worker = new Worker(WORKER);
        done({ kind: 'hang' });
      }, PER_INPUT_MS);
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage({ id, bytes, path: 'src/metrics.rs' });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

function sourceFile(filePath: string, facts: BlobFacts): SourceFile {
  return { path: filePath, oid: '0'.repeat(40), module: fileModule(filePath, crates), facts };
}

describe('fuzzing extraction and name resolution', () => {
  let extractor: WatchedExtractor;
  let failures: string;

  beforeAll(() => {
    extractor = new WatchedExtractor();
    failures = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-fuzz-'));
  });
  afterAll(async () => {
    await extractor.close();
    // Kept only when something failed: the inputs are the reproduction.
    if (fs.readdirSync(failures).length === 0) fs.rmSync(failures, { recursive: true, force: true });
  });

  it(`never throws, never hangs, never returns an invalid metric name (seed ${SEED}, ${SECONDS} s)`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    expect(fs.existsSync(WORKER), 'the build (vitest global setup) provides the extractor worker').toBe(true);
    const corpus = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.rs'))
      .sort()
      .map((f) => fs.readFileSync(path.join(FIXTURES, f)));
    const r = seededRandom(SEED);
    const deadline = performance.now() + SECONDS * 1000;
    const problems: string[] = [];
    let inputs = 0;
    let registrations = 0;
    let metrics = 0;
    let unresolved = 0;
    let previous: BlobFacts | null = null;

    let previousBytes: Buffer | null = null;
    /** Saves the input (and, for resolution problems, the crate root it was resolved with) as the reproduction. */
    const report = (what: string, bytes: Buffer, how: string, root: Buffer | null = null): void => {
      const file = path.join(failures, `input-${inputs}.rs`);
      fs.writeFileSync(file, bytes);
      if (root) fs.writeFileSync(path.join(failures, `input-${inputs}.main.rs`), root);
      problems.push(`${what} (seed ${SEED}, input ${inputs}: ${how}; saved as ${file}${root ? ' with its crate root' : ''})`);
    };

    while ((inputs < MIN_INPUTS || performance.now() < deadline) && problems.length < 5) {
      let bytes: Buffer;
      let how: string;
      const choice = r();
      if (choice < 0.2) {
        bytes = Buffer.from(generate(r));
        how = 'generated';
      } else {
        const base = choice < 0.4 ? Buffer.from(generate(r)) : pick(r, corpus);
        [bytes, how] = mutate(r, base, corpus);
        // Mutations stack: some inputs are several edits away from anything well-formed.
        for (let extra = int(r, 3); extra > 0; extra--) {
          const [next, step] = mutate(r, bytes, corpus);
          bytes = next;
          how += `, ${step}`;
        }
      }
      inputs++;

      const result = await extractor.extract(bytes);
      if (result.kind === 'hang') {
        report(`extractBlob ran longer than ${PER_INPUT_MS} ms`, bytes, how);
        continue;
      }
      if (result.kind === 'crash') {
        report(`the extractor worker crashed: ${result.reason}`, bytes, how);
        continue;
      }
      const facts = result.facts;
      const internal = facts.diagnostics.filter((d) => d.severity === 'error');
      if (internal.length > 0) report(`extractBlob failed internally: ${internal[0]?.message ?? ''}`, bytes, how);
      registrations += facts.registrations.length;
      const skippable = !worthParsing(bytes);
      const deferrable = !mightDefineOwnMetrics(bytes.toString('latin1'));
      const hasFacts = [facts.registrations, facts.registerCalls, facts.customRegistries, facts.constants, facts.uses, facts.functions, facts.macros, facts.calls].some((l) => l.length > 0) || facts.modules.length > 0;
      const ownFacts =
        facts.registrations.length + facts.registerCalls.length + facts.customRegistries.length > 0 ||
        facts.functions.some((f) => f.registrations.length > 0) ||
        facts.macros.some((m) => m.arms.some((a) => a.registrations.length > 0));
      if (skippable && hasFacts) report('the prefilter skips a blob with facts', bytes, how);
      if (deferrable && ownFacts) report('a blob that registers something itself would be deferred', bytes, how);
      // A deferred blob joins a tree for its test-module declarations only when the text scan sees them,
      // and only where a parsed file sits in a module the scan names.
      const testFiles = facts.modules.filter((m) => m.test && !m.inline);
      const scanned = deferrable && testFiles.length > 0 ? testModuleFiles(bytes.toString('latin1')) : 'any';
      if (scanned === false) report('a deferred blob whose test-module declaration the text scan misses', bytes, how);
      else if (scanned !== 'any' && testFiles.some((m) => !scanned.includes((m.scope[0] ?? m.name).replace(/^r#/, '')))) report('a deferred blob whose test module the text scan does not name', bytes, how);
      // Facts are cached as JSON: they must survive the round trip unchanged.
      if (JSON.stringify(JSON.parse(JSON.stringify(facts))) !== JSON.stringify(facts)) report('facts do not survive JSON', bytes, how);

      // Resolution across a minimal crate: this file as a module, the previous input as the crate root.
      const root: BlobFacts | null = previous && { ...previous, modules: [...previous.modules, { scope: [], name: 'metrics', inline: false, pathAttribute: null, test: false }] };
      const files = [sourceFile('src/metrics.rs', facts), ...(root ? [sourceFile('src/main.rs', root)] : [])];
      previous = facts;
      const rootBytes = previousBytes;
      previousBytes = bytes;
      let resolved;
      try {
        const started = performance.now();
        resolved = resolveMetrics(files, crates);
        if (performance.now() - started > PER_INPUT_MS) report(`resolveMetrics took ${Math.round(performance.now() - started)} ms`, bytes, how, rootBytes);
      } catch (error) {
        report(`resolveMetrics threw: ${(error as Error).stack ?? String(error)}`, bytes, how, rootBytes);
        continue;
      }
      metrics += resolved.metrics.length;
      unresolved += resolved.unresolved.length;
      for (const m of resolved.metrics) {
        if (!VALID.test(m.name) || !isValidMetricName(m.name)) report(`invalid metric name ${JSON.stringify(m.name.slice(0, 80))}`, bytes, how, rootBytes);
        const badSeries = m.series.filter((s) => !VALID.test(s));
        if (badSeries.length > 0) report(`invalid series ${JSON.stringify(badSeries[0]?.slice(0, 80))}`, bytes, how, rootBytes);
      }
    }

    console.log(`fuzz: ${inputs} inputs, ${registrations} registrations, ${metrics} metrics resolved, ${unresolved} unresolved (seed ${SEED})`);
    expect(problems).toEqual([]);
    expect(inputs).toBeGreaterThanOrEqual(MIN_INPUTS);
    // The inputs reach the interesting code: plenty of them still define metrics.
    expect(metrics).toBeGreaterThan(inputs / 10);
    expect(unresolved).toBeGreaterThan(0);
  });
});
