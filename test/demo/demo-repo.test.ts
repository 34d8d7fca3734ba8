import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildDemoRepository, DEMO_DASHBOARD_PATH, DEMO_FIXTURE_DIR } from '../../src/demo/build-demo.js';
import {
  DEMO_ADD_METRICS_SUBJECT,
  DEMO_BRANCHES,
  DEMO_FEATURE_AHEAD,
  DEMO_FEATURE_BRANCH,
  DEMO_INIT_BRANCH,
  DEMO_INIT_SUBJECT,
  DEMO_MAIN_BRANCH,
  DEMO_MAIN_COMMIT_COUNT,
  DEMO_PARITY_SUBJECT,
  DEMO_TAG,
  type DemoBranch,
} from '../../src/demo/demo-history.js';
import { DEMO_BRANCH_METRICS } from '../../src/demo/demo-branch-metrics.js';
import { DEMO_LAZY_MAIN_ERROR_METRICS } from '../../src/demo/demo-main-metrics.js';
import { DEMO_METRICS } from '../../src/demo/demo-metrics.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { isolatedGitEnv } from '../../src/demo/isolated-git.js';

// Pinned so other tests may print them; fixtures/repos/demo/README.md lists the same values.
const TIPS = {
  main: 'c8293a0951c9ad8d27ac552f6169788c650692a6',
  'rude1/backfill': '8d799f204dd462009a23f48701ea174f9747a3e2',
  'rude1/init-metrics': '6569046271523339ee472e38a055d5c84727aaea',
} as const satisfies Record<DemoBranch, string>;
const TAG_OBJECT = 'e44cb77f6f7ea02dc8f180bcfd821e928b38c855';

let repo: Scenario;
beforeAll(() => {
  repo = buildDemoRepository();
});
afterAll(() => {
  repo.cleanup();
});

const count = (range: string): number => Number(repo.git(['rev-list', '--count', range]).trim());
const subjects = (args: readonly string[]): string[] =>
  repo.git(['log', '--format=%s', ...args]).split('\n').filter((line) => line !== '');

/** `git grep` answers 1 for "no match"; the scenario's git() would throw on it. */
function grepFiles(ref: string, pattern: string, ...paths: string[]): string[] {
  const args = ['grep', '-l', '-F', '-w', '-e', pattern, ref, '--', ...(paths.length > 0 ? paths : ['*.rs'])];
  const result = spawnSync('git', args, { cwd: repo.dir, env: isolatedGitEnv(), encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`git grep failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(ref.length + 1));
}

describe('demo repository: refs', () => {
  it('has rude1/backfill exactly 20 commits ahead of main and 0 behind', () => {
    expect(count(`${DEMO_MAIN_BRANCH}..${DEMO_FEATURE_BRANCH}`)).toBe(20);
    expect(DEMO_FEATURE_AHEAD).toBe(20);
    expect(count(`${DEMO_FEATURE_BRANCH}..${DEMO_MAIN_BRANCH}`)).toBe(0);
  });

  it('has 8 commits on main by three authors, and is left on main with a clean tree', () => {
    expect(count(DEMO_MAIN_BRANCH)).toBe(DEMO_MAIN_COMMIT_COUNT);
    expect(new Set(repo.git(['log', '--format=%an', DEMO_MAIN_BRANCH]).trim().split('\n'))).toEqual(
      new Set(['Dana Whitfield', 'Tomás Ferreira', 'rude1']),
    );
    expect(repo.git(['symbolic-ref', '--short', 'HEAD']).trim()).toBe(DEMO_MAIN_BRANCH);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('has the init branch one commit past rude1/backfill', () => {
    expect(repo.git(['branch', '--format=%(refname:short)']).trim().split('\n').sort()).toEqual(
      [...DEMO_BRANCHES].sort(),
    );
    expect(subjects([`${DEMO_FEATURE_BRANCH}..${DEMO_INIT_BRANCH}`])).toEqual([DEMO_INIT_SUBJECT]);
    expect(count(`${DEMO_INIT_BRANCH}..${DEMO_MAIN_BRANCH}`)).toBe(0);
  });

  it('has an annotated v0.1.0 tag on main\'s third commit', () => {
    expect(repo.git(['cat-file', '-t', DEMO_TAG]).trim()).toBe('tag');
    expect(repo.git(['rev-parse', DEMO_TAG]).trim()).toBe(TAG_OBJECT);
    expect(subjects(['-1', DEMO_TAG])).toEqual(['Consume the Jetstream firehose']);
    expect(count(DEMO_TAG)).toBe(3);
    expect(count(`${DEMO_TAG}..${DEMO_MAIN_BRANCH}`)).toBe(5);
  });

  it('has stable tip SHAs, the ones in its README', () => {
    const readme = fs.readFileSync(path.join(DEMO_FIXTURE_DIR, 'README.md'), 'utf8');
    for (const branch of DEMO_BRANCHES) {
      expect(repo.sha(branch)).toBe(TIPS[branch]);
      expect(readme).toContain(TIPS[branch]);
    }
    expect(readme).toContain(TAG_OBJECT);
    for (const line of repo.git(['log', '--format=%h', '--abbrev=12', DEMO_INIT_BRANCH]).trim().split('\n')) {
      expect(readme).toContain(`\`${line}\``);
    }
  });

  it('builds the same SHAs again in another directory', () => {
    const again = buildDemoRepository();
    try {
      expect(again.dir).not.toBe(repo.dir);
      for (const branch of DEMO_BRANCHES) expect(again.sha(branch)).toBe(TIPS[branch]);
    } finally {
      again.cleanup();
    }
  });
});

