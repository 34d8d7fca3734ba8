import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Holder, MetricKind } from '../model/metric.js';
import type { Scenario, ScenarioOptions } from './git-fixture.js';
import { buildScenario, type ScenarioStep } from './git-fixture-steps.js';

/** `fixtures/repos/demo/`: numbered commit directories plus `steps.json`; see its README for the story. */
export const DEMO_FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/repos/demo/', import.meta.url));
export const DEMO_DASHBOARD_PATH = fileURLToPath(new URL('../../fixtures/dashboards/demo-dashboard.json', import.meta.url));

/** What production runs. */
export const DEMO_MAIN_BRANCH = 'main';
/** 20 commits ahead of main, 0 behind; the only place the 9 dashboard metrics are defined. */
export const DEMO_FEATURE_BRANCH = 'rude1/backfill';
/** One commit on top of the feature branch that registers every lazy metric at startup. */
export const DEMO_INIT_BRANCH = 'rude1/init-metrics';
export const DEMO_BRANCHES = [DEMO_MAIN_BRANCH, DEMO_FEATURE_BRANCH, DEMO_INIT_BRANCH] as const;
export type DemoBranch = (typeof DEMO_BRANCHES)[number];
/** Annotated, on main's third commit ("Consume the Jetstream firehose"). */
export const DEMO_TAG = 'v0.1.0';

export const DEMO_MAIN_COMMIT_COUNT = 8;
export const DEMO_FEATURE_AHEAD = 20;

export const DEMO_ADD_METRICS_SUBJECT = 'Add metrics';
export const DEMO_PARITY_SUBJECT = 'Parity with plugins';
export const DEMO_INIT_SUBJECT = 'Initialize metrics at startup';

/** The metrics behind the 9 "No data" panels: defined on the feature branch only. */
export const DEMO_BRANCH_METRICS = [
  'ingester_errors_total',
  'ingester_backfill_repos_fetched_total',
  'ingester_backfill_repos_written_total',
  'ingester_backfill_fetch_errors_total',
  'ingester_backfill_cursor_skips_total',
  'ingester_backfill_complete',
  'backfiller_car_parse_errors_total',
  'backfiller_verification_errors_total',
  'backfiller_repos_dead_lettered_total',
] as const;

/** Defined on main in lazy_static blocks, touched only on error paths, never initialised on main. */
export const DEMO_LAZY_MAIN_ERROR_METRICS = [
  'ingester_firehose_decode_errors_total',
  'ingester_db_write_errors_total',
  'backfiller_http_errors_total',
] as const;

/**
 * When a running build (without `initialize_metrics()`) first exposes the metric:
 * `startup` — registered before serving; `first-use` — on the normal path (first event, first repo);
 * `first-error` — only once an error path runs; `never` — nothing uses it, so it never appears.
 */
export type DemoRegistration = 'startup' | 'first-use' | 'first-error' | 'never';

export interface DemoMetric {
  readonly name: string;
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly labels: readonly string[];
  readonly crate: 'ingester' | 'backfiller';
  readonly path: string;
  /** 1-based line of the `register_*!` macro call at each branch that defines the metric. */
  readonly lines: Readonly<Partial<Record<DemoBranch, number>>>;
  /** 1-based column of `register_` on that line (the same on every branch). */
  readonly column: number;
  /** The lazy static; null for the eager histogram, a local `processing_seconds` in `fn main`. */
  readonly static: string | null;
  readonly holder: Holder;
  /** Subject of the commit that added the registration. */
  readonly introducedBy: string;
  readonly introducedOn: typeof DEMO_MAIN_BRANCH | typeof DEMO_FEATURE_BRANCH;
  /** Subject of the commit that first dereferenced the static outside its definition; null when nothing does. */
  readonly firstUsedBy: string | null;
  /** Files that use it at the tip of the feature branch. */
  readonly usedIn: readonly string[];
  readonly registration: DemoRegistration;
}

const INGESTER_METRICS = 'crates/ingester/src/metrics.rs';
const BACKFILLER_METRICS = 'crates/backfiller/src/metrics.rs';
const everywhere = (line: number): Partial<Record<DemoBranch, number>> => ({
  main: line,
  'rude1/backfill': line,
  'rude1/init-metrics': line,
});
const branchOnly = (line: number): Partial<Record<DemoBranch, number>> => ({
  'rude1/backfill': line,
  'rude1/init-metrics': line,
});

