import { describe, expect, it } from 'vitest';
import type { MetricList } from '../../src/analyses/list-metrics.js';
import type { WrapperList } from '../../src/analyses/list-wrappers.js';
import { renderListJson } from '../../src/render/list-json.js';
import { renderListFooter, renderListTable, renderWrappersTable } from '../../src/render/list-table.js';
import { definition, definitionJson, PIPE, resultOf, sha } from './render-inputs.js';

const list = (fields: Partial<MetricList> = {}): MetricList => ({
  ref: 'main',
  commit: sha(1),
  metrics: [],
  unresolved: [],
  warnings: [],
  complete: true,
  hiddenTestMetrics: 0,
  ...fields,
});

const wrappers = (fields: Partial<WrapperList> = {}): WrapperList => ({ ref: 'main', commit: sha(1), wrappers: [], ...fields });

const REQUESTS = definition('svc_requests_total', { labels: ['method', 'code'], vec: true, kind: 'int_counter' });
const UP = definition('svc_up', { kind: 'gauge', static: null, holder: 'eager', path: 'src/main.rs', line: 12, registry: { kind: 'unregistered' } });
const CUSTOM = definition('svc_jobs_total', { line: 9, static: 'JOBS', registry: { kind: 'custom', expression: 'REGISTRY', prefix: 'svc' } });

describe('renderListTable', () => {
  it('one row per metric: kind with labels, site, static, holder and registry; the heading counts and shortens the commit', () => {
    expect(renderListTable(list({ metrics: [REQUESTS, UP, CUSTOM] }), PIPE)).toBe(
      [
        '3 metrics at main (1111111111aa)',
        'METRIC              KIND                           DEFINED AT        STATIC    HOLDER       REGISTRY',
        'svc_requests_total  int_counter vec(method, code)  src/metrics.rs:6  REQUESTS  lazy_static  default',
        'svc_up              gauge                          src/main.rs:12    -         eager        UNREGISTERED',
        'svc_jobs_total      int_counter                    src/metrics.rs:9  JOBS      lazy_static  REGISTRY',
        '',
      ].join('\n'),
    );
  });

  it('says "1 metric", singular', () => {
    expect(renderListTable(list({ metrics: [UP] }), PIPE).split('\n')[0]).toBe('1 metric at main (1111111111aa)');
  });

  it('an empty list is a heading and a sentence, no table', () => {
    expect(renderListTable(list(), PIPE)).toBe('0 metrics at main (1111111111aa)\nno metric registrations found\n');
  });

  it('repository text in a cell is escaped, never passed to the terminal', () => {
    const hostile = definition('svc_x_total', { path: 'src/\u001b[31mred.rs', line: 1, static: 'X' });
    const lines = renderListTable(list({ metrics: [hostile] }), PIPE).split('\n');
    expect(lines[2]).toBe('svc_x_total  int_counter  src/\\u001b[31mred.rs:1  X       lazy_static  default');
  });
});

describe('renderListFooter', () => {
  it('is empty for a complete list with nothing hidden', () => {
    expect(renderListFooter(list())).toBe('');
  });

  it('names hidden test metrics, unresolved registrations, warnings and incompleteness, escaping repository text', () => {
    const footer = renderListFooter(
      list({
        hiddenTestMetrics: 2,
        unresolved: [{ path: 'src/dyn.rs', line: 4, column: 5, expression: 'format!("{}_total", name)', reason: 'name built at run time' }],
        warnings: ['src/bad.rs: syntax error\nat line 3'],
        complete: false,
      }),
    );
    expect(footer).toBe(
      [
        '2 test-only metric(s) hidden; --include-tests shows them',
        'unresolved: src/dyn.rs:4: format!("{}_total", name) (name built at run time)',
        'warning: src/bad.rs: syntax error\\nat line 3',
        'incomplete: some blobs could not be read; metrics they define are missing from this list',
        '',
      ].join('\n'),
    );
  });
});

describe('renderWrappersTable', () => {
  it('lists each wrapper with where it is defined, what it registers, the kinds once each, and its registrations', () => {
    const text = renderWrappersTable(
      wrappers({
        wrappers: [
          {
            name: 'app_counter',
            origin: 'inferred',
            path: 'src/metrics.rs',
            line: 3,
            crate: 'svc',
            registers: [
              { name: 'app_{name}', kind: 'int_counter', vec: false },
              { name: 'app_{name}_by_code', kind: 'int_counter', vec: true },
              { name: 'app_{name}_again', kind: 'int_counter', vec: false },
            ],
            registrations: 4,
            unresolved: 1,
          },
          { name: 'Metrics::gauge', origin: 'configured', path: null, line: null, crate: null, registers: [{ name: '{0}', kind: 'gauge', vec: false }], registrations: 2, unresolved: 0 },
          { name: 'odd', origin: 'inferred', path: 'src/odd.rs', line: null, crate: 'svc', registers: [], registrations: 0, unresolved: 0 },
        ],
      }),
      PIPE,
    );
    expect(text).toBe(
      [
        '3 wrappers at main (1111111111aa)',
        'WRAPPER         DEFINED AT        REGISTERS                                         KIND                          METRICS',
        'app_counter     src/metrics.rs:3  app_{name}, app_{name}_by_code, app_{name}_again  int_counter, int_counter vec  4 (+1 unresolved)',
        'Metrics::gauge  provenance.json   {0}                                               gauge                         2',
        'odd             src/odd.rs:?                                                                                      0',
        '',
      ].join('\n'),
    );
  });

  it('without wrappers says where one can declare them', () => {
    expect(renderWrappersTable(wrappers(), PIPE)).toBe('0 wrappers at main (1111111111aa)\nno wrapper functions or macros found (provenance.json can declare ones defined elsewhere)\n');
  });
});

describe('renderListJson', () => {
  it('is the versioned document: the list with each metric in the JSON contract, unresolved entries, and the wrappers', () => {
    const result = resultOf(
      renderListJson(
        list({
          metrics: [REQUESTS, CUSTOM],
          unresolved: [{ path: 'src/dyn.rs', line: 4, column: 5, expression: 'name', reason: 'a parameter' }],
          warnings: ['w'],
          complete: false,
          hiddenTestMetrics: 3,
        }),
        wrappers({
          wrappers: [{ name: 'app_counter', origin: 'inferred', path: 'src/metrics.rs', line: 3, crate: 'svc', registers: [{ name: 'app_{name}', kind: 'int_counter', vec: false }], registrations: 1, unresolved: 0 }],
        }),
      ),
      'list',
    );
    expect(result).toEqual({
      ref: 'main',
      commit: sha(1),
      metrics: [
        definitionJson('svc_requests_total', { labels: ['method', 'code'], vec: true }),
        { ...definitionJson('svc_jobs_total', { line: 9, static: 'JOBS' }), registry: 'REGISTRY', registryPrefix: 'svc' },
      ],
      unresolved: [{ path: 'src/dyn.rs', line: 4, column: 5, expression: 'name', reason: 'a parameter' }],
      warnings: ['w'],
      complete: false,
      wrappers: [{ name: 'app_counter', origin: 'inferred', path: 'src/metrics.rs', line: 3, crate: 'svc', registers: [{ name: 'app_{name}', kind: 'int_counter', vec: false }], registrations: 1, unresolved: 0 }],
    });
  });

  it('an empty list is an empty document, not a missing one', () => {
    expect(resultOf(renderListJson(list(), wrappers()), 'list')).toEqual({ ref: 'main', commit: sha(1), metrics: [], unresolved: [], warnings: [], complete: true, wrappers: [] });
  });
});
