import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { openAnalysis } from '../../src/history/analysis-context.js';
import { indexedRepository } from '../../src/history/indexed-repository.js';
import { snapshotAt } from '../../src/history/snapshot.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

/*
 * Files that register nothing themselves (constants, re-exports, call sites, forwarding functions)
 * are left unparsed by the history walk until a tree needs them: a registration naming something
 * from another file, or a wrapper. These histories make them needed only half-way through.
 */

interface IndexJson {
  blobsExtracted: number;
  blobsDeferred: number;
}

interface HistoryJson {
  name: string | null;
  events: { kind: string; commit: { sha: string } }[];
}

const scenario = scenariosRemovedAfterEachTest();

const events = async (repo: Scenario, metric: string) =>
  (await runCliJson<HistoryJson>(['history', metric, '--repo', repo.dir])).result.events.map((e) => [e.kind, e.commit.sha]);

/** Indexes again from nothing: the answers must not depend on what an earlier run left unparsed. */
async function cold(repo: Scenario): Promise<IndexJson> {
  await runCli(['cache', 'clear', '--repo', repo.dir]);
  return (await runCliJson<IndexJson>(['index', '--json', '--repo', repo.dir])).result;
}

const WRAPPER = `pub fn app_counter(name: &str, help: &str) -> prometheus::IntCounter {
    prometheus::register_int_counter!(format!("app_{name}"), help).unwrap()
}
`;

