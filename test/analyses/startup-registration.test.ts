import { describe, expect, it } from 'vitest';
import { crateLayout } from '../../src/model/crate-layout.js';
import { crate, file, fixture, metric, statuses } from '../helpers/startup-analysis.js';

/** name → `status line, line, …` for exact comparison. */
function digest(result: ReturnType<typeof statuses>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(result.entries).map(([name, s]) => {
      const sites = 'uses' in s ? s.uses.map((u) => u.line).join(',') : 'site' in s ? `${s.chain.join('>')}@${s.site.line}` : 'reason' in s ? s.reason : '';
      return [name, `${s.kind} ${sites}`.trim()];
    }),
  );
}

describe('start-up registration: never used, error path only, first use', () => {
  it('tells each form of error handling from normal paths (fixtures/startup/error-paths.rs)', () => {
    const names = ['ARM', 'IF_LET', 'ELSE', 'LET_ELSE', 'MAP_ERR', 'HANDLER', 'OR_ELSE', 'NESTED', 'REACHED', 'MIXED', 'MISSING', 'SKIPPED'];
    const result = statuses(
      names.map((n) => metric(n.toLowerCase(), n, 'src/main.rs')),
      [fixture('error-paths.rs')],
    );
    expect(digest(result)).toEqual({
      arm: 'error-path 30',
      if_let: 'error-path 36',
      else: 'error-path 42',
      let_else: 'error-path 46',
      map_err: 'error-path 50',
      handler: 'error-path 77',
      or_else: 'error-path 54,55',
      nested: 'error-path 59',
      reached: 'error-path 72',
      // One use in an Ok arm makes it appear on the first success.
      mixed: 'first-use 28',
      missing: 'first-use 61',
      skipped: 'first-use 66',
    });
  });

  it('a static nothing uses is never-used; one used only in tests is too', () => {
    const source = [
      'fn main() {',
      '    USED.inc();',
      '}',
      '#[cfg(test)]',
      'mod tests {',
      '    #[test]',
      '    fn counts() {',
      '        super::TESTED.inc();',
      '    }',
      '}',
    ].join('\n');
    const result = statuses(
      [metric('unused', 'UNUSED', 'src/main.rs'), metric('tested', 'TESTED', 'src/main.rs'), metric('used', 'USED', 'src/main.rs')],
      [file('src/main.rs', source)],
    );
    expect(digest(result)).toEqual({ unused: 'never-used', tested: 'never-used', used: 'forced main@2' });
  });

  it('an initialise function that nothing calls forces nothing and is not a use', () => {
    const source = ['pub fn initialize_metrics() {', '    lazy_static::initialize(&IDLE);', '}', 'fn main() {', '    work();', '}', 'fn work() {', '    if std::env::args().count() > 1 {', '        BUSY.inc();', '    }', '}'].join('\n');
    const result = statuses([metric('idle', 'IDLE', 'src/main.rs'), metric('busy', 'BUSY', 'src/main.rs')], [file('src/main.rs', source)]);
    expect(digest(result)).toEqual({ idle: 'never-used', busy: 'first-use 9' });
  });

  it('a for loop over runtime input does not force what its body touches; one over a fixed list does', () => {
    const source = [
      'fn main() {',
      '    for arg in std::env::args() {',
      '        ARGS.inc();',
      '    }',
      '    for kind in ["a", "b"].iter() {',
      '        KINDS.with_label_values(&[kind]);',
      '    }',
      '}',
    ].join('\n');
    const result = statuses([metric('args', 'ARGS', 'src/main.rs'), metric('kinds', 'KINDS', 'src/main.rs', { vec: true })], [file('src/main.rs', source)]);
    expect(digest(result)).toEqual({ args: 'first-use 3', kinds: 'forced main@6' });
    expect(result.entries['kinds']?.labelValuesAtStartup).toBe(true);
  });

  it('derived statics: using or forcing one forces the static its initialiser reads (fixtures/startup/derived-statics.rs)', () => {
    const result = statuses(
      [
        metric('query_elapsed_seconds', 'QUERY_ELAPSED', 'src/main.rs', { vec: true }),
        metric('inserts_total', 'INSERTS', 'src/main.rs', { holder: 'once_cell::Lazy' }),
      ],
      [fixture('derived-statics.rs')],
    );
    // SQL_ELAPSED.start_timer() in serve's loop: first use of QUERY_ELAPSED; BULK_INSERTS.inc() under an if: first use of INSERTS.
    expect(digest(result)).toEqual({ query_elapsed_seconds: 'first-use 23', inserts_total: 'first-use 25' });
  });
});

describe('start-up registration of statics named in macros', () => {
  it('a static named in a macro_rules! body is used where the macro expands: first use at the macro (fixtures/startup/macro-rules-uses.rs)', () => {
    const result = statuses([metric('sql_elapsed_seconds', 'SQL_ELAPSED', 'src/main.rs')], [fixture('macro-rules-uses.rs')]);
    expect(digest(result)).toEqual({ sql_elapsed_seconds: 'first-use 11' });
  });
});

