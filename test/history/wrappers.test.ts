import { describe, expect, it } from 'vitest';
import { openAnalysis } from '../../src/history/analysis-context.js';
import { MetricSetResolver } from '../../src/history/metric-set-resolver.js';
import { treeStateOf } from '../../src/history/tree-state.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\n';
const LIB = 'pub mod metrics;\npub mod api;\npub mod db;\n';

/** The helper: `prefix` + the name each call gives. */
const helper = (prefix: string): string => `use prometheus::IntCounter;

pub fn app_counter(name: &str, help: &str) -> IntCounter {
    prometheus::register_int_counter!(format!("${prefix}{name}"), help).unwrap()
}
`;

const API = `use crate::metrics::app_counter;

pub fn requests() -> prometheus::IntCounter {
    app_counter("requests_total", "Requests")
}
`;

const DB = `pub fn queries() -> prometheus::IntCounter {
    crate::metrics::app_counter("queries_total", "Queries")
}
`;

interface ExplainJson {
  name: string | null;
  introductions: { commit: { sha: string; subject: string } }[];
}

interface HistoryJson {
  events: { kind: string; commit: { sha: string }; detail: string }[];
}

const scenario = scenariosRemovedAfterEachTest();

describe('metrics registered through wrappers, over history', () => {
  it('a call site is introduced by the commit that adds the call, not the one that adds the helper', async () => {
    const repo = scenario();
    const helperCommit = repo.commit('Metrics helper', { 'Cargo.toml': CARGO, 'src/lib.rs': LIB, 'src/metrics.rs': helper('app_'), 'src/api.rs': 'pub fn f() {}\n' });
    const apiCommit = repo.commit('Count API requests', { 'src/api.rs': API });
    repo.commit('Unrelated', { 'src/other.rs': 'pub fn other() {}\n' });
    const dbCommit = repo.commit('Count queries', { 'src/db.rs': DB });

    const requests = await runCliJson<ExplainJson>(['explain', 'app_requests_total', '--repo', repo.dir]);
    expect(requests.code).toBe(0);
    expect(requests.result.introductions.map((i) => i.commit.sha)).toEqual([apiCommit]);
    const queries = await runCliJson<ExplainJson>(['explain', 'app_queries_total', '--repo', repo.dir]);
    expect(queries.result.introductions.map((i) => i.commit.sha)).toEqual([dbCommit]);
    expect(helperCommit).not.toBe(apiCommit);

    const text = await runCli(['explain', 'app_requests_total', '--repo', repo.dir]);
    expect(text.stdout).toContain('app_requests_total   int_counter   "Requests"');
    expect(text.stdout).toContain('src/api.rs:4');
  });

  it('a prefix change in the wrapper renames every metric it produces: removed + added, with rename hints', async () => {
    const repo = scenario();
    const first = repo.commit('Helper and calls', { 'Cargo.toml': CARGO, 'src/lib.rs': LIB, 'src/metrics.rs': helper('app_'), 'src/api.rs': API, 'src/db.rs': DB });
    repo.commit('Touch the API file, not its calls', { 'src/api.rs': `${API}\n// A comment.\n` });
    const rename = repo.commit('Prefix metrics with svc_', { 'src/metrics.rs': helper('svc_') });

    for (const [old, renamed, at] of [
      ['app_requests_total', 'svc_requests_total', 'src/api.rs:4'],
      ['app_queries_total', 'svc_queries_total', 'src/db.rs:2'],
    ] as const) {
      const before = await runCliJson<HistoryJson>(['history', old, '--repo', repo.dir]);
      expect(before.result.events.map((e) => [e.kind, e.commit.sha])).toEqual([
        ['introduced', first],
        ['removed', rename],
      ]);
      const after = await runCliJson<HistoryJson>(['history', renamed, '--repo', repo.dir]);
      expect(after.result.events.map((e) => [e.kind, e.commit.sha])).toEqual([['introduced', rename]]);
      const text = await runCli(['history', renamed, '--repo', repo.dir]);
      expect(text.stdout).toContain(`${at}   renamed from ${old}?`);
    }
    const explained = await runCliJson<ExplainJson>(['explain', 'svc_requests_total', '--repo', repo.dir]);
    expect(explained.result.introductions.map((i) => i.commit.sha)).toEqual([rename]);
  });

  it('a macro_rules! wrapper: its call sites are the metrics, introduced where they are called', async () => {
    const repo = scenario();
    const macros = 'macro_rules! svc_counter {\n    ($name:expr, $help:expr) => {\n        prometheus::register_int_counter!(concat!("svc_", $name), $help).unwrap()\n    };\n}\n';
    repo.commit('Macro', { 'Cargo.toml': CARGO, 'src/lib.rs': '#[macro_use]\nmod macros;\npub mod jobs;\n', 'src/macros.rs': macros, 'src/jobs.rs': 'pub fn f() {}\n' });
    const call = repo.commit('Count jobs', { 'src/jobs.rs': 'pub fn jobs() -> prometheus::IntCounter {\n    svc_counter!("jobs_total", "Jobs")\n}\n' });
    const run = await runCliJson<ExplainJson>(['explain', 'svc_jobs_total', '--repo', repo.dir]);
    expect(run.result.introductions.map((i) => i.commit.sha)).toEqual([call]);
  });

  it('reuses the wrapper set and per-file results for commits that touch neither wrappers nor call sites', async () => {
    const repo = scenario();
    const plain = (n: number) =>
      `use prometheus::IntCounter;\npub fn plain() -> IntCounter {\n    prometheus::register_int_counter!("plain_${n}_total", "Plain").unwrap()\n}\n`;
    const a = repo.commit('Start', { 'Cargo.toml': CARGO, 'src/lib.rs': LIB, 'src/metrics.rs': helper('app_'), 'src/api.rs': API, 'src/db.rs': DB, 'src/plain.rs': plain(1) });
    const b = repo.commit('Plain metric only', { 'src/plain.rs': plain(2) });
    const comment = repo.commit('Document the helper', { 'src/metrics.rs': `//! Metrics helpers.\n${helper('app_')}` });
    const c = repo.commit('New prefix', { 'src/metrics.rs': helper('svc_') });
    const context = await openAnalysis(repo.dir, {});
    try {
      const resolver = new MetricSetResolver(context.facts, context.blobs);
      const relevant = (oid: string, path: string) => resolver.relevant(oid, path);
      const names = async (commit: string) => (await resolver.resolve(await treeStateOf(context.repo, commit, relevant))).parts.flat().map((d) => d.name).sort();

      expect(await names(a)).toEqual(['app_queries_total', 'app_requests_total', 'plain_1_total']);
      expect(resolver.wrapperInferences).toBe(1);
      const resolvedFiles = resolver.fileResolutions;

      expect(await names(b)).toEqual(['app_queries_total', 'app_requests_total', 'plain_2_total']);
      expect(resolver.wrapperInferences).toBe(1);
      expect(resolver.fileResolutions - resolvedFiles).toBe(1);

      // The helper's file changes but its wrapper means the same: only that file is resolved again.
      const beforeComment = resolver.fileResolutions;
      expect(await names(comment)).toEqual(['app_queries_total', 'app_requests_total', 'plain_2_total']);
      expect(resolver.wrapperInferences).toBe(2);
      expect(resolver.fileResolutions - beforeComment).toBe(1);

      const beforePrefix = resolver.fileResolutions;
      expect(await names(c)).toEqual(['plain_2_total', 'svc_queries_total', 'svc_requests_total']);
      expect(resolver.wrapperInferences).toBe(3);
      // The helper's file and both call sites; the plain file is untouched.
      expect(resolver.fileResolutions - beforePrefix).toBe(3);
    } finally {
      await context.close();
    }
  });

  it('reads provenance.json from the state when it is tracked, and ignores a malformed one there', async () => {
    const repo = scenario();
    const call = 'pub fn f() -> Result<IntCounter> {\n    lighthouse_metrics::try_create_int_counter("ext_total", "External helper")\n}\n';
    const config = JSON.stringify({ wrappers: [{ function: 'try_create_int_counter', kind: 'int_counter', nameArg: 0, helpArg: 1 }] });
    const good = repo.commit('Configured', { 'Cargo.toml': CARGO, 'src/lib.rs': call, 'provenance.json': config });
    const bad = repo.commit('Broken config', { 'provenance.json': '{"wrappers": [{"function": 3}]}' });
    const context = await openAnalysis(repo.dir, {});
    try {
      const resolver = new MetricSetResolver(context.facts, context.blobs);
      const relevant = (oid: string, path: string) => resolver.relevant(oid, path);
      const withConfig = async (commit: string) => {
        const state = new Map(await treeStateOf(context.repo, commit, relevant));
        state.set('provenance.json', repo.git(['rev-parse', `${commit}:provenance.json`]).trim());
        return (await resolver.resolve(state)).parts.flat().map((d) => d.name);
      };
      expect(await withConfig(good)).toEqual(['ext_total']);
      expect(await withConfig(bad)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