describe('files without registrations of their own, over history', () => {
  it('call sites written before their wrapper exists become metrics at the commit that adds the wrapper', async () => {
    const repo = scenario();
    const lib = 'pub mod metrics;\npub mod api;\npub mod db;\n';
    const api = (n: number) => `use crate::metrics::app_counter;\n\npub fn requests() {\n    app_counter("requests_total", "Requests");\n    let _ = vec!["${n}"];\n}\n`;
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/lib.rs': lib, 'src/metrics.rs': 'pub fn none() {}\n', 'src/api.rs': api(1) });
    repo.commit('Edit the call site file', { 'src/api.rs': api(2) });
    const early = await cold(repo);
    expect(early).toMatchObject({ blobsExtracted: 0, blobsDeferred: 3 });

    const wrapper = repo.commit('Add the wrapper', { 'src/metrics.rs': WRAPPER });
    repo.commit('Edit the call site file again', { 'src/api.rs': api(3) });
    const queries = repo.commit('Count queries', { 'src/db.rs': 'pub fn q() {\n    crate::metrics::app_counter("queries_total", "Queries");\n}\n' });
    // Incremental: the index of the first two commits is extended.
    expect(await events(repo, 'app_requests_total')).toEqual([['introduced', wrapper]]);
    expect(await events(repo, 'app_queries_total')).toEqual([['introduced', queries]]);
    await cold(repo);
    expect(await events(repo, 'app_requests_total')).toEqual([['introduced', wrapper]]);
    expect(await events(repo, 'app_queries_total')).toEqual([['introduced', queries]]);
  });

  it('a constant defined long before a registration uses it: the name resolves from the commit of the registration', async () => {
    const repo = scenario();
    const names = (value: string) => `pub const REQ: &str = "${value}";\npub const TABLE: &str = "users";\n`;
    const plain = lazyMetrics([{ static: 'PLAIN', name: 'svc_plain_total' }]);
    const main = 'mod metrics;\nmod names;\n\nfn main() {}\n';
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': main, 'src/names.rs': names('svc_req_total'), 'src/metrics.rs': plain });
    repo.commit('Rename the table', { 'src/names.rs': names('svc_req_total').replace('users', 'accounts') });
    expect(await cold(repo)).toMatchObject({ blobsExtracted: 1, blobsDeferred: 3 });

    const uses = repo.commit('Count requests', {
      'src/metrics.rs': `${plain}lazy_static! {\n    pub static ref REQ: IntCounter = register_int_counter!(crate::names::REQ, "Requests").unwrap();\n}\n`,
    });
    const renamed = repo.commit('Rename the request counter', { 'src/names.rs': names('svc_requests_total') });
    for (const run of ['incremental', 'cold']) {
      if (run === 'cold') await cold(repo);
      expect(await events(repo, 'svc_req_total'), run).toEqual([
        ['introduced', uses],
        ['removed', renamed],
      ]);
      expect(await events(repo, 'svc_requests_total'), run).toEqual([['introduced', renamed]]);
      expect((await events(repo, 'svc_plain_total')).length, run).toBe(1);
    }
  });

  it('a registration named by a constant of its own file needs no other file: code files stay unparsed', async () => {
    const repo = scenario();
    const metrics = 'const NAME: &str = "svc_named_total";\nlazy_static::lazy_static! {\n    pub static ref N: prometheus::IntCounter = prometheus::register_int_counter!(NAME, "Named").unwrap();\n}\n';
    const code = (n: number) => `use std::fmt;\npub const NAME: &str = "not_this_one_${n}";\npub fn f() { g("x"); }\n`;
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nmod code;\nfn main() {}\n', 'src/metrics.rs': metrics, 'src/code.rs': code(1) });
    repo.commit('Change code', { 'src/code.rs': code(2) });
    expect(await cold(repo)).toMatchObject({ blobsExtracted: 1, blobsDeferred: 3 });
    expect(await events(repo, 'svc_named_total')).toEqual([['introduced', repo.sha('HEAD~1')]]);
  });

  it('a registration naming another module\'s constant parses only the files on the way to it', async () => {
    const repo = scenario();
    const code = (n: number) => `use std::fmt;\npub const LIMIT: usize = ${n};\npub fn f() { g("x"); }\n`;
    repo.commit('Skeleton', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': 'mod metrics;\nmod names;\nmod consts;\nmod code;\nmod more;\nfn main() {}\n',
      'src/metrics.rs': 'lazy_static::lazy_static! {\n    pub static ref R: prometheus::IntCounter = prometheus::register_int_counter!(crate::names::REQ, "Requests").unwrap();\n}\n',
      'src/names.rs': 'pub use crate::consts::BASE as REQ;\n',
      'src/consts.rs': 'const PREFIX: &str = "svc";\npub const BASE: &str = concat!(PREFIX, "_requests_total");\n',
      'src/code.rs': code(1),
      'src/more.rs': code(2),
    });
    repo.commit('Change code', { 'src/code.rs': code(3) });
    // The metrics file, then main.rs (the crate root names the module `names`, which an alias there
    // could redirect), names.rs (it names REQ) and consts.rs (it names BASE); never the code files.
    expect(await cold(repo)).toMatchObject({ blobsExtracted: 4, blobsDeferred: 6 });
    expect(await events(repo, 'svc_requests_total')).toEqual([['introduced', repo.sha('HEAD~1')]]);
  });

  it('a module imported under the name of a dependency crate (`use crate::metrics;` beside the `metrics` crate) is followed to its constant', async () => {
    const repo = scenario();
    const cargo = `${CARGO_TOML()}metrics = "0.20"\n`;
    // The shape of greptimedb's datanode: the constant's module shares its name with a registry crate,
    // and the registering file brings the module into scope by `use`.
    const registering = [
      'use crate::metrics;',
      '',
      'lazy_static::lazy_static! {',
      '    pub static ref R: prometheus::IntCounter = prometheus::register_int_counter!(metrics::REQUESTS, "Requests").unwrap();',
      '}',
      '',
    ].join('\n');
    repo.commit('Skeleton', {
      'Cargo.toml': cargo,
      'src/lib.rs': 'pub mod metrics;\npub mod instance;\n',
      'src/metrics.rs': 'pub const REQUESTS: &str = "svc_requests_total";\n',
      'src/instance.rs': 'pub mod sql;\n',
      'src/instance/sql.rs': registering,
    });
    const added = repo.sha('HEAD');
    await cold(repo);
    expect(await events(repo, 'svc_requests_total')).toEqual([['introduced', added]]);
    const listed = await runCliJson<{ metrics: { name: string }[] }>(['list', '--repo', repo.dir, '--ref', 'HEAD', '--json']);
    expect(listed.result.metrics.map((m) => m.name)).toEqual(['svc_requests_total']);
  });

  it('a commit that changes only such files, while no registration needs them, takes its parent\'s set without resolving', async () => {
    const repo = scenario();
    const code = (n: number) => `use std::fmt;\npub const LIMIT: usize = ${n};\npub fn f() { g("x"); }\n`;
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nmod code;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]), 'src/code.rs': code(1) });
    await cold(repo);
    repo.commit('Change code', { 'src/code.rs': code(2), 'src/more.rs': code(3) });
    const context = await openAnalysis(repo.dir, {});
    try {
      const { stats, view } = await indexedRepository(context);
      expect(stats).toMatchObject({ newCommits: 1, resolutions: 0 });
      expect([...view.metricNamesAt(repo.sha('HEAD'))]).toEqual(['svc_a_total']);
      // Both new blobs read and classified, never parsed; the one they replace is known from the stored tip state.
      expect(context.facts.counters).toMatchObject({ extracted: 0, deferred: 2 });
    } finally {
      await context.close();
    }
  });

  it('with wrappers, only files that mention a wrapper by name are parsed, forwarding functions and Type::method wrappers included', async () => {
    const repo = scenario();
    const metrics = `${WRAPPER}pub struct Metrics;\nimpl Metrics {\n    pub fn counter(name: &str) -> prometheus::IntCounter {\n        prometheus::register_int_counter!(name, "By type").unwrap()\n    }\n}\n`;
    const files = {
      'Cargo.toml': CARGO_TOML(),
      'src/lib.rs': 'pub mod metrics;\npub mod api;\npub mod fwd;\npub mod jobs;\npub mod worker;\npub mod util;\n',
      'src/metrics.rs': metrics,
      'src/api.rs': 'use crate::metrics::app_counter;\npub fn requests() {\n    app_counter("requests_total", "Requests");\n}\n',
      // Calls the wrapper with its own parameter: a wrapper too, found because the file names app_counter.
      'src/fwd.rs': 'pub fn service_counter(name: &str) {\n    crate::metrics::app_counter(name, "Service");\n}\n',
      'src/jobs.rs': 'pub fn jobs() {\n    crate::fwd::service_counter("jobs_total");\n}\n',
      'src/worker.rs': 'use crate::metrics::Metrics;\npub fn work() {\n    Metrics::counter("worker_total");\n}\n',
      // Calls with literal arguments, naming no wrapper: never parsed.
      'src/util.rs': 'pub fn util() {\n    log_line("counter", "x");\n    store.counter("misc_total");\n}\n',
    };
    repo.commit('Everything', files);
    repo.commit('Edit plain code', { 'src/util.rs': files['src/util.rs'].replace('"x"', '"y"') });
    const summary = await cold(repo);
    // metrics.rs, then api.rs, fwd.rs and worker.rs (they name a wrapper), then jobs.rs (it names the
    // wrapper fwd.rs turned out to define) and lib.rs (its `mod metrics` is on the way of the imports
    // of wrappers); never either version of util.rs.
    expect(summary).toMatchObject({ blobsExtracted: 6, blobsDeferred: 7 });
    const indexed = (await runCliJson<{ metrics: { name: string }[] }>(['list', '--ref', 'HEAD', '--repo', repo.dir])).result.metrics.map((m) => m.name).sort();
    expect(indexed).toEqual(['app_jobs_total', 'app_requests_total', 'worker_total']);
    for (const name of indexed) expect((await events(repo, name)).map(([kind]) => kind)).toEqual(['introduced']);
  });

  it('a file that declares a test module in another file is parsed only when a parsed file sits below it', async () => {
    const repo = scenario();
    const api = (attribute: string) => `pub fn a() {}\n${attribute}mod fixtures;\n`;
    const start = repo.commit('Start', {
      'Cargo.toml': CARGO_TOML(),
      'src/lib.rs': 'pub mod metrics;\npub mod plain;\npub mod api;\n',
      'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]),
      // Declares a test module, but nothing below it registers: never parsed.
      'src/plain.rs': 'pub fn p() {}\n#[cfg(test)]\nmod helpers;\n',
      'src/plain/helpers.rs': 'pub fn h() {\n    log_line("x", "y");\n}\n',
      // Declares a test module that registers: parsed, so that the registration counts as test code.
      'src/api.rs': api('#[cfg(test)]\n'),
      'src/api/fixtures.rs': lazyMetrics([{ static: 'F', name: 'svc_fixture_total' }]),
    });
    // Only the declaring file changes (no parsed file does): the metric set still changes.
    const outOfTests = repo.commit('Fixtures outside tests', { 'src/api.rs': api('') });
    const backInTests = repo.commit('Fixtures in tests again', { 'src/api.rs': api('#[cfg(all(test, feature = "x"))]\n') });
    const summary = await cold(repo);
    // Every blob without a registration of its own is deferred when read (lib.rs, plain.rs, helpers.rs
    // and the three versions of api.rs); then the two versions of api.rs that declare fixtures as test
    // code are parsed, besides metrics.rs and fixtures.rs. Never lib.rs, plain.rs or helpers.rs.
    expect(summary).toMatchObject({ blobsExtracted: 4, blobsDeferred: 6 });
    const context = await openAnalysis(repo.dir, {});
    try {
      const { view } = await indexedRepository(context);
      expect([start, outOfTests, backInTests].map((c) => [...view.metricNamesAt(c)].sort())).toEqual([['svc_a_total'], ['svc_a_total', 'svc_fixture_total'], ['svc_a_total']]);
    } finally {
      await context.close();
    }
    for (const commit of [start, outOfTests, backInTests]) {
      const listed = (await runCliJson<{ metrics: { name: string; test?: boolean }[] }>(['list', '--ref', commit, '--repo', repo.dir, '--include-tests'])).result.metrics;
      expect(listed.map((m) => [m.name, m.test === true]).sort()).toEqual(commit === outOfTests ? [['svc_a_total', false], ['svc_fixture_total', false]] : [['svc_a_total', false], ['svc_fixture_total', true]]);
    }
  });

  it('a file that declares a test module is parsed only when a parsed file sits in that module, not beside it', async () => {
    const repo = scenario();
    const metricsAt = async (commits: readonly string[]) => {
      const context = await openAnalysis(repo.dir, {});
      try {
        const { view } = await indexedRepository(context);
        return commits.map((c) => [...view.metricNamesAt(c)].sort());
      } finally {
        await context.close();
      }
    };
    const beside = repo.commit('Counters beside a test module', {
      'Cargo.toml': CARGO_TOML(),
      'src/lib.rs': 'pub mod store;\n',
      'src/store.rs': 'pub mod counters;\n#[cfg(test)]\nmod debug;\n',
      'src/store/counters.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]),
      'src/store/debug.rs': 'pub fn d() {}\n',
    });
    // store.rs declares only `debug` as test code, and nothing parsed sits there: only counters.rs is parsed.
    expect(await cold(repo)).toMatchObject({ blobsExtracted: 1 });
    // Now a registration sits in the test module: store.rs joins (on top of the stored tip too), and marks it as test code.
    const inside = repo.commit('A metric in the test module', { 'src/store/debug.rs': lazyMetrics([{ static: 'D', name: 'svc_debug_total' }]) });
    // A test module declared inside an inline test module: `tests::fixtures` sits below `tests`.
    const nested = repo.commit('Fixtures below an inline test module', {
      'src/store.rs': 'pub mod counters;\n#[cfg(test)]\nmod tests {\n    mod fixtures;\n}\n',
      'src/store/debug.rs': 'pub fn d() {}\n',
      'src/store/tests/fixtures.rs': lazyMetrics([{ static: 'F', name: 'svc_fixture_total' }]),
    });
    const expected = [['svc_a_total'], ['svc_a_total'], ['svc_a_total']];
    expect(await metricsAt([beside, inside, nested])).toEqual(expected);
    await cold(repo);
    expect(await metricsAt([beside, inside, nested])).toEqual(expected);
    for (const [commit, testMetric] of [[inside, 'svc_debug_total'], [nested, 'svc_fixture_total']] as const) {
      const listed = (await runCliJson<{ metrics: { name: string; test?: boolean }[] }>(['list', '--ref', commit, '--repo', repo.dir, '--include-tests'])).result.metrics;
      expect(listed.map((m) => [m.name, m.test === true]).sort()).toEqual([['svc_a_total', false], [testMetric, true]]);
    }
  });

  it('a file dependent only for its register call starts no lookup: its glob of a helper crate parses nothing there', async () => {
    const repo = scenario();
    const member = (name: string, deps = '') => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\n${deps}`;
    const registerCall = 'pub fn sink() {\n    prometheus::default_registry().register(Box::new(crate::metrics::C.clone())).unwrap();\n}\n';
    const plain = repo.commit('A construction registered in another file', {
      'Cargo.toml': '[workspace]\nmembers = ["svc", "helpers"]\n',
      'svc/Cargo.toml': member('svc', 'helpers = { path = "../helpers" }\n'),
      'svc/src/lib.rs': 'pub mod metrics;\npub mod sink;\n',
      'svc/src/metrics.rs': 'lazy_static::lazy_static! {\n    pub static ref C: prometheus::IntCounter = prometheus::IntCounter::new("svc_sink_total", "Sink").unwrap();\n}\n',
      'svc/src/sink.rs': `use helpers::*;\n\n${registerCall}`,
      'helpers/Cargo.toml': member('helpers'),
      'helpers/src/lib.rs': 'mod names;\npub use names::*;\n',
      'helpers/src/names.rs': 'pub const SINK: &str = "svc_helper_sink_total";\n',
    });
    // metrics.rs and sink.rs: sink.rs names no constant, so the glob it imports is not followed into helpers.
    expect(await cold(repo)).toMatchObject({ blobsExtracted: 2 });
    // A registration there naming a constant the glob brings: the new sink.rs, the helpers' root and names.rs join.
    const named = repo.commit('A metric named by a helper constant', {
      'svc/src/sink.rs': `use helpers::*;\n\n${registerCall}lazy_static::lazy_static! {\n    pub static ref S: prometheus::IntCounter = prometheus::register_int_counter!(SINK, "S").unwrap();\n}\n`,
    });
    expect(await cold(repo)).toMatchObject({ blobsExtracted: 5 });
    const context = await openAnalysis(repo.dir, {});
    try {
      const { view } = await indexedRepository(context);
      expect([plain, named].map((c) => [...view.metricNamesAt(c)].sort())).toEqual([['svc_sink_total'], ['svc_helper_sink_total', 'svc_sink_total']]);
    } finally {
      await context.close();
    }
    for (const [commit, names] of [[plain, ['svc_sink_total']], [named, ['svc_helper_sink_total', 'svc_sink_total']]] as const) {
      expect((await runCliJson<{ metrics: { name: string }[] }>(['list', '--ref', commit, '--repo', repo.dir, '--verbose'])).result.metrics.map((m) => m.name).sort()).toEqual(names);
    }
  });

  it('a run on top of a stored tip checks only the deferred files its commit changes, and answers as a cold index does', async () => {
    const repo = scenario();
    const plain = (n: number) => `pub fn plain${n}() {\n    log_line("plain", "${n}");\n}\n`;
    const files: Record<string, string> = {
      'Cargo.toml': CARGO_TOML(),
      'src/lib.rs': 'pub mod metrics;\npub mod api;\npub mod util;\npub mod plain;\n',
      'src/metrics.rs': WRAPPER,
      'src/api.rs': 'use crate::metrics::app_counter;\npub fn requests() {\n    app_counter("requests_total", "Requests");\n}\n',
      'src/util.rs': 'pub fn util() {\n    log_line("counter", "x");\n}\n',
      'src/plain.rs': Array.from({ length: 12 }, (_, i) => `pub mod p${i};\n`).join(''),
    };
    for (let i = 0; i < 12; i++) files[`src/plain/p${i}.rs`] = plain(i);
    repo.commit('Everything', files);
    await cold(repo);
    const incremental = async () => {
      const context = await openAnalysis(repo.dir, {});
      try {
        const { stats, view } = await indexedRepository(context);
        return { stats, names: [...view.metricNamesAt(repo.sha('HEAD'))].sort() };
      } finally {
        await context.close();
      }
    };

    // A registration added to a parsed file: the needed names are the tip's, so no deferred blob is read.
    const added = repo.commit('Add a metric', { 'src/metrics.rs': `${WRAPPER}${lazyMetrics([{ static: 'A', name: 'svc_a_total' }])}` });
    expect(await incremental()).toEqual({ stats: expect.objectContaining({ newCommits: 1, resolutions: 1, deferredChecked: 0 }), names: ['app_requests_total', 'svc_a_total'] });
    // A deferred file that starts to call the wrapper: the one changed file is checked, and joins; and
    // lib.rs, the module above it, which might declare `util` as a test module.
    const util = repo.commit('Count in util', { 'src/util.rs': 'pub fn util() {\n    crate::metrics::app_counter("util_total", "Util");\n}\n' });
    expect(await incremental()).toEqual({ stats: expect.objectContaining({ newCommits: 1, deferredChecked: 2 }), names: ['app_requests_total', 'app_util_total', 'svc_a_total'] });
    // The tip state saved by that run records util.rs as joined: editing a plain file checks that one only.
    const edit = repo.commit('Edit plain code', { 'src/plain/p3.rs': plain(33), 'src/metrics.rs': `${WRAPPER}${lazyMetrics([{ static: 'B', name: 'svc_b_total' }])}` });
    expect(await incremental()).toEqual({ stats: expect.objectContaining({ newCommits: 1, deferredChecked: 1 }), names: ['app_requests_total', 'app_util_total', 'svc_b_total'] });

    const byCommit = async () => Object.fromEntries(await Promise.all([added, util, edit].map(async (c) => [c, (await runCliJson<{ metrics: { name: string; definedAt: unknown }[] }>(['list', '--ref', c, '--repo', repo.dir])).result.metrics])));
    const history = async () => Object.fromEntries(await Promise.all(['app_util_total', 'svc_a_total', 'svc_b_total'].map(async (name) => [name, await events(repo, name)])));
    const incrementalAnswers = { lists: await byCommit(), history: await history() };
    await cold(repo);
    expect({ lists: await byCommit(), history: await history() }).toEqual(incrementalAnswers);
  });

  it('listing one tree reads each deferred blob once, though the needed names grow after files join', async () => {
    const repo = scenario();
    repo.commit('Everything', {
      'Cargo.toml': CARGO_TOML(),
      'src/lib.rs': 'pub mod metrics;\npub mod fwd;\npub mod jobs;\npub mod util;\n',
      'src/metrics.rs': WRAPPER,
      // Joins for naming app_counter, and turns out to be a wrapper itself: jobs.rs is needed only then.
      'src/fwd.rs': 'pub fn service_counter(name: &str) {\n    crate::metrics::app_counter(name, "Service");\n}\n',
      'src/jobs.rs': 'pub fn jobs() {\n    crate::fwd::service_counter("jobs_total");\n}\n',
      'src/util.rs': 'pub fn util() {\n    log_line("counter", "x");\n}\n',
    });
    const context = await openAnalysis(repo.dir, {});
    try {
      const reads = new Map<string, number>();
      const read = context.blobs.read.bind(context.blobs);
      context.blobs.read = (oid) => {
        reads.set(oid, (reads.get(oid) ?? 0) + 1);
        return read(oid);
      };
      const snapshot = await snapshotAt(context.repo, 'HEAD', context, 'metric-files');
      expect(snapshot.metrics.map((m) => m.name).sort()).toEqual(['app_jobs_total']);
      const readsOf = (path: string) => reads.get(repo.git(['rev-parse', `HEAD:${path}`]).trim());
      // Once to classify; the two that join are read again to be parsed, and no file once per pass.
      expect(['src/lib.rs', 'src/metrics.rs', 'src/util.rs', 'src/fwd.rs', 'src/jobs.rs'].map(readsOf)).toEqual([1, 1, 1, 2, 2]);
    } finally {
      await context.close();
    }
  });
});
