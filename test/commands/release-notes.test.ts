import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { metricChangeScenario, type MetricChangeScenario } from '../helpers/metric-change-scenario.js';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';

const FIXTURES = 'fixtures/release-notes';
const EXPECTED = `${FIXTURES}/v1.0..v1.1.md`;
/** Set to 1 to rewrite the expected file from the current output; review the diff before committing it. */
const UPDATE = process.env['PROVENANCE_UPDATE_FIXTURES'] === '1';

const inputs = ['--dashboard', `${FIXTURES}/dashboard.json`, '--rules', `${FIXTURES}/rules.yml`];

describe('provenance release-notes', () => {
  let s: MetricChangeScenario;
  beforeAll(() => {
    s = metricChangeScenario();
  });
  afterAll(() => s.repo.cleanup());

  it('matches the reviewed Markdown of the scenario, with the panels and rules each change breaks', async () => {
    const run = await runCli(['release-notes', 'v1.0..v1.1', '--repo', s.repo.dir, ...inputs]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    if (UPDATE || !existsSync(EXPECTED)) writeFileSync(EXPECTED, run.stdout);
    expect(run.stdout).toBe(readFileSync(EXPECTED, 'utf8'));
  });

  it('is deterministic: the same notes on a second run, and for `v1.0 v1.1`', async () => {
    const first = await runCli(['release-notes', 'v1.0..v1.1', '--repo', s.repo.dir, ...inputs]);
    const second = await runCli(['release-notes', 'v1.0', 'v1.1', '--repo', s.repo.dir, ...inputs]);
    expect(second.stdout).toBe(first.stdout.replace('v1.0..v1.1', 'v1.0 v1.1'));
  });

  it('sections appear only where they have entries; without dashboards there is no breakage list', async () => {
    const run = await runCli(['release-notes', `${s.commits.describeQueue}..v1.1`, '--repo', s.repo.dir]);
    expect(run.stdout).not.toContain('### New metrics');
    expect(run.stdout).not.toContain('### Removed metrics');
    expect(run.stdout).toContain('### Changed metrics');
    expect(run.stdout).not.toContain('breaks');
    const added = await runCli(['release-notes', `${s.commits.shardRequests}..${s.commits.mergeFeature}`, '--repo', s.repo.dir]);
    expect(added.stdout.match(/^### .*$/gm)).toEqual(['### New metrics']);
  });

  it('an empty range prints "no metric changes"', async () => {
    const run = await runCli(['release-notes', 'v1.1..main', '--repo', s.repo.dir, ...inputs]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('## Metric changes: v1.1..main\n\nno metric changes\n');
  });

  it('--format json carries the breakages and the Markdown', async () => {
    interface Json {
      removed: { name: string; breaks: { source: { kind: string; panel: string | null; rule: string | null }; via: string[] }[] }[];
      changed: { name: string; breaks: { source: { kind: string; panel: string | null; rule: string | null }; reasons: { kind: string; labels?: string[] }[] }[] }[];
      commitUrlTemplate: string | null;
      markdown: string;
    }
    const run = await runCliJson<Json>(['release-notes', 'v1.0..v1.1', '--repo', s.repo.dir, ...inputs]);
    expect(run.result.commitUrlTemplate).toBe('https://github.com/acme/svc/commit/{sha}');
    const legacy = run.result.removed.find((m) => m.name === 'svc_legacy_total');
    expect(legacy?.breaks.map((b) => [b.source.kind, b.source.panel ?? b.source.rule, b.via])).toEqual([
      ['panel', 'v1 API calls', []],
      ['panel', 'v1 API share', ['job:svc_legacy:rate5m']],
      ['recording-rule', 'job:svc_legacy:rate5m', []],
      ['alerting-rule', 'LegacyApiStillUsed', ['job:svc_legacy:rate5m']],
    ]);
    const requests = run.result.changed.find((m) => m.name === 'svc_requests_total');
    expect(requests?.breaks.map((b) => [b.source.panel ?? b.source.rule, b.reasons])).toEqual([
      ['Requests from the canary host', [{ kind: 'labels-removed', labels: ['host'] }]],
      ['HostErrorRate', [{ kind: 'labels-removed', labels: ['host'] }]],
    ]);
    expect(run.result.markdown).toBe(readFileSync(EXPECTED, 'utf8'));
  });

  it('a missing or malformed input file is a usage error (exit 2) before any indexing', async () => {
    const missing = await runCli(['release-notes', 'v1.0..v1.1', '--repo', s.repo.dir, '--dashboard', 'no/such.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('provenance: no/such.json: cannot read (no such file)\n');
    const invalid = await runCli(['release-notes', 'v1.0..v1.1', '--repo', s.repo.dir, '--rules', 'fixtures/rules/invalid-yaml.yml']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('fixtures/rules/invalid-yaml.yml');
    const template = await runCli(['release-notes', 'v1.0..v1.1', '--repo', s.repo.dir, '--commit-url', 'https://example.com/commit/']);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain('--commit-url must contain {sha}');
  });
});

describe('release-notes commit links', () => {
  const scenarios: Scenario[] = [];
  afterEach(() => {
    for (const r of scenarios.splice(0)) r.cleanup();
  });

  function smallRepo(remote: string | null): { repo: Scenario; added: string } {
    const repo = createScenario();
    scenarios.push(repo);
    if (remote !== null) repo.git(['remote', 'add', 'origin', remote]);
    repo.commit('Skeleton', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }]) });
    repo.tag('v1', { message: 'v1' });
    const added = repo.commit('Add b', { 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'svc_a_total' }, { static: 'B', name: 'svc_b_total', help: 'Bees' }]) });
    return { repo, added };
  }

  it.each([
    ['git@github.com:o/r.git', 'https://github.com/o/r/commit/'],
    ['https://github.com/o/r', 'https://github.com/o/r/commit/'],
    ['ssh://git@gitlab.example.com/g/r.git', 'https://gitlab.example.com/g/r/-/commit/'],
    ['https://gitea.example.com/o/r.git', 'https://gitea.example.com/o/r/commit/'],
  ])('origin %s links commits to %s<sha>', async (remote, prefix) => {
    const { repo, added } = smallRepo(remote);
    const run = await runCli(['release-notes', 'v1..main', '--repo', repo.dir]);
    expect(run.stdout).toBe(
      `## Metric changes: v1..main\n\n### New metrics\n\n- \`svc_b_total\` (\`int_counter\`): Bees. Introduced in [\`${added.slice(0, 10)}\`](${prefix}${added}) "Add b"\n`,
    );
  });

  it('an unknown host or no origin gives plain short SHAs; --commit-url overrides both', async () => {
    for (const remote of ['git@git.example.com:o/r.git', null]) {
      const { repo, added } = smallRepo(remote);
      const run = await runCli(['release-notes', 'v1..main', '--repo', repo.dir]);
      expect(run.stdout).toContain(`Introduced in \`${added.slice(0, 10)}\` "Add b"\n`);
      const custom = await runCli(['release-notes', 'v1..main', '--repo', repo.dir, '--commit-url', 'https://git.example.com/o/r/commit/{sha}']);
      expect(custom.stdout).toContain(`Introduced in [\`${added.slice(0, 10)}\`](https://git.example.com/o/r/commit/${added}) "Add b"\n`);
    }
  });
});
