import { describe, expect, it } from 'vitest';
import type { StartupEntry, StartupReport } from '../../src/analyses/startup-status.js';
import { startupCounts } from '../../src/render/startup-counts.js';
import { renderStartupJson } from '../../src/render/startup-json.js';
import { renderStartupTable, startupDetail } from '../../src/render/startup-table.js';
import { definition, PIPE, resultOf, sha } from './render-inputs.js';

const UP: StartupEntry = { metric: definition('svc_up', { kind: 'gauge', holder: 'eager', static: null, line: 3 }), status: { kind: 'eager' }, labelValuesAtStartup: null, binaries: ['src/main.rs'] };
const REQUESTS: StartupEntry = {
  metric: definition('svc_requests_total', { vec: true, labels: ['code'] }),
  status: { kind: 'forced', chain: ['main', 'init_metrics'], site: { path: 'src/main.rs', line: 12, function: 'init_metrics' }, binary: 'src/main.rs' },
  labelValuesAtStartup: true,
  binaries: ['src/main.rs'],
};
const JOBS: StartupEntry = {
  metric: definition('svc_jobs_total', { static: 'JOBS', line: 7, vec: true, labels: ['queue'] }),
  status: {
    kind: 'first-use',
    uses: [
      { path: 'src/jobs.rs', line: 4, function: 'run_job' },
      { path: 'src/jobs.rs', line: 9, function: null },
    ],
    undetermined: [{ binary: 'src/bin/tool.rs', reason: 'calls an unresolved function' }],
  },
  labelValuesAtStartup: false,
  binaries: ['src/bin/tool.rs', 'src/main.rs'],
};
const RETRIES: StartupEntry = {
  metric: definition('svc_retries_total', { static: 'RETRIES', line: 8, holder: 'once_cell::Lazy' }),
  status: { kind: 'error-path', uses: [{ path: 'src/db.rs', line: 9, function: 'retry' }] },
  labelValuesAtStartup: null,
  binaries: ['src/main.rs'],
};
const UNUSED: StartupEntry = { metric: definition('svc_unused_total', { static: 'UNUSED', line: 9 }), status: { kind: 'never-used' }, labelValuesAtStartup: null, binaries: ['src/main.rs'] };
const ODD: StartupEntry = {
  metric: definition('svc_odd_total', { static: null, line: 10, holder: 'OnceLock' }),
  status: { kind: 'unknown', reason: 'held by a OnceLock without a static name to follow' },
  labelValuesAtStartup: null,
  binaries: [],
};

const report = (entries: readonly StartupEntry[], notes: readonly string[] = []): StartupReport => ({ ref: 'main', commit: sha(1), entries, notes });

describe('startupDetail', () => {
  it('says why for each status; the binary only when asked to', () => {
    expect(startupDetail(UP)).toBe('registered where it is constructed');
    expect(startupDetail(REQUESTS)).toBe('main > init_metrics, at src/main.rs:12; label values set at startup');
    expect(startupDetail(REQUESTS, true)).toBe('main > init_metrics (src/main.rs), at src/main.rs:12; label values set at startup');
    expect(startupDetail(JOBS)).toBe('first use src/jobs.rs:4 in run_job (+1 more); start-up path undetermined in src/bin/tool.rs');
    expect(startupDetail(RETRIES)).toBe('used only in error handling, so it appears after the first error: src/db.rs:9 in retry');
    expect(startupDetail(UNUSED)).toBe('nothing uses it, so it is never registered and never appears');
    expect(startupDetail(ODD)).toBe('held by a OnceLock without a static name to follow');
  });

  it('an eager Vec without label values at startup has no series until the first with_label_values', () => {
    expect(startupDetail({ ...UP, labelValuesAtStartup: false })).toBe('registered where it is constructed; no series until the first with_label_values');
  });
});

