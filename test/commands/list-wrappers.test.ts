import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';

const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\nlighthouse_metrics = "0.1"\n';

const METRICS = `use prometheus::{IntCounterVec, Result, IntCounter, Opts};

pub fn try_create_int_counter(name: &str, help: &str) -> Result<IntCounter> {
    let counter = IntCounter::with_opts(Opts::new(name, help))?;
    prometheus::register(Box::new(counter.clone()))?;
    Ok(counter)
}

pub fn register_int_counter_vec(name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    prometheus::register_int_counter_vec!(format!("app_{name}"), help, labels).unwrap()
}
`;

const CALLS = `use std::sync::LazyLock;
use crate::metrics::*;

pub static BLOCKS: LazyLock<Result<IntCounter>> =
    LazyLock::new(|| try_create_int_counter("beacon_blocks_total", "Blocks"));
pub static REQUESTS: LazyLock<IntCounterVec> =
    LazyLock::new(|| register_int_counter_vec("requests_total", "Requests", &["route"]));
pub static EXTERNAL: LazyLock<Result<IntCounter>> =
    LazyLock::new(|| lighthouse_metrics::try_create_float_gauge("ext_gauge", "From another repository"));
`;

const CONFIG = JSON.stringify({ wrappers: [{ function: 'try_create_float_gauge', kind: 'gauge', nameArg: 0, helpArg: 1, prefix: 'lh_' }] }, null, 2);

interface ListJson {
  metrics: { name: string; kind: string; labels: string[]; path: string; line: number }[];
  unresolved: unknown[];
  wrappers: {
    name: string;
    origin: string;
    path: string | null;
    line: number | null;
    crate: string | null;
    registers: { name: string; kind: string; vec: boolean }[];
    registrations: number;
    unresolved: number;
  }[];
}

describe('provenance list --wrappers and provenance.json', () => {
  let repo: Scenario;
  let withConfig: string;
  let malformed: string;
  beforeAll(() => {
    repo = createScenario();
    repo.commit('Helpers and calls', {
      'Cargo.toml': CARGO,
      'src/lib.rs': 'pub mod metrics;\npub mod chain;\n',
      'src/metrics.rs': METRICS,
      'src/chain.rs': CALLS,
    });
    withConfig = repo.commit('Configure the external helper', { 'provenance.json': CONFIG });
    repo.branch('broken');
    malformed = repo.commit('Break the config', { 'provenance.json': '{"wrappers": [{"function": "f", "kind": "int_counter", "nameArg": -1}]}' });
    repo.switch('main');
  });
  afterAll(() => repo.cleanup());

  it('lists the wrappers with where they are defined and how many metrics each registered', async () => {
    const run = await runCli(['list', '--wrappers', '--repo', repo.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1).join('\n')).toBe(
      [
        'WRAPPER                   DEFINED AT        REGISTERS   KIND             METRICS',
        'try_create_int_counter    src/metrics.rs:3  {name}      int_counter      1',
        'register_int_counter_vec  src/metrics.rs:9  app_{name}  int_counter vec  1',
        'try_create_float_gauge    provenance.json   lh_{name}   gauge            1',
        '',
      ].join('\n'),
    );
    expect(run.stdout.split('\n')[0]).toBe(`3 wrappers at HEAD (${withConfig.slice(0, 12)})`);
  });

  it('lists the metrics with prefixes applied, and the wrappers in the JSON', async () => {
    const run = await runCliJson<ListJson>(['list', '--repo', repo.dir]);
    expect(run.result.metrics.map((m) => [m.name, m.kind, m.labels, `${m.path}:${m.line}`])).toEqual([
      ['app_requests_total', 'int_counter', ['route'], 'src/chain.rs:7'],
      ['beacon_blocks_total', 'int_counter', [], 'src/chain.rs:5'],
      ['lh_ext_gauge', 'gauge', [], 'src/chain.rs:9'],
    ]);
    expect(run.result.unresolved).toEqual([]);
    expect(run.result.wrappers).toEqual([
      {
        name: 'try_create_int_counter',
        origin: 'inferred',
        path: 'src/metrics.rs',
        line: 3,
        crate: 'svc',
        registers: [{ name: '{name}', kind: 'int_counter', vec: false }],
        registrations: 1,
        unresolved: 0,
      },
      {
        name: 'register_int_counter_vec',
        origin: 'inferred',
        path: 'src/metrics.rs',
        line: 9,
        crate: 'svc',
        registers: [{ name: 'app_{name}', kind: 'int_counter', vec: true }],
        registrations: 1,
        unresolved: 0,
      },
      {
        name: 'try_create_float_gauge',
        origin: 'configured',
        path: null,
        line: null,
        crate: null,
        registers: [{ name: 'lh_{name}', kind: 'gauge', vec: false }],
        registrations: 1,
        unresolved: 0,
      },
    ]);
  });

  it('reads the configuration of the analysed ref, never the work tree', async () => {
    writeFileSync(path.join(repo.dir, 'provenance.json'), '{ not json');
    const before = await runCliJson<ListJson>(['list', '--ref', `${withConfig}~1`, '--repo', repo.dir]);
    expect(before.code).toBe(0);
    expect(before.result.metrics.map((m) => m.name)).toEqual(['app_requests_total', 'beacon_blocks_total']);
    expect(before.result.wrappers.map((w) => w.name)).toEqual(['try_create_int_counter', 'register_int_counter_vec']);
    const head = await runCliJson<ListJson>(['list', '--repo', repo.dir]);
    expect(head.result.metrics).toHaveLength(3);
    repo.git(['checkout', '--', 'provenance.json']);
  });

  it('rejects a malformed provenance.json with one line naming the field, exit 2', async () => {
    const run = await runCli(['list', '--ref', 'broken', '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('provenance: provenance.json at broken: wrappers[0].nameArg must be an argument position (0, 1, ...), got -1\n');
    expect(malformed).toBe(repo.sha('broken'));
  });
});