/** Every metric of the demo repository; fixtures/repos/demo/README.md tells the same facts as prose. */
export const DEMO_METRICS: readonly DemoMetric[] = [
  {
    name: 'ingester_build_info',
    kind: 'int_gauge',
    vec: true,
    labels: ['version'],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: everywhere(8),
    column: 46,
    static: 'BUILD_INFO',
    holder: 'lazy_static',
    introducedBy: 'Add Prometheus metrics endpoint',
    introducedOn: 'main',
    firstUsedBy: 'Add Prometheus metrics endpoint',
    usedIn: ['crates/ingester/src/main.rs'],
    registration: 'startup',
  },
  {
    name: 'ingester_firehose_connected',
    kind: 'int_gauge',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: everywhere(14),
    column: 51,
    static: 'FIREHOSE_CONNECTED',
    holder: 'lazy_static',
    introducedBy: 'Add Prometheus metrics endpoint',
    introducedOn: 'main',
    firstUsedBy: 'Add Prometheus metrics endpoint',
    usedIn: ['crates/ingester/src/firehose.rs', 'crates/ingester/src/main.rs'],
    registration: 'startup',
  },
  {
    name: 'ingester_events_processed_total',
    kind: 'int_counter',
    vec: true,
    labels: ['collection', 'action'],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: everywhere(19),
    column: 54,
    static: 'EVENTS_PROCESSED',
    holder: 'lazy_static',
    introducedBy: 'Add Prometheus metrics endpoint',
    introducedOn: 'main',
    firstUsedBy: 'Consume the Jetstream firehose',
    usedIn: ['crates/ingester/src/firehose.rs'],
    registration: 'first-use',
  },
  {
    name: 'ingester_firehose_decode_errors_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: everywhere(25),
    column: 57,
    static: 'FIREHOSE_DECODE_ERRORS',
    holder: 'lazy_static',
    introducedBy: 'Consume the Jetstream firehose',
    introducedOn: 'main',
    firstUsedBy: 'Consume the Jetstream firehose',
    usedIn: ['crates/ingester/src/firehose.rs'],
    registration: 'first-error',
  },
  {
    name: 'ingester_db_write_errors_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: everywhere(30),
    column: 50,
    static: 'DB_WRITE_ERRORS',
    holder: 'lazy_static',
    introducedBy: 'Persist records to Postgres',
    introducedOn: 'main',
    firstUsedBy: 'Persist records to Postgres',
    usedIn: ['crates/ingester/src/firehose.rs'],
    registration: 'first-error',
  },
  {
    name: 'ingester_event_processing_seconds',
    kind: 'histogram',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: 'crates/ingester/src/main.rs',
    lines: { main: 30, 'rude1/backfill': 33, 'rude1/init-metrics': 35 },
    column: 30,
    static: null,
    holder: 'eager',
    introducedBy: 'Record event processing latency',
    introducedOn: 'main',
    firstUsedBy: 'Record event processing latency',
    usedIn: ['crates/ingester/src/firehose.rs', 'crates/ingester/src/main.rs'],
    registration: 'startup',
  },
  {
    name: 'backfiller_queue_depth',
    kind: 'int_gauge',
    vec: false,
    labels: [],
    crate: 'backfiller',
    path: BACKFILLER_METRICS,
    lines: everywhere(9),
    column: 9,
    static: 'QUEUE_DEPTH',
    holder: 'lazy_static',
    introducedBy: 'Add backfiller worker loop',
    introducedOn: 'main',
    firstUsedBy: 'Add backfiller worker loop',
    usedIn: ['crates/backfiller/src/main.rs'],
    registration: 'startup',
  },
  {
    name: 'ingester_store_pool_waits_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: 'crates/ingester/src/store.rs',
    lines: { main: 60, 'rude1/backfill': 101, 'rude1/init-metrics': 101 },
    column: 45,
    static: 'POOL_WAITS',
    holder: 'lazy_static',
    introducedBy: 'Persist records to Postgres',
    introducedOn: 'main',
    firstUsedBy: null,
    usedIn: [],
    registration: 'never',
  },
  {
    name: 'backfiller_repos_processed_total',
    kind: 'int_counter',
    vec: true,
    labels: ['outcome'],
    crate: 'backfiller',
    path: BACKFILLER_METRICS,
    lines: everywhere(10),
    column: 53,
    static: 'REPOS_PROCESSED',
    holder: 'lazy_static',
    introducedBy: 'Add backfiller worker loop',
    introducedOn: 'main',
    firstUsedBy: 'Add backfiller worker loop',
    usedIn: ['crates/backfiller/src/main.rs'],
    registration: 'first-use',
  },
  {
    name: 'backfiller_fetch_duration_seconds',
    kind: 'histogram',
    vec: false,
    labels: [],
    crate: 'backfiller',
    path: BACKFILLER_METRICS,
    lines: everywhere(16),
    column: 48,
    static: 'FETCH_DURATION',
    holder: 'lazy_static',
    introducedBy: 'Fetch repos over HTTP in the backfiller',
    introducedOn: 'main',
    firstUsedBy: 'Fetch repos over HTTP in the backfiller',
    usedIn: ['crates/backfiller/src/repo_backfiller.rs'],
    registration: 'first-use',
  },
  {
    name: 'backfiller_http_errors_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'backfiller',
    path: BACKFILLER_METRICS,
    lines: everywhere(22),
    column: 46,
    static: 'HTTP_ERRORS',
    holder: 'lazy_static',
    introducedBy: 'Fetch repos over HTTP in the backfiller',
    introducedOn: 'main',
    firstUsedBy: 'Fetch repos over HTTP in the backfiller',
    usedIn: ['crates/backfiller/src/repo_backfiller.rs'],
    registration: 'first-error',
  },
  {
    name: 'ingester_errors_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: branchOnly(39),
    column: 50,
    static: 'INGESTER_ERRORS',
    holder: 'lazy_static',
    introducedBy: DEMO_ADD_METRICS_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Fetch repos for each listed DID',
    usedIn: ['crates/ingester/src/backfill.rs', 'crates/ingester/src/firehose.rs'],
    registration: 'first-error',
  },
  {
    name: 'ingester_backfill_repos_fetched_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: branchOnly(40),
    column: 57,
    static: 'BACKFILL_REPOS_FETCHED',
    holder: 'lazy_static',
    introducedBy: DEMO_ADD_METRICS_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Fetch repos for each listed DID',
    usedIn: ['crates/ingester/src/backfill.rs'],
    registration: 'first-use',
  },
  {
    name: 'ingester_backfill_repos_written_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: branchOnly(41),
    column: 57,
    static: 'BACKFILL_REPOS_WRITTEN',
    holder: 'lazy_static',
    introducedBy: DEMO_ADD_METRICS_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Write backfilled records through the store',
    usedIn: ['crates/ingester/src/backfill.rs'],
    registration: 'first-use',
  },
  {
    name: 'ingester_backfill_fetch_errors_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: branchOnly(42),
    column: 56,
    static: 'BACKFILL_FETCH_ERRORS',
    holder: 'lazy_static',
    introducedBy: DEMO_ADD_METRICS_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Fetch repos for each listed DID',
    usedIn: ['crates/ingester/src/backfill.rs'],
    registration: 'first-error',
  },
  {
    name: 'ingester_backfill_cursor_skips_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: branchOnly(43),
    column: 56,
    static: 'BACKFILL_CURSOR_SKIPS',
    holder: 'lazy_static',
    introducedBy: DEMO_ADD_METRICS_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Skip takendown and deactivated repos',
    usedIn: ['crates/ingester/src/backfill.rs'],
    registration: 'first-use',
  },
  {
    name: 'ingester_backfill_complete',
    kind: 'int_gauge',
    vec: false,
    labels: [],
    crate: 'ingester',
    path: INGESTER_METRICS,
    lines: branchOnly(44),
    column: 50,
    static: 'BACKFILL_COMPLETE',
    holder: 'lazy_static',
    introducedBy: DEMO_ADD_METRICS_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Mark the backfill complete when listRepos is exhausted',
    usedIn: ['crates/ingester/src/backfill.rs'],
    registration: 'first-use',
  },
  {
    name: 'backfiller_car_parse_errors_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'backfiller',
    path: BACKFILLER_METRICS,
    lines: branchOnly(29),
    column: 51,
    static: 'CAR_PARSE_ERRORS',
    holder: 'lazy_static',
    introducedBy: DEMO_PARITY_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Count CAR parse failures',
    usedIn: ['crates/backfiller/src/repo_backfiller.rs'],
    registration: 'first-error',
  },
  {
    name: 'backfiller_verification_errors_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'backfiller',
    path: BACKFILLER_METRICS,
    lines: branchOnly(34),
    column: 54,
    static: 'VERIFICATION_ERRORS',
    holder: 'lazy_static',
    introducedBy: DEMO_PARITY_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Count signature verification failures',
    usedIn: ['crates/backfiller/src/repo_backfiller.rs'],
    registration: 'first-error',
  },
  {
    name: 'backfiller_repos_dead_lettered_total',
    kind: 'int_counter',
    vec: false,
    labels: [],
    crate: 'backfiller',
    path: BACKFILLER_METRICS,
    lines: branchOnly(39),
    column: 54,
    static: 'REPOS_DEAD_LETTERED',
    holder: 'lazy_static',
    introducedBy: DEMO_PARITY_SUBJECT,
    introducedOn: 'rude1/backfill',
    firstUsedBy: 'Dead-letter repos after three failed attempts',
    usedIn: ['crates/backfiller/src/main.rs'],
    registration: 'first-error',
  },
];