describe('renderStartupTable', () => {
  it('a row per metric, the binary named when there are several, the counts, and advice when some are lazy', () => {
    expect(renderStartupTable(report([UP, REQUESTS, JOBS, RETRIES, UNUSED, ODD]), PIPE)).toBe(
      [
        'Start-up registration of 6 metrics at main (1111111111aa)',
        'METRIC              HOLDER           STATUS      WHY',
        'svc_up              eager            eager       registered where it is constructed',
        'svc_requests_total  lazy_static      forced      main > init_metrics (src/main.rs), at src/main.rs:12; label values set at startup',
        'svc_jobs_total      lazy_static      first-use   first use src/jobs.rs:4 in run_job (+1 more); start-up path undetermined in src/bin/tool.rs',
        'svc_retries_total   once_cell::Lazy  error-path  used only in error handling, so it appears after the first error: src/db.rs:9 in retry',
        'svc_unused_total    lazy_static      never-used  nothing uses it, so it is never registered and never appears',
        'svc_odd_total       OnceLock         unknown     held by a OnceLock without a static name to follow',
        '',
        '1 eager, 1 forced at startup, 1 never used, 1 only after an error, 1 at first use, 1 undetermined.',
        'A lazily held metric is absent from /metrics until first used: force it at startup (lazy_static::initialize, Lazy::force) from a function called by main.',
        '',
      ].join('\n'),
    );
  });

  it('all registered at startup: counts without advice; one binary is not named', () => {
    expect(renderStartupTable(report([UP, REQUESTS]), PIPE)).toBe(
      [
        'Start-up registration of 2 metrics at main (1111111111aa)',
        'METRIC              HOLDER       STATUS  WHY',
        'svc_up              eager        eager   registered where it is constructed',
        'svc_requests_total  lazy_static  forced  main > init_metrics, at src/main.rs:12; label values set at startup',
        '',
        '1 eager, 1 forced at startup, 0 never used, 0 only after an error, 0 at first use, 0 undetermined.',
        '',
      ].join('\n'),
    );
  });

  it('no metric: a sentence, singular heading for one', () => {
    expect(renderStartupTable(report([]), PIPE)).toBe('Start-up registration of 0 metrics at main (1111111111aa)\nno metric registrations found\n');
    expect(renderStartupTable(report([UP]), PIPE).split('\n')[0]).toBe('Start-up registration of 1 metric at main (1111111111aa)');
  });
});

describe('startupCounts', () => {
  it('counts each status', () => {
    expect(startupCounts(report([UP, UP, UNUSED]))).toEqual({ eager: 2, forced: 0, firstUse: 0, errorPath: 0, neverUsed: 1, unknown: 0 });
  });
});

describe('renderStartupJson', () => {
  it('every metric with the fields of its status (null or empty for the others), the summary, notes and warnings', () => {
    const result = resultOf(renderStartupJson(report([UP, REQUESTS, JOBS, RETRIES, ODD], ['crate lib has no fn main']), ['w1']), 'startup');
    const common = { chain: null, site: null, binary: null, firstUses: [], errorUses: [], undetermined: [], reason: null };
    expect(result).toEqual({
      ref: 'main',
      commit: sha(1),
      metrics: [
        { name: 'svc_up', path: 'src/metrics.rs', line: 3, static: null, holder: 'eager', crate: 'svc', vec: false, status: 'eager', ...common, labelValuesAtStartup: null, binaries: ['src/main.rs'] },
        {
          name: 'svc_requests_total',
          path: 'src/metrics.rs',
          line: 6,
          static: 'REQUESTS',
          holder: 'lazy_static',
          crate: 'svc',
          vec: true,
          status: 'forced',
          ...common,
          chain: ['main', 'init_metrics'],
          site: { path: 'src/main.rs', line: 12, function: 'init_metrics' },
          binary: 'src/main.rs',
          labelValuesAtStartup: true,
          binaries: ['src/main.rs'],
        },
        {
          name: 'svc_jobs_total',
          path: 'src/metrics.rs',
          line: 7,
          static: 'JOBS',
          holder: 'lazy_static',
          crate: 'svc',
          vec: true,
          status: 'first-use',
          ...common,
          firstUses: [
            { path: 'src/jobs.rs', line: 4, function: 'run_job' },
            { path: 'src/jobs.rs', line: 9, function: null },
          ],
          undetermined: [{ binary: 'src/bin/tool.rs', reason: 'calls an unresolved function' }],
          labelValuesAtStartup: false,
          binaries: ['src/bin/tool.rs', 'src/main.rs'],
        },
        {
          name: 'svc_retries_total',
          path: 'src/metrics.rs',
          line: 8,
          static: 'RETRIES',
          holder: 'once_cell::Lazy',
          crate: 'svc',
          vec: false,
          status: 'error-path',
          ...common,
          errorUses: [{ path: 'src/db.rs', line: 9, function: 'retry' }],
          labelValuesAtStartup: null,
          binaries: ['src/main.rs'],
        },
        {
          name: 'svc_odd_total',
          path: 'src/metrics.rs',
          line: 10,
          static: null,
          holder: 'OnceLock',
          crate: 'svc',
          vec: false,
          status: 'unknown',
          ...common,
          reason: 'held by a OnceLock without a static name to follow',
          labelValuesAtStartup: null,
          binaries: [],
        },
      ],
      summary: { eager: 1, forced: 1, firstUse: 1, errorPath: 1, neverUsed: 0, unknown: 1 },
      notes: ['crate lib has no fn main'],
      warnings: ['w1'],
    });
  });
});
