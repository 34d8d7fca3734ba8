import { describe, expect, it } from 'vitest';
import { crate, file, fixture, metric, statuses } from '../helpers/startup-analysis.js';

describe('analyzeStartup on fixtures/startup', () => {
  it('initialize calls in an init function called from main force their statics; the rest wait for first use', () => {
    const files = [fixture('initialize-calls.rs')];
    const metrics = [
      metric('requests_total', 'REQUESTS', 'src/main.rs'),
      metric('errors_total', 'ERRORS', 'src/main.rs'),
      metric('retries_total', 'RETRIES', 'src/main.rs'),
    ];
    expect(statuses(metrics, files)).toEqual({
      binaries: { requests_total: ['src/main.rs'], errors_total: ['src/main.rs'], retries_total: ['src/main.rs'] },
      entries: {
        requests_total: {
          kind: 'forced', binary: 'src/main.rs',
          chain: ['main', 'init_metrics'],
          site: { path: 'src/main.rs', line: 12, function: 'init_metrics' },
          labelValuesAtStartup: null,
        },
        errors_total: {
          kind: 'forced', binary: 'src/main.rs',
          chain: ['main', 'init_metrics'],
          site: { path: 'src/main.rs', line: 13, function: 'init_metrics' },
          labelValuesAtStartup: null,
        },
        retries_total: { kind: 'first-use', undetermined: [], uses: [{ path: 'src/main.rs', line: 25, function: 'serve' }], labelValuesAtStartup: null },
      },
      notes: [],
    });
  });

  it('a plain use inside init_metrics() called from main forces the static, and pre-created label values count', () => {
    const files = [fixture('init-called-from-main.rs')];
    const metrics = [metric('up_since', 'UP', 'src/main.rs'), metric('jobs_total', 'JOBS', 'src/main.rs', { vec: true })];
    expect(statuses(metrics, files).entries).toEqual({
      up_since: { kind: 'forced', binary: 'src/main.rs', chain: ['main', 'init_metrics'], site: { path: 'src/main.rs', line: 11, function: 'init_metrics' }, labelValuesAtStartup: null },
      jobs_total: { kind: 'forced', binary: 'src/main.rs', chain: ['main', 'init_metrics'], site: { path: 'src/main.rs', line: 13, function: 'init_metrics' }, labelValuesAtStartup: true },
    });
  });

  it('the same init function never called: first use, with every use site in path and line order', () => {
    const files = [fixture('init-never-called.rs')];
    const metrics = [metric('up_since', 'UP', 'src/main.rs'), metric('jobs_total', 'JOBS', 'src/main.rs', { vec: true })];
    expect(statuses(metrics, files).entries).toEqual({
      up_since: { kind: 'first-use', undetermined: [], uses: [{ path: 'src/main.rs', line: 12, function: 'init_metrics' }], labelValuesAtStartup: null },
      jobs_total: {
        kind: 'first-use',
        undetermined: [],
        uses: [
          { path: 'src/main.rs', line: 14, function: 'init_metrics' },
          { path: 'src/main.rs', line: 19, function: 'run_job' },
        ],
        labelValuesAtStartup: false,
      },
    });
  });

  it('a call through two functions and a method reports the whole chain', () => {
    const files = [fixture('two-hops.rs')];
    expect(statuses([metric('latency_seconds', 'LATENCY', 'src/main.rs', { holder: 'lazy_static' })], files).entries).toEqual({
      latency_seconds: {
        kind: 'forced', binary: 'src/main.rs',
        chain: ['main', 'setup', 'App::setup', 'register'],
        site: { path: 'src/main.rs', line: 11, function: 'register' },
        labelValuesAtStartup: null,
      },
    });
  });

  it('an unresolvable call on the start-up path makes what is not forced undetermined', () => {
    const files = [fixture('unresolved-call.rs')];
    const metrics = [metric('starts_total', 'STARTS', 'src/main.rs'), metric('errors_total', 'ERRORS', 'src/main.rs')];
    expect(statuses(metrics, files).entries).toEqual({
      starts_total: { kind: 'forced', binary: 'src/main.rs', chain: ['main'], site: { path: 'src/main.rs', line: 14, function: 'main' }, labelValuesAtStartup: null },
      errors_total: {
        kind: 'unknown',
        reason: 'the start-up path calls generated_init() at src/main.rs:15 (in main), which could not be resolved and may touch ERRORS',
        labelValuesAtStartup: null,
      },
    });
  });

  it('a method on a receiver of known type is followed (Arc<Server> → Server::start)', () => {
    const files = [fixture('methods-and-scopes.rs')];
    expect(statuses([metric('served_total', 'SERVED', 'src/main.rs', { holder: 'once_cell::Lazy' })], files).entries).toEqual({
      served_total: {
        kind: 'forced', binary: 'src/main.rs',
        chain: ['main', 'Server::start'],
        site: { path: 'src/main.rs', line: 20, function: 'Server::start' },
        labelValuesAtStartup: null,
      },
    });
  });

  it('uses inside macro arguments count; an initialize inside tokio::spawn still forces', () => {
    const metricsRs = [
      'pub fn initialize_metrics() {',
      '    lazy_static::initialize(&DROPPED);',
      '}',
      '',
    ].join('\n');
    const files = [fixture('macros-and-closures.rs'), file('src/metrics.rs', metricsRs)];
    const metrics = [
      metric('connected', 'CONNECTED', 'src/metrics.rs'),
      metric('dropped_total', 'DROPPED', 'src/metrics.rs'),
      metric('messages_total', 'MESSAGES', 'src/metrics.rs', { vec: true }),
    ];
    expect(statuses(metrics, files).entries).toEqual({
      connected: { kind: 'forced', binary: 'src/main.rs', chain: ['main'], site: { path: 'src/main.rs', line: 9, function: 'main' }, labelValuesAtStartup: null },
      dropped_total: {
        kind: 'forced', binary: 'src/main.rs',
        chain: ['main', 'initialize_metrics'],
        site: { path: 'src/metrics.rs', line: 2, function: 'initialize_metrics' },
        labelValuesAtStartup: null,
      },
      messages_total: { kind: 'forced', binary: 'src/main.rs', chain: ['main'], site: { path: 'src/main.rs', line: 20, function: 'main' }, labelValuesAtStartup: true },
    });
  });

  it('explicit forcing reached only through a method of unknown receiver type is undetermined', () => {
    const source = [
      'struct Metrics;',
      'impl Metrics {',
      '    fn init(&self) {',
      '        lazy_static::initialize(&HITS);',
      '    }',
      '}',
      'fn make() -> Metrics { Metrics }',
      'fn main() {',
      '    let m = make();',
      '    m.init();',
      '}',
    ].join('\n');
    expect(statuses([metric('hits_total', 'HITS', 'src/main.rs')], [file('src/main.rs', source)]).entries).toEqual({
      hits_total: {
        kind: 'unknown',
        reason:
          'main calls .init() at src/main.rs:10 on a value of unknown type; if that is Metrics::init, it touches HITS at src/main.rs:4',
        labelValuesAtStartup: null,
      },
    });
  });

  it('eager metrics are eager; a Vec among them still reports whether label values exist at startup', () => {
    const source = ['fn main() {', '    crate::REQUESTS.with_label_values(&["get"]).inc();', '}'].join('\n');
    const metrics = [
      metric('requests_total', 'REQUESTS', 'src/main.rs', { holder: 'eager', vec: true }),
      metric('local_total', null, 'src/main.rs', { holder: 'eager', vec: true }),
      metric('held_total', null, 'src/main.rs', { holder: 'lazy_static' }),
    ];
    expect(statuses(metrics, [file('src/main.rs', source)]).entries).toEqual({
      requests_total: { kind: 'eager', labelValuesAtStartup: true },
      local_total: { kind: 'eager', labelValuesAtStartup: null },
      held_total: { kind: 'unknown', reason: 'held by a lazy_static without a static name to follow', labelValuesAtStartup: null },
    });
  });
});