describe('demo repository: the 9 dashboard metrics', () => {
  it.each(DEMO_BRANCH_METRICS)('%s is in the Rust code of rude1/backfill and not of main', (name) => {
    expect(grepFiles(DEMO_FEATURE_BRANCH, `"${name}"`)).toHaveLength(1);
    expect(grepFiles(DEMO_INIT_BRANCH, `"${name}"`)).toHaveLength(1);
    expect(grepFiles(DEMO_MAIN_BRANCH, name, '.')).toEqual([]);
  });

  it('are introduced by "Add metrics" (ingester) and "Parity with plugins" (backfiller)', () => {
    for (const name of DEMO_BRANCH_METRICS) {
      const introducedBy = subjects(['--reverse', `-S"${name}"`, DEMO_FEATURE_BRANCH, '--', '*.rs'])[0];
      expect(introducedBy, name).toBe(name.startsWith('ingester_') ? DEMO_ADD_METRICS_SUBJECT : DEMO_PARITY_SUBJECT);
    }
    const changedBy = (subject: string): string => {
      const commits = repo.git(['log', '--format=%H%x09%s', DEMO_FEATURE_BRANCH]).trim().split('\n');
      const sha = commits.find((line) => line.endsWith(`\t${subject}`))?.split('\t')[0] ?? subject;
      return repo.git(['show', '--format=', '--name-only', sha]).trim();
    };
    expect(changedBy(DEMO_ADD_METRICS_SUBJECT)).toBe('crates/ingester/src/metrics.rs');
    expect(changedBy(DEMO_PARITY_SUBJECT)).toBe('crates/backfiller/src/metrics.rs');
    expect(repo.readFile('crates/ingester/src/metrics.rs', DEMO_FEATURE_BRANCH)).toContain(
      'static ref INGESTER_ERRORS: IntCounter = register_int_counter!("ingester_errors_total", "Total errors").unwrap();',
    );
  });

  it('uses backfiller_car_parse_errors_total first in repo_backfiller.rs, in an error branch', () => {
    const source = repo.readFile('crates/backfiller/src/repo_backfiller.rs', DEMO_FEATURE_BRANCH);
    expect(source).toMatch(/Err\(err\) => \{\n\s+CAR_PARSE_ERRORS\.inc\(\);/);
  });
});

describe('demo repository: DEMO_METRICS', () => {
  it('lists every register_*! call on each branch', () => {
    for (const branch of DEMO_BRANCHES) {
      const calls = repo
        .git(['grep', '-h', '-o', '-E', 'register_[a-z_]+!\\(', branch, '--', '*.rs'])
        .trim()
        .split('\n');
      expect(calls.length, branch).toBe(DEMO_METRICS.filter((metric) => metric.lines[branch] !== undefined).length);
    }
    expect(DEMO_METRICS.filter((metric) => metric.introducedOn === 'rude1/backfill').map((metric) => metric.name)).toEqual([
      ...DEMO_BRANCH_METRICS,
    ]);
    expect(
      DEMO_METRICS.filter((metric) => metric.introducedOn === 'main' && metric.registration === 'first-error').map(
        (metric) => metric.name,
      ),
    ).toEqual([...DEMO_LAZY_MAIN_ERROR_METRICS]);
  });

  it.each(DEMO_METRICS.map((metric) => [metric.name, metric] as const))('%s: line, column, static, holder', (name, metric) => {
    for (const [branch, line] of Object.entries(metric.lines)) {
      const lines = repo.readFile(metric.path, branch).split('\n');
      const at = lines[line - 1] ?? '';
      expect(at.indexOf('register_') + 1, `${branch}:${line}`).toBe(metric.column);
      expect(`${at}\n${lines[line] ?? ''}`).toContain(`"${name}"`);
      const declaration = `${lines[line - 2] ?? ''}\n${at}`;
      if (metric.holder === 'lazy_static') expect(declaration).toContain(`static ref ${metric.static ?? '?'}:`);
      else expect(at).toContain('let processing_seconds = register_histogram!(');
      expect(at).toContain(`register_${metric.kind}${metric.vec ? '_vec' : ''}!(`);
    }
  });

  it.each(DEMO_METRICS.map((metric) => [metric.name, metric] as const))('%s: introduced by, used in', (name, metric) => {
    const introducing = subjects(['--reverse', `-S"${name}"`, DEMO_INIT_BRANCH, '--', '*.rs'])[0];
    expect(introducing).toBe(metric.introducedBy);
    const onMain = grepFiles(DEMO_MAIN_BRANCH, `"${name}"`).length > 0;
    expect(onMain).toBe(metric.introducedOn === 'main');

    const identifier = metric.static ?? 'processing_seconds';
    const users = grepFiles(DEMO_FEATURE_BRANCH, identifier).filter((file) => file !== metric.path || metric.holder === 'eager');
    expect(users.sort()).toEqual([...metric.usedIn].sort());
    const exclude = metric.holder === 'lazy_static' ? [`:(exclude)${metric.path}`] : [];
    expect(subjects(['--reverse', `-S${identifier}`, DEMO_FEATURE_BRANCH, '--', '*.rs', ...exclude])[0] ?? null).toBe(
      metric.firstUsedBy,
    );
  });

  it('registers startup metrics from fn main and no lazy metric on main or rude1/backfill', () => {
    for (const metric of DEMO_METRICS.filter((m) => m.registration === 'startup' && m.holder === 'lazy_static')) {
      expect(repo.readFile(`crates/${metric.crate}/src/main.rs`, DEMO_MAIN_BRANCH)).toContain(`metrics::${metric.static}`);
    }
    expect(grepFiles(DEMO_MAIN_BRANCH, 'lazy_static::initialize')).toEqual([]);
    expect(grepFiles(DEMO_FEATURE_BRANCH, 'lazy_static::initialize')).toEqual([]);
  });

  it('initialises every lazy metric at startup on rude1/init-metrics', () => {
    for (const crate of ['ingester', 'backfiller'] as const) {
      const metricsSource = repo.readFile(`crates/${crate}/src/metrics.rs`, DEMO_INIT_BRANCH);
      // Statics of other files of the crate are named by path (`&crate::store::POOL_WAITS`).
      const initialized = [...metricsSource.matchAll(/lazy_static::initialize\(&(?:[\w:]+::)?(\w+)\);/g)].map((match) => match[1]);
      const lazy = DEMO_METRICS.filter((metric) => metric.crate === crate && metric.holder === 'lazy_static');
      expect([...initialized].sort()).toEqual(lazy.map((metric) => metric.static).sort());
      expect(metricsSource).toContain('pub fn initialize_metrics() {');
      expect(repo.readFile(`crates/${crate}/src/main.rs`, DEMO_INIT_BRANCH)).toContain('metrics::initialize_metrics();');
    }
  });
});

interface PanelLike {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly collapsed?: boolean;
  readonly datasource?: { readonly type: string };
  readonly panels?: readonly PanelLike[];
  readonly targets?: readonly { readonly expr: string; readonly datasource: { readonly type: string } }[];
}

describe('demo dashboard', () => {
  const dashboard = JSON.parse(fs.readFileSync(DEMO_DASHBOARD_PATH, 'utf8')) as {
    readonly schemaVersion: number;
    readonly panels: readonly PanelLike[];
  };
  const flat = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  const queries = flat.filter((panel) => panel.type !== 'row');
  const exprs = queries.map((panel) => panel.targets?.[0]?.expr ?? '');

  it('is a Grafana export with one collapsed row holding nested panels', () => {
    expect(dashboard.schemaVersion).toBe(39);
    const collapsed = dashboard.panels.filter((panel) => panel.type === 'row' && panel.collapsed);
    expect(collapsed.map((row) => [row.title, row.panels?.length])).toEqual([['Backfiller', 4]]);
    expect(queries).toHaveLength(16);
    for (const panel of queries) {
      expect(panel.targets).toHaveLength(1);
      expect(panel.datasource?.type).toBe('prometheus');
      expect(panel.targets?.[0]?.datasource.type).toBe('prometheus');
    }
    expect(new Set(flat.map((panel) => panel.id)).size).toBe(flat.length);
  });

  it('has one panel per branch metric and per lazy main error counter, two healthy panels and up', () => {
    const uses = (name: string): number => exprs.filter((expr) => new RegExp(`\\b${name}\\b`).test(expr)).length;
    for (const name of [...DEMO_BRANCH_METRICS, ...DEMO_LAZY_MAIN_ERROR_METRICS]) expect(uses(name), name).toBe(1);
    expect(exprs).toContain('up{job="ingester"}');
    expect(exprs).toContain('min(ingester_firehose_connected)');
    expect(exprs).toContain(
      'histogram_quantile(0.99, sum by (le) (rate(ingester_event_processing_seconds_bucket[5m])))',
    );
    expect(exprs).toContain('sum(rate(ingester_errors_total[$__rate_interval]))');
    expect(exprs).toContain('ingester_backfill_complete');
  });
});
