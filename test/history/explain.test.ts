import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { cloneShallow } from '../../src/demo/git-fixture-clones.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

interface ExplainJson {
  name: string | null;
  matchedVia: string | null;
  definedIn: { ref: string; ahead: number | null; behind: number | null; mergeBase: string | null }[];
  introductions: { commit: { sha: string; subject: string }; landedOn: string | null; atShallowBoundary: boolean }[];
  merges: { commit: { sha: string }; into: string }[];
  removedFrom: { ref: string; removedBy: { sha: string } | null }[];
  verdict: { kind: string; ref: string | null; removedBy: { sha: string } | null; closest: string[]; summary: string | null } | null;
  closest: string[];
}

const scenario = scenariosRemovedAfterEachTest();

function base(repo: Scenario, metrics = lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }])): string {
  return repo.commit('Service skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': metrics });
}

describe('explain', () => {
  it('the incident: a metric only on a branch 20 commits ahead of the deployed ref', async () => {
    const repo = scenario();
    const mergeBase = base(repo);
    repo.branch('rude1/backfill');
    let introducer = '';
    for (let i = 1; i <= 20; i++) {
      if (i === 3) {
        introducer = repo.commit('Add metrics', {
          'src/metrics.rs': lazyMetrics([
            { static: 'REQUESTS', name: 'svc_requests_total' },
            { static: 'INGESTER_ERRORS', name: 'ingester_errors_total', help: 'Total errors' },
          ]),
        });
      } else repo.commit(`Backfill step ${i}`, { [`src/step${i}.rs`]: `pub fn step${i}() {}\n` });
    }
    repo.switch('main');
    const run = await runCliJson<ExplainJson>(['explain', 'ingester_errors_total', '--deployed', 'main', '--repo', repo.dir]);
    expect(run.code).toBe(1);
    expect(run.result.definedIn).toEqual([{ ref: 'rude1/backfill', commit: repo.sha('rude1/backfill'), ahead: 20, behind: 0, mergeBase, definitions: expect.any(Array) }]);
    expect(run.result.introductions.map((i) => [i.commit.sha, i.commit.subject, i.landedOn])).toEqual([[introducer, 'Add metrics', null]]);
    expect(run.result.verdict).toMatchObject({ kind: 'only-in', ref: 'main', summary: 'exists only in rude1/backfill, 20 commits ahead of main' });

    const text = await runCli(['explain', 'ingester_errors_total', '--deployed', 'main', '--repo', repo.dir]);
    expect(text.stdout).toContain('ingester_errors_total   int_counter   "Total errors"');
    expect(text.stdout).toContain('  defined in     src/metrics.rs:8   static INGESTER_ERRORS (lazy_static)\n                 on rude1/backfill\n');
    expect(text.stdout).toContain(`NOT DEFINED — rude1/backfill is 20 commits ahead of main (0 behind), merge-base ${mergeBase.slice(0, 10)}`);
    expect(text.stdout).toContain('verdict        exists only in rude1/backfill, 20 commits ahead of main');

    const deployed = await runCli(['explain', 'ingester_errors_total', '--deployed', 'rude1/backfill', '--repo', repo.dir]);
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toContain('verdict        deployed in rude1/backfill');
  });

  it('a metric merged into main was introduced by the branch commit; the merge is reported', async () => {
    const repo = scenario();
    base(repo);
    repo.branch('feature');
    const introducer = repo.commit('Count errors', {
      'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }, { static: 'ERRORS', name: 'svc_errors_total' }]),
    });
    repo.switch('main');
    repo.commit('Unrelated work on main', { 'src/other.rs': 'pub fn other() {}\n' });
    const merge = repo.merge('feature', 'Merge branch feature', { noFastForward: true });
    const run = await runCliJson<ExplainJson>(['explain', 'svc_errors_total', '--deployed', 'main', '--repo', repo.dir]);
    expect(run.code).toBe(0);
    expect(run.result.introductions.map((i) => i.commit.sha)).toEqual([introducer]);
    expect(run.result.merges.map((m) => [m.commit.sha, m.into])).toEqual([[merge, 'main']]);
    expect(run.result.verdict?.kind).toBe('deployed');
  });

  it('an evil merge that adds a metric in the merge itself is the introducer', async () => {
    const repo = scenario();
    base(repo);
    repo.branch('feature');
    repo.commit('Feature work', { 'src/feature.rs': 'pub fn f() {}\n' });
    repo.switch('main');
    repo.commit('Main work', { 'src/other.rs': 'pub fn other() {}\n' });
    repo.merge('feature', 'Merge feature', { noFastForward: true, noCommit: true });
    repo.writeFiles({ 'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }, { static: 'EVIL', name: 'svc_evil_total' }]) });
    const merge = repo.commitAll('Merge feature');
    const run = await runCliJson<ExplainJson>(['explain', 'svc_evil_total', '--repo', repo.dir]);
    expect(run.result.introductions.map((i) => i.commit.sha)).toEqual([merge]);
  });

  it('removed then re-added: two introductions, one removal, and --deployed between them says removed', async () => {
    const repo = scenario();
    const first = base(repo);
    const removal = repo.commit('Drop requests counter', { 'src/metrics.rs': lazyMetrics([{ static: 'OTHER', name: 'svc_other_total' }]) });
    const between = repo.commit('Something else', { 'src/x.rs': 'pub fn x() {}\n' });
    const readd = repo.commit('Bring requests counter back', {
      'src/metrics.rs': lazyMetrics([{ static: 'OTHER', name: 'svc_other_total' }, { static: 'REQUESTS', name: 'svc_requests_total' }]),
    });
    const run = await runCliJson<ExplainJson>(['explain', 'svc_requests_total', '--deployed', between, '--repo', repo.dir]);
    expect(run.code).toBe(1);
    expect(run.result.introductions.map((i) => i.commit.sha)).toEqual([first, readd]);
    expect(run.result.verdict).toMatchObject({ kind: 'removed', ref: between, removedBy: { sha: removal } });
    const history = await runCliJson<{ events: { kind: string; commit: { sha: string } }[] }>(['history', 'svc_requests_total', '--repo', repo.dir]);
    expect(history.result.events.map((e) => [e.kind, e.commit.sha])).toEqual([
      ['introduced', first],
      ['removed', removal],
      ['re-added', readd],
    ]);
  });

  it('a metric moved to another file in one commit: one introduction, one move', async () => {
    const repo = scenario();
    const first = base(repo);
    const move = repo.commit('Move metrics to telemetry.rs', {
      'src/metrics.rs': null,
      'src/telemetry.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }]),
      'src/main.rs': 'mod telemetry;\nfn main() {}\n',
    });
    const history = await runCliJson<{ events: { kind: string; commit: { sha: string }; detail: string }[] }>(['history', 'svc_requests_total', '--repo', repo.dir]);
    expect(history.result.events.map((e) => [e.kind, e.commit.sha, e.detail])).toEqual([
      ['introduced', first, 'src/metrics.rs:6'],
      ['moved', move, 'src/metrics.rs:6 (REQUESTS) → src/telemetry.rs:6 (REQUESTS)'],
    ]);
  });

  it('a renamed metric gets a "renamed from" hint in history', async () => {
    const repo = scenario();
    base(repo, lazyMetrics([{ static: 'REQUESTS', name: 'svc_request_count', help: 'Requests served' }]));
    const rename = repo.commit('Follow naming conventions', {
      'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total', help: 'Requests served' }]),
    });
    const run = await runCli(['history', 'svc_requests_total', '--repo', repo.dir]);
    expect(run.stdout).toContain(`introduced ${rename.slice(0, 10)}  "Follow naming conventions"`);
    expect(run.stdout).toContain('src/metrics.rs:6   renamed from svc_request_count?');
  });

  it('the same change landing twice (branch commit and squash) lists both and marks the one on the main line', async () => {
    const repo = scenario();
    base(repo);
    repo.branch('pr-12');
    const branchCommit = repo.commit('Add errors counter', {
      'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }, { static: 'ERRORS', name: 'svc_errors_total' }]),
    });
    repo.switch('main');
    const squash = repo.commit('Add errors counter (#12)', {
      'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }, { static: 'ERRORS', name: 'svc_errors_total' }]),
    });
    const run = await runCliJson<ExplainJson>(['explain', 'svc_errors_total', '--deployed', 'main', '--repo', repo.dir]);
    expect(run.result.introductions.map((i) => [i.commit.sha, i.landedOn])).toEqual([
      [branchCommit, null],
      [squash, 'main'],
    ]);
  });

  it('in a shallow clone, the boundary is not named as the introducer', async () => {
    const repo = scenario();
    base(repo);
    for (let i = 0; i < 3; i++) repo.commit(`Work ${i}`, { [`src/w${i}.rs`]: 'pub fn w() {}\n' });
    const shallow = cloneShallow(repo, 2);
    scenario.adopt(shallow);
    const run = await runCliJson<ExplainJson>(['explain', 'svc_requests_total', '--repo', shallow.dir]);
    const boundary = shallow.git(['rev-parse', 'HEAD~1']).trim();
    expect(run.result.introductions).toEqual([expect.objectContaining({ atShallowBoundary: true, commit: expect.objectContaining({ sha: boundary }) })]);
    const text = await runCli(['explain', 'svc_requests_total', '--repo', shallow.dir]);
    expect(text.stdout).toContain(`introduced at or before ${boundary.slice(0, 10)} (shallow clone`);
    expect(text.stderr).toContain('shallow clone: history before the shallow boundary is unknown');
  });

  it('an unknown metric exits 1 with close matches; foo_bucket resolves to histogram foo', async () => {
    const repo = scenario();
    base(repo, lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }, { static: 'LATENCY', name: 'svc_latency_seconds', histogram: true }]));
    const unknown = await runCliJson<ExplainJson>(['explain', 'svc_request_total', '--deployed', 'main', '--repo', repo.dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.result.verdict).toMatchObject({ kind: 'never-defined', closest: ['svc_requests_total'] });
    const bucket = await runCliJson<ExplainJson>(['explain', 'svc_latency_seconds_bucket', '--deployed', 'main', '--repo', repo.dir]);
    expect(bucket.code).toBe(0);
    expect(bucket.result).toMatchObject({ name: 'svc_latency_seconds', matchedVia: 'series' });
  });
});

