import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWrappers } from '../../src/analyses/list-wrappers.js';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { openAnalysis } from '../../src/history/analysis-context.js';
import { snapshotListingAt, type SnapshotListing } from '../../src/history/snapshot.js';

const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\nlighthouse_metrics = "0.1"\n';

/** Two wrapper functions: one registers the name it is given, the other prefixes it and makes a Vec. */
const HELPERS = `use prometheus::{IntCounterVec, Result, IntCounter, Opts};

pub fn try_create_int_counter(name: &str, help: &str) -> Result<IntCounter> {
    let counter = IntCounter::with_opts(Opts::new(name, help))?;
    prometheus::register(Box::new(counter.clone()))?;
    Ok(counter)
}

pub fn app_counter_vec(name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    prometheus::register_int_counter_vec!(format!("app_{name}"), help, labels).unwrap()
}
`;

const CALLS = `use std::sync::LazyLock;
use crate::helpers::*;

pub static BLOCKS: LazyLock<Result<IntCounter>> =
    LazyLock::new(|| try_create_int_counter("svc_blocks_total", "Blocks"));
pub static SLOTS: LazyLock<Result<IntCounter>> =
    LazyLock::new(|| try_create_int_counter("svc_slots_total", "Slots"));
pub static REQUESTS: LazyLock<IntCounterVec> =
    LazyLock::new(|| app_counter_vec("requests_total", "Requests", &["route"]));
pub static EXTERNAL: LazyLock<Result<IntCounter>> =
    LazyLock::new(|| lighthouse_metrics::try_create_float_gauge("ext_gauge", "From another repository"));
`;

/** A wrapper defined outside this repository, declared so its calls count. */
const CONFIG = JSON.stringify({ wrappers: [{ function: 'try_create_float_gauge', kind: 'gauge', nameArg: 0, helpArg: 1, prefix: 'lh_' }] });

let repo: Scenario;
const listings = new Map<string, SnapshotListing>();
beforeAll(async () => {
  repo = createScenario({ prefix: 'provenance-wrappers-' });
  repo.commit('No metrics yet', { 'Cargo.toml': CARGO, 'src/lib.rs': 'pub fn f() {}\n' });
  repo.tag('empty');
  repo.commit('Helpers and calls', { 'src/lib.rs': 'pub mod helpers;\npub mod calls;\n', 'src/helpers.rs': HELPERS, 'src/calls.rs': CALLS });
  repo.tag('inferred');
  repo.commit('Declare the external helper', { 'provenance.json': CONFIG });
  const context = await openAnalysis(repo.dir, {});
  try {
    for (const ref of ['empty', 'inferred', 'main']) {
      listings.set(ref, await snapshotListingAt(context.repo, ref, { blobs: context.blobs, facts: context.facts, store: context.snapshots }));
    }
  } finally {
    await context.close();
  }
});
afterAll(() => repo?.cleanup());

const listed = (ref: string) => listWrappers(listings.get(ref) as SnapshotListing);

describe('listWrappers', () => {
  it('functions found in the tree, in file order, with the names they build and how many calls registered through them', () => {
    expect(listed('inferred')).toEqual({
      ref: 'inferred',
      commit: repo.sha('inferred'),
      wrappers: [
        { name: 'try_create_int_counter', origin: 'inferred', path: 'src/helpers.rs', line: 3, crate: 'svc', registers: [{ name: '{name}', kind: 'int_counter', vec: false }], registrations: 2, unresolved: 0 },
        { name: 'app_counter_vec', origin: 'inferred', path: 'src/helpers.rs', line: 9, crate: 'svc', registers: [{ name: 'app_{name}', kind: 'int_counter', vec: true }], registrations: 1, unresolved: 0 },
      ],
    });
  });

  it('a wrapper declared in provenance.json comes after the found ones, with no place in the tree', () => {
    expect(listed('main').wrappers.map((w) => [w.name, w.origin, w.path, w.line, w.crate, w.registers, w.registrations])).toEqual([
      ['try_create_int_counter', 'inferred', 'src/helpers.rs', 3, 'svc', [{ name: '{name}', kind: 'int_counter', vec: false }], 2],
      ['app_counter_vec', 'inferred', 'src/helpers.rs', 9, 'svc', [{ name: 'app_{name}', kind: 'int_counter', vec: true }], 1],
      ['try_create_float_gauge', 'configured', null, null, null, [{ name: 'lh_{name}', kind: 'gauge', vec: false }], 1],
    ]);
  });

  it('a tree without wrappers: an empty list for the commit', () => {
    expect(listed('empty')).toEqual({ ref: 'empty', commit: repo.sha('empty'), wrappers: [] });
  });
});