/** Builds the demo repository in a temp dir; HEAD is left on main, as deployed. */
export function buildDemoRepository(options: ScenarioOptions = {}): Scenario {
  return buildScenario(loadDemoSteps(), { prefix: 'provenance-demo-', ...options });
}

/** Reads `steps.json` and each commit directory into scenario steps. */
export function loadDemoSteps(fixtureDir: string = DEMO_FIXTURE_DIR): ScenarioStep[] {
  const manifestPath = path.join(fixtureDir, 'steps.json');
  const manifest: unknown = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const rawSteps = isRecord(manifest) ? manifest['steps'] : undefined;
  if (!Array.isArray(rawSteps)) throw new Error(`${manifestPath}: expected { "steps": [...] }`);
  return rawSteps.map((raw: unknown, index) => toStep(raw, fixtureDir, `${manifestPath} step ${index + 1}`));
}

function toStep(raw: unknown, fixtureDir: string, where: string): ScenarioStep {
  if (!isRecord(raw)) throw new Error(`${where}: expected an object`);
  const kind = raw['kind'];
  switch (kind) {
    case 'commit': {
      const dir = requireString(raw, 'dir', where);
      const files: Record<string, string | null> = readTree(path.join(fixtureDir, dir));
      for (const deleted of optionalStringArray(raw, 'delete', where)) files[deleted] = null;
      return {
        kind,
        message: requireString(raw, 'message', where),
        files,
        author: optionalString(raw, 'author', where),
        committer: optionalString(raw, 'committer', where),
      };
    }
    case 'branch':
      return { kind, name: requireString(raw, 'name', where), from: optionalString(raw, 'from', where) };
    case 'switch':
      return { kind, ref: requireString(raw, 'ref', where) };
    case 'merge':
      return {
        kind,
        ref: requireString(raw, 'ref', where),
        message: requireString(raw, 'message', where),
        noFastForward: raw['noFastForward'] === true,
        author: optionalString(raw, 'author', where),
      };
    case 'tag':
      return {
        kind,
        name: requireString(raw, 'name', where),
        ref: optionalString(raw, 'ref', where),
        message: optionalString(raw, 'message', where),
      };
    default:
      throw new Error(`${where}: unknown step kind ${JSON.stringify(kind)}`);
  }
}

/** Every file under `root`, keyed by its '/'-separated path relative to `root`. */
function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // A checkout with core.autocrlf would otherwise change every blob and so every SHA.
      else files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8').replace(/\r\n/g, '\n');
    }
  };
  walk(root);
  if (Object.keys(files).length === 0) throw new Error(`${root}: a commit directory must hold at least one file`);
  return files;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(raw: Record<string, unknown>, key: string, where: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value === '') throw new Error(`${where}: "${key}" must be a non-empty string`);
  return value;
}

function optionalString(raw: Record<string, unknown>, key: string, where: string): string | undefined {
  return raw[key] === undefined ? undefined : requireString(raw, key, where);
}

function optionalStringArray(raw: Record<string, unknown>, key: string, where: string): string[] {
  const value = raw[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new Error(`${where}: "${key}" must be an array of strings`);
  }
  return value;
}
