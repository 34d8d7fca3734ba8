import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { metricChangeScenario, type MetricChangeScenario } from '../helpers/metric-change-scenario.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';

interface CommitJson {
  sha: string;
  subject: string | null;
  url: string | null;
}

interface DiffJson {
  range: string;
  base: { ref: string; commit: string };
  head: { ref: string; commit: string };
  compareFrom: string;
  ahead: number;
  behind: number;
  summary: string;
  added: { name: string; introducedBy: CommitJson | null; mergedBy: CommitJson | null; baseSide: CommitJson | null }[];
  removed: { name: string; removedBy: CommitJson | null; baseSide: CommitJson | null }[];
  changed: { name: string; changes: { field: string; before: unknown; after: unknown; added: string[]; removed: string[]; commit: CommitJson | null; text: string }[] }[];
  moved: { name: string; from: { path: string; static: string | null }; to: { path: string; static: string | null }; commit: CommitJson | null }[];
  failOn: { categories: string[]; hits: { category: string; metric: string }[] } | null;
}

const sha = (c: CommitJson | null): string | null => c?.sha ?? null;

describe('provenance diff: every kind of change, with its commit', () => {
  let s: MetricChangeScenario;
  beforeAll(() => {
    s = metricChangeScenario();
  });
  afterAll(() => s.repo.cleanup());

  it('tags as range ends: added (with its merge), removed, changed field by field, moved', async () => {
    const { commits } = s;
    const run = await runCliJson<DiffJson>(['diff', 'v1.0..v1.1', '--repo', s.repo.dir]);
    expect(run.code).toBe(0);
    const r = run.result;
    expect(r).toMatchObject({ range: 'v1.0..v1.1', base: { ref: 'v1.0', commit: commits.skeleton }, head: { ref: 'v1.1', commit: commits.moveQueue }, ahead: 7, behind: 0 });
    expect(r.summary).toBe('deploying v1.1 over v1.0: +1 metric, −1, ~3 changed, 2 moved; v1.1 is 7 commits ahead and 0 behind');
    expect(r.added.map((m) => [m.name, sha(m.introducedBy), sha(m.mergedBy)])).toEqual([['svc_errors_total', commits.countErrors, commits.mergeFeature]]);
    expect(r.removed.map((m) => [m.name, sha(m.removedBy)])).toEqual([['svc_legacy_total', commits.dropLegacy]]);
    expect(r.changed.map((m) => [m.name, m.changes.map((c) => [c.field, c.before, c.after, sha(c.commit)])])).toEqual([
      ['svc_latency_seconds', [['holder', 'eager', 'lazy_static', commits.lazyLatency]]],
      ['svc_queued_total', [['help', 'Queued', 'Jobs put on the work queue', commits.describeQueue]]],
      ['svc_requests_total', [['labels', ['host', 'code'], ['shard', 'code'], commits.shardRequests]]],
    ]);
    const labels = r.changed[2]?.changes[0];
    expect([labels?.added, labels?.removed]).toEqual([['shard'], ['host']]);
    expect(r.moved.map((m) => [m.name, m.from.path, m.to.path, sha(m.commit)])).toEqual([
      ['svc_latency_seconds', 'src/main.rs', 'src/metrics.rs', commits.lazyLatency],
      ['svc_queued_total', 'src/metrics.rs', 'src/queue.rs', commits.moveQueue],
    ]);
    expect(r.failOn).toBeNull();
  });

  it('prints a table by default', async () => {
    const run = await runCli(['diff', 'v1.0', 'v1.1', '--repo', s.repo.dir]);
    expect(run.code).toBe(0);
    const short = (c: string) => c.slice(0, 10);
    const { commits } = s;
    expect(run.stdout.replace(/ +\n/g, '\n')).toBe(
      [
        'deploying v1.1 over v1.0: +1 metric, −1, ~3 changed, 2 moved; v1.1 is 7 commits ahead and 0 behind',
        '',
        'added (1)',
        'METRIC            KIND                   DEFINED AT                 INTRODUCED BY                    MERGED BY',
        `svc_errors_total  int_counter vec(kind)  src/metrics.rs:8 (ERRORS)  ${short(commits.countErrors)} Count errors by kind  ${short(commits.mergeFeature)} Merge branch 'feature/errors'`,
        '',
        'removed (1)',
        'METRIC            KIND         WAS AT                     REMOVED BY',
        `svc_legacy_total  int_counter  src/metrics.rs:8 (LEGACY)  ${short(commits.dropLegacy)} Drop the v1 API`,
        '',
        'changed (3)',
        'METRIC               CHANGE                                         COMMIT',
        `svc_latency_seconds  holder: eager → lazy_static                    ${short(commits.lazyLatency)} Register latency lazily`,
        `svc_queued_total     help: "Queued" → "Jobs put on the work queue"  ${short(commits.describeQueue)} Describe the queue counter`,
        `svc_requests_total   labels: -host +shard                           ${short(commits.shardRequests)} Label requests by shard, not host`,
        '',
        'moved (2)',
        'METRIC               FROM                        TO                           COMMIT',
        `svc_latency_seconds  src/main.rs:5 (latency)     src/metrics.rs:10 (LATENCY)  ${short(commits.lazyLatency)} Register latency lazily`,
        `svc_queued_total     src/metrics.rs:10 (QUEUED)  src/queue.rs:6 (QUEUED)      ${short(commits.moveQueue)} Move the queue counter next to the queue`,
        '',
      ].join('\n'),
    );
  });

  it('prints Markdown for a pull-request comment, with commit links from the origin remote', async () => {
    const run = await runCli(['diff', 'v1.0..v1.1', '--format', 'markdown', '--repo', s.repo.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('### Metric changes in `v1.0..v1.1`\n\ndeploying `v1.1` over `v1.0`: +1 metric, −1, ~3 changed, 2 moved; `v1.1` is 7 commits ahead and 0 behind\n');
    expect(run.stdout).toContain('| Metric | Kind | Help | Introduced by |\n| --- | --- | --- | --- |\n');
    expect(run.stdout).toContain(
      `| \`svc_legacy_total\` | \`int_counter\` | [\`${s.commits.dropLegacy.slice(0, 10)}\`](https://github.com/acme/svc/commit/${s.commits.dropLegacy}) "Drop the v1 API" |`,
    );
  });

  it('--commit-url overrides the origin remote in Markdown and JSON', async () => {
    const template = 'https://git.example.com/acme/svc/commit/{sha}?view=parents';
    const md = await runCli(['diff', 'v1.0..v1.1', '--format', 'markdown', '--commit-url', template, '--repo', s.repo.dir]);
    expect(md.stdout).toContain(`(https://git.example.com/acme/svc/commit/${s.commits.dropLegacy}?view=parents) "Drop the v1 API"`);
    const json = await runCliJson<DiffJson>(['diff', 'v1.0..v1.1', '--commit-url', template, '--repo', s.repo.dir]);
    expect(json.result.removed[0]?.removedBy?.url).toBe(`https://git.example.com/acme/svc/commit/${s.commits.dropLegacy}?view=parents`);
  });

  it('--fail-on exits 1 only when such a change exists, and names it on stderr', async () => {
    const args = ['diff', 'v1.0..v1.1', '--repo', s.repo.dir];
    const removed = await runCli([...args, '--fail-on', 'removed,changed-labels']);
    expect(removed.code).toBe(1);
    expect(removed.stderr).toBe('fail-on removed: svc_legacy_total\nfail-on changed-labels: svc_requests_total\n');
    expect((await runCli([...args, '--fail-on', 'changed-kind', '--fail-on', 'changed-buckets'])).code).toBe(0);
    expect((await runCli([...args, '--fail-on', 'moved'])).code).toBe(1);
    expect((await runCli([...args, '--fail-on', 'changed-holder'])).code).toBe(1);
    const json = await runCliJson<DiffJson>([...args, '--fail-on', 'added']);
    expect(json.code).toBe(1);
    expect(json.result.failOn).toEqual({ categories: ['added'], hits: [{ category: 'added', metric: 'svc_errors_total' }] });
    // The later range has no removal.
    expect((await runCli(['diff', `${s.commits.dropLegacy}..v1.1`, '--repo', s.repo.dir, '--fail-on', 'removed'])).code).toBe(0);
  });

  it('bad option values and unknown refs are usage errors (exit 2)', async () => {
    const bad = await runCli(['diff', 'v1.0..v1.1', '--repo', s.repo.dir, '--fail-on', 'removed,renamed']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown --fail-on renamed; use a comma-separated list of: any, added, removed, changed, moved, changed-kind");
    expect((await runCli(['diff', 'v1.0..v1.1', '--repo', s.repo.dir, '--format', 'yaml'])).stderr).toContain("unknown format 'yaml'; use one of: table, markdown, json");
    expect((await runCli(['diff', 'v1.0..v1.1', '--repo', s.repo.dir, '--format', 'markdown', '--json'])).code).toBe(2);
    const unknown = await runCli(['diff', 'v1.0..v1.2', '--repo', s.repo.dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown ref 'v1.2'");
    const single = await runCli(['diff', 'v1.0', '--repo', s.repo.dir]);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain("'v1.0' is one revision");
  });

  it('an empty range prints "no metric changes"', async () => {
    const same = await runCli(['diff', 'v1.1..main', '--repo', s.repo.dir]);
    expect(same.stdout).toBe('deploying main over v1.1: +0 metrics, −0, ~0 changed; main is 0 commits ahead and 0 behind\nno metric changes\n');
    const md = await runCli(['diff', 'v1.1', 'main', '--repo', s.repo.dir, '--format', 'markdown']);
    expect(md.stdout).toContain('\nno metric changes\n');
  });
});

describe('provenance diff: range semantics on diverged branches', () => {
  const scenarios: Scenario[] = [];
  afterEach(() => {
    for (const r of scenarios.splice(0)) r.cleanup();
  });

  function diverged() {
    const repo = createScenario();
    scenarios.push(repo);
    const fork = repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]) });
    repo.branch('feature');
    const onFeature = repo.commit('Add b', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }, { static: 'B', name: 'svc_b_total' }]) });
    repo.switch('main');
    const onMain = repo.commit('Add c', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }, { static: 'C', name: 'svc_c_total' }]) });
    return { repo, fork, onFeature, onMain };
  }

  it('A..B and A B compare the two tips: what base has and head lacks is removed, blamed on the base-side commit', async () => {
    const { repo, onFeature, onMain } = diverged();
    for (const args of [['main..feature'], ['main', 'feature']]) {
      const run = await runCliJson<DiffJson>(['diff', ...args, '--repo', repo.dir]);
      expect(run.result.added.map((m) => [m.name, sha(m.introducedBy)])).toEqual([['svc_b_total', onFeature]]);
      expect(run.result.removed.map((m) => [m.name, sha(m.removedBy), sha(m.baseSide)])).toEqual([['svc_c_total', null, onMain]]);
      expect(run.result.summary).toBe('deploying feature over main: +1 metric, −1, ~0 changed; feature is 1 commit ahead and 1 behind');
      expect(run.result.compareFrom).toBe(onMain);
    }
    const text = await runCli(['diff', 'main..feature', '--repo', repo.dir]);
    expect(text.stdout).toContain(`svc_c_total  int_counter  src/metrics.rs:8 (C)  ${onMain.slice(0, 10)} Add c (only in main)`);
  });

  it('A...B compares head with the merge-base, as git diff does', async () => {
    const { repo, fork, onFeature } = diverged();
    const run = await runCliJson<DiffJson>(['diff', 'main...feature', '--repo', repo.dir]);
    expect(run.result.compareFrom).toBe(fork);
    expect(run.result.added.map((m) => [m.name, sha(m.introducedBy)])).toEqual([['svc_b_total', onFeature]]);
    expect(run.result.removed).toEqual([]);
    expect(run.result.summary).toBe(`deploying feature over the merge-base of main and feature (${fork.slice(0, 10)}): +1 metric, −0, ~0 changed; feature is 1 commit ahead and 1 behind main`);
    const reverse = await runCliJson<DiffJson>(['diff', 'feature...main', '--repo', repo.dir]);
    expect(reverse.result.added.map((m) => m.name)).toEqual(['svc_c_total']);
    expect(reverse.result.removed).toEqual([]);
  });

  it('deploying an older revision: everything is explained by commits head is behind', async () => {
    const { repo, fork, onMain } = diverged();
    const run = await runCliJson<DiffJson>(['diff', 'main', fork, '--repo', repo.dir]);
    expect(run.result.removed.map((m) => [m.name, sha(m.removedBy), sha(m.baseSide)])).toEqual([['svc_c_total', null, onMain]]);
    expect(run.result.summary).toBe(`deploying ${fork} over main: +0 metrics, −1, ~0 changed; ${fork} is 0 commits ahead and 1 behind`);
  });

  it('a change made on a branch is attributed to the branch commit, not the merge that took it', async () => {
    const repo = createScenario();
    scenarios.push(repo);
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total', labels: ['x'] }]) });
    repo.tag('v1');
    repo.branch('relabel');
    const relabel = repo.commit('Relabel a', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total', labels: ['y'] }]) });
    repo.switch('main');
    repo.commit('Other work', { 'src/other.rs': 'pub fn other() {}\n' });
    repo.merge('relabel', 'Merge relabel', { noFastForward: true });
    const run = await runCliJson<DiffJson>(['diff', 'v1..main', '--repo', repo.dir]);
    expect(run.result.changed.map((m) => m.changes.map((c) => [c.field, c.removed, c.added, sha(c.commit)]))).toEqual([[['labels', ['x'], ['y'], relabel]]]);
  });
});