describe('which refs are indexed', () => {
  it('a name that reaches the registration through another module\'s re-export: history agrees with list', async () => {
    const repo = scenario();
    const introducer = repo.commit('Names live in their own module', {
      'Cargo.toml': CARGO_TOML(),
      'src/main.rs': 'mod consts;\nmod names;\nmod metrics;\nfn main() {}\n',
      'src/consts.rs': 'pub const REQ: &str = "svc_reexported_total";\n',
      // Only a `use`: nothing here registers or defines anything, yet the name passes through it.
      'src/names.rs': 'pub use crate::consts::REQ;\n',
      'src/metrics.rs':
        'use lazy_static::lazy_static;\nuse prometheus::{register_int_counter, IntCounter};\nlazy_static! {\n    pub static ref R: IntCounter = register_int_counter!(crate::names::REQ, "Requests").unwrap();\n}\n',
    });
    const list = await runCliJson<{ metrics: { name: string }[] }>(['list', '--repo', repo.dir]);
    expect(list.result.metrics.map((m) => m.name)).toEqual(['svc_reexported_total']);
    const explained = await runCliJson<ExplainJson>(['explain', 'svc_reexported_total', '--deployed', 'main', '--repo', repo.dir]);
    expect(explained.code).toBe(0);
    expect(explained.result.verdict?.kind).toBe('deployed');
    expect(explained.result.introductions.map((i) => i.commit.sha)).toEqual([introducer]);
  });

  it('many refs with the same definition site: the site once, with the refs that have it grouped', async () => {
    const repo = scenario();
    base(repo);
    for (let i = 1; i <= 12; i++) repo.branch(`team/b${i}`, { switch: false });
    repo.tag('v1.0');
    repo.tag('v2.0');
    const remover = repo.commit('Drop requests', { 'src/metrics.rs': lazyMetrics([{ static: 'OTHER', name: 'svc_other_total' }]) });
    for (const release of ['release/1', 'release/2', 'release/3', 'release/4']) repo.branch(release, { switch: false });
    repo.switch('team/b1');
    const text = await runCli(['explain', 'svc_requests_total', '--deployed', 'v2.0', '--repo', repo.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      [
        '  defined in     src/metrics.rs:6   static REQUESTS (lazy_static)',
        // HEAD's branch (team/b1) is the default branch here, so it leads; then releases, newest first.
        '                 on 14 refs: team/b1, v2.0, v1.0, team/b2, team/b3, …, team/b12 (11)',
        `  introduced by  ${repo.sha('v1.0').slice(0, 10)}  "Service skeleton"  Provenance Test  2024-01-01   landed on v2.0 via ${repo.sha('v1.0').slice(0, 10)}`,
      ].join('\n'),
    );
    expect(text.stdout).toContain(`  removed from   5 refs: main, release/1, release/2, release/3, release/4 by ${remover.slice(0, 10)}  "Drop requests"  Provenance Test  2024-01-01\n`);
    const json = await runCliJson<ExplainJson>(['explain', 'svc_requests_total', '--deployed', 'v2.0', '--repo', repo.dir]);
    expect(json.result.definedIn).toHaveLength(14);
    expect(json.result.removedFrom.map((r) => r.ref)).toEqual(['main', 'release/1', 'release/2', 'release/3', 'release/4']);
  });

  it('ignores refs/pull/* unless --refs names them', async () => {
    const repo = scenario();
    base(repo);
    repo.branch('pr-head');
    const pre = repo.commit('Pre-squash work', {
      'src/metrics.rs': lazyMetrics([{ static: 'REQUESTS', name: 'svc_requests_total' }, { static: 'PR', name: 'svc_pr_only_total' }]),
    });
    repo.switch('main');
    repo.git(['update-ref', 'refs/pull/7/head', pre]);
    repo.git(['branch', '-D', 'pr-head']);
    const without = await runCliJson<ExplainJson>(['explain', 'svc_pr_only_total', '--repo', repo.dir]);
    expect(without.result.name).toBeNull();
    const withPulls = await runCliJson<ExplainJson>(['explain', 'svc_pr_only_total', '--repo', repo.dir, '--refs', 'refs/pull/*']);
    expect(withPulls.result.introductions.map((i) => i.commit.sha)).toEqual([pre]);
    expect(withPulls.result.definedIn.map((d) => d.ref)).toEqual(['refs/pull/7/head']);
  });
});