describe('start-up registration across crates', () => {
  const METRICS = crate('metrics_lib', 'crates/metrics-lib');
  const HELPER = crate('helper', 'crates/helper');
  const CMD = crate('cmd', 'crates/cmd', ['metrics_lib', 'helper']);
  const crates = [METRICS, HELPER, CMD];
  const lib = file('crates/metrics-lib/src/lib.rs', 'pub fn record() {\n    WRITES.inc();\n}\n', crates);

  it('a call into a crate that does not depend on the static\'s crate is not a reason for unknown', () => {
    const main = file('crates/cmd/src/bin/server.rs', 'fn main() {\n    helper::generated::setup();\n    metrics_lib::record();\n}\n', crates);
    const helperLib = file('crates/helper/src/lib.rs', 'pub mod generated {\n    pub fn setup() {\n        hidden!();\n        unknown_fn();\n    }\n}\n', crates);
    const result = statuses(
      [metric('writes_total', 'WRITES', 'crates/metrics-lib/src/lib.rs', { crate: 'metrics_lib' }), metric('idle_total', 'IDLE', 'crates/metrics-lib/src/lib.rs', { crate: 'metrics_lib' })],
      [lib, main, helperLib],
      crates,
    );
    expect(digest(result)).toEqual({ writes_total: 'forced main>metrics_lib::record@2', idle_total: 'never-used' });
    expect(result.binaries).toEqual({ writes_total: ['crates/cmd/src/bin/server.rs'], idle_total: ['crates/cmd/src/bin/server.rs'] });
  });

  it('a crate of the tree that was not read (it depends on no asked crate) cannot touch the statics', () => {
    const main = file('crates/cmd/src/main.rs', 'fn main() {\n    helper::Resolver::new();\n    helper::start();\n}\n', crates);
    const result = statuses([metric('writes_total', 'WRITES', 'crates/metrics-lib/src/lib.rs', { crate: 'metrics_lib' })], [lib, main], crates);
    expect(digest(result)).toEqual({ writes_total: 'first-use 2' });
  });

  it('an unresolved call in the binary\'s own crate still makes its statics undetermined', () => {
    const main = file('crates/cmd/src/main.rs', 'fn main() {\n    generated_init();\n}\nfn later() {\n    OWN.inc();\n}\n', crates);
    const result = statuses([metric('own_total', 'OWN', 'crates/cmd/src/main.rs', { crate: 'cmd' })], [main], crates);
    expect(digest(result)).toEqual({
      own_total: 'unknown the start-up path calls generated_init() at crates/cmd/src/main.rs:2 (in main), which could not be resolved and may touch OWN',
    });
  });

  it('a library linked by a bin of another crate, reached by no call, is judged by its uses', () => {
    const main = file('crates/cmd/src/bin/server.rs', 'fn main() {\n    println!("up");\n}\n', crates);
    const storage = file('crates/metrics-lib/src/lib.rs', 'pub fn flush() -> Result<(), String> {\n    Err("x".into()).map_err(|e: String| { FLUSH_ERRORS.inc(); e })\n}\n', crates);
    const result = statuses([metric('flush_errors_total', 'FLUSH_ERRORS', 'crates/metrics-lib/src/lib.rs', { crate: 'metrics_lib' })], [storage, main], crates);
    expect(digest(result)).toEqual({ flush_errors_total: 'error-path 2' });
    expect(result.notes).toEqual(['crate metrics_lib has no fn main: its statics were followed from the mains of the binaries that depend on it (crates/cmd/src/bin/server.rs)']);
  });
});

describe('start-up registration from a [[bin]] with its own path', () => {
  it('a main in the file a [[bin]] path names is an entry point', () => {
    const manifest = '[package]\nname = "svc"\nversion = "0.1.0"\n\n[[bin]]\nname = "server"\npath = "src/cmd/server.rs"\n';
    const { crates } = crateLayout(new Map([['Cargo.toml', manifest]]));
    const main = 'fn main() {\n    svc::init();\n}\n';
    const lib = 'pub fn init() {\n    lazy_static::initialize(&READY);\n}\n';
    const files = [file('src/cmd/server.rs', main, crates), file('src/lib.rs', lib, crates)];
    const result = statuses([metric('ready', 'READY', 'src/lib.rs', { crate: 'svc' })], files, crates);
    expect(digest(result)).toEqual({ ready: 'forced main>init@2' });
    expect(result.binaries).toEqual({ ready: ['src/cmd/server.rs'] });
  });
});

describe('start-up resolution of forms seen in real workspaces', () => {
  it('none of these makes the walk undetermined: a use inside a function, a macro import named like its crate, a renamed package, primitive types, cfg! predicates, a crate importing its own items in main.rs', () => {
    const deps = new Map([
      ['nix', { packageName: 'nix', local: false }],
      ['anyhow', { packageName: 'anyhow', local: false }],
      ['hyper0', { packageName: 'hyper', local: false }],
    ]);
    const svc = { name: 'svc', packageName: 'svc', version: '0.1.0', dir: '', dependencies: deps };
    const main = [
      'use anyhow::anyhow;',
      'use svc::Config;',
      'fn main() {',
      '    use nix::sys::statvfs::statvfs;',
      '    let _ = statvfs("/");',
      '    let _ = anyhow::Ok(());',
      '    let _ = hyper::header::HeaderName::from_static("x");',
      '    let _ = u32::from_str("1");',
      '    if cfg!(not(feature = "testing")) {}',
      '    let config = Config::from_env();',
      '    loop {',
      '        HITS.inc();',
      '    }',
      '}',
    ].join('\n');
    const lib = 'pub struct Config;\nimpl Config {\n    pub fn from_env() -> Self {\n        Config\n    }\n}\n';
    const result = statuses([metric('hits_total', 'HITS', 'src/main.rs', { crate: 'svc' })], [file('src/main.rs', main, [svc]), file('src/lib.rs', lib, [svc])], [svc]);
    expect(digest(result)).toEqual({ hits_total: 'first-use 12' });
  });
});