describe('analyzeStartup across crates', () => {
  const LIB = crate('metrics_lib', 'crates/metrics-lib');
  const BIN = crate('server', 'crates/server', ['metrics_lib']);
  const crates = [LIB, BIN];
  const libFile = fixture('lazy-force.rs', 'crates/metrics-lib/src/lib.rs', crates);
  const libMetrics = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((s) =>
    metric(`${s.toLowerCase()}_total`, s, 'crates/metrics-lib/src/lib.rs', { crate: 'metrics-lib', holder: s === 'H' ? 'OnceLock' : 'once_cell::Lazy' }),
  );

  it('a library crate that no main calls into is noted, and its statics are undetermined', () => {
    const result = statuses(libMetrics.slice(0, 1), [libFile]);
    expect(result).toEqual({
      binaries: { a_total: [] },
      entries: {
        a_total: {
          kind: 'unknown',
          reason: 'no binary of this repository depends on crate metrics-lib; the binary that links it decides',
          labelValuesAtStartup: null,
        },
      },
      notes: [
        'crate metrics-lib has no fn main and no binary of this repository depends on it: whether its lazy statics are registered depends on the binary that links it',
      ],
    });
  });

  it("another crate's main calling other_crate::force_all() forces every kind of touch", () => {
    const main = file('crates/server/src/main.rs', 'fn main() {\n    metrics_lib::force_all();\n}\n', crates);
    const result = statuses(libMetrics, [libFile, main]);
    expect(result.notes).toEqual([
      'crate metrics-lib has no fn main: its statics were followed from the mains of the binaries that depend on it (crates/server/src/main.rs)',
    ]);
    const lines: Record<string, number> = { a_total: 18, b_total: 19, c_total: 20, d_total: 21, e_total: 22, f_total: 23, g_total: 24, h_total: 25 };
    for (const [name, line] of Object.entries(lines)) {
      expect(result.entries[name]).toEqual({
        kind: 'forced', binary: 'crates/server/src/main.rs',
        chain: ['main', 'metrics_lib::force_all'],
        site: { path: 'crates/metrics-lib/src/lib.rs', line, function: 'force_all' },
        labelValuesAtStartup: null,
      });
    }
  });

  it('a static named through a use of the other crate is matched to that crate', () => {
    const lib = file('crates/metrics-lib/src/lib.rs', 'pub fn unused() {}\n', crates);
    const main = file('crates/server/src/main.rs', 'use metrics_lib::TOTAL;\nfn main() {\n    TOTAL.inc();\n}\n', crates);
    const result = statuses([metric('total', 'TOTAL', 'crates/metrics-lib/src/lib.rs', { crate: 'metrics-lib' })], [lib, main]);
    expect(result.entries['total']).toEqual({
      kind: 'forced', binary: 'crates/server/src/main.rs',
      chain: ['main'],
      site: { path: 'crates/server/src/main.rs', line: 3, function: 'main' },
      labelValuesAtStartup: null,
    });
  });
});
