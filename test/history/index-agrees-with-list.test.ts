import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { openAnalysis } from '../../src/history/analysis-context.js';
import { indexedRepository } from '../../src/history/indexed-repository.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { runCliJson } from '../helpers/run-cli.js';
import { CARGO_TOML } from '../helpers/rust-sources.js';

/*
 * Random histories over files whose facts depend on each other (a wrapper and its call sites, a
 * registration naming a constant of another file, a re-export, a test module declared elsewhere, by
 * the crate root or by a file that registers nothing while a file below it does):
 * at every commit, the metrics the history index holds are the ones `list` finds in that tree. The
 * index resolves trees from their differences and leaves files without registrations unparsed until
 * a tree needs them; `list --verbose` parses the whole tree every time (a quiet `list` parses what
 * the metrics need, by the index's rule, and must agree as well).
 */

const VARIANTS: Record<string, readonly (string | null)[]> = {
  'src/main.rs': [
    'mod metrics;\nmod names;\nmod consts;\nmod api;\nmod db;\n\nfn main() {}\n',
    'mod metrics;\nmod names;\nmod consts;\n#[cfg(test)]\nmod api;\nmod db;\n\nfn main() {}\n',
  ],
  'src/metrics.rs': [
    null,
    'use prometheus::{register_int_counter, IntCounter};\nlazy_static::lazy_static! {\n    pub static ref A: IntCounter = register_int_counter!("svc_a_total", "A").unwrap();\n}\n',
    'use prometheus::{register_int_counter, IntCounter};\nlazy_static::lazy_static! {\n    pub static ref R: IntCounter = register_int_counter!(crate::names::REQ, "Requests").unwrap();\n}\n',
    'pub fn app_counter(name: &str, help: &str) -> prometheus::IntCounter {\n    prometheus::register_int_counter!(format!("app_{name}"), help).unwrap()\n}\n',
    'pub fn app_counter(name: &str, help: &str) -> prometheus::IntCounter {\n    prometheus::register_int_counter!(format!("svc_{name}"), help).unwrap()\n}\n',
    'const LOCAL: &str = "svc_local_total";\nconst REQ: &str = LOCAL;\nlazy_static::lazy_static! {\n    pub static ref L: prometheus::IntCounter = prometheus::register_int_counter!(REQ, "Local").unwrap();\n}\n',
  ],
  'src/names.rs': [
    null,
    'pub const REQ: &str = "svc_req_total";\n',
    'pub const REQ: &str = "svc_requests_total";\n',
    'pub use crate::consts::REQ;\n',
    'pub use crate::consts::*;\n',
    'pub use crate::consts::T as REQ;\n',
    'use crate::consts as c;\npub const REQ: &str = c::T;\n',
  ],
  'src/consts.rs': [
    null,
    'pub const REQ: &str = "svc_const_req_total";\n',
    'pub const REQ: &str = "svc_other_req_total";\npub const T: &str = "t";\n',
    'pub const PREFIX: &str = "svc_pre";\npub const T: &str = concat!("svc_", "t_total");\npub const REQ: &str = concat!(PREFIX, "_req_total");\n',
  ],
  'src/api.rs': [
    null,
    'pub fn f() {\n    crate::metrics::app_counter("requests_total", "Requests");\n}\n',
    'use crate::metrics::app_counter;\npub fn f() {\n    app_counter("calls_total", "Calls");\n    let _ = vec!["x"];\n}\n',
    'pub fn plain() {}\n',
    'pub fn plain() {}\n#[cfg(test)]\nmod inner;\n',
    'pub fn plain() {}\npub mod inner;\n',
  ],
  // Registers, or calls a wrapper, in a module that api.rs may declare as test code.
  'src/api/inner.rs': [
    null,
    'lazy_static::lazy_static! {\n    pub static ref I: prometheus::IntCounter = prometheus::register_int_counter!("svc_inner_total", "I").unwrap();\n}\n',
    'pub fn t() {\n    crate::metrics::app_counter("inner_total", "Inner");\n}\n',
  ],
  'src/db.rs': [
    'use crate::names::*;\nconst DB: &str = "svc_db_total";\nlazy_static::lazy_static! {\n    pub static ref D: prometheus::IntCounter = prometheus::register_int_counter!(DB, "Db").unwrap();\n    pub static ref Q: prometheus::IntCounter = prometheus::register_int_counter!(REQ, "Q").unwrap();\n}\n',
    null, 'pub fn q() {\n    crate::metrics::app_counter("queries_total", "Queries");\n}\n', 'use std::fmt;\npub fn q(x: &str) { let _ = x; }\n'],
};

const scenarios: Scenario[] = [];
afterEach(() => {
  for (const repo of scenarios.splice(0)) repo.cleanup();
});

async function listAt(repo: Scenario, commit: string): Promise<string[]> {
  const names = async (args: readonly string[]) => {
    const run = await runCliJson<{ metrics: { name: string }[] }>(['list', '--ref', commit, '--repo', repo.dir, ...args]);
    return [...new Set(run.result.metrics.map((m) => m.name))].sort();
  };
  const everyFile = await names(['--verbose']);
  expect(await names([]), `list without --verbose at ${commit}`).toEqual(everyFile);
  return everyFile;
}

describe('the history index agrees with list', () => {
  it('through another workspace crate whose root re-exports a glob', async () => {
    const repo = createScenario();
    scenarios.push(repo);
    const member = (name: string, deps = '') => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\n${deps}`;
    const commits = [
      repo.commit('Workspace', {
        'Cargo.toml': '[workspace]\nmembers = ["svc", "common"]\n',
        'svc/Cargo.toml': member('svc', 'common = { path = "../common" }\n'),
        'svc/src/main.rs': 'mod metrics;\nfn main() {}\n',
        'svc/src/metrics.rs': 'lazy_static::lazy_static! {\n    pub static ref R: prometheus::IntCounter = prometheus::register_int_counter!(common::REQ, "R").unwrap();\n}\n',
        'common/Cargo.toml': member('common'),
        'common/src/lib.rs': 'mod consts;\npub use consts::*;\n',
        'common/src/consts.rs': 'pub const REQ: &str = "svc_common_total";\n',
      }),
    ];
    const context = await openAnalysis(repo.dir, {});
    try {
      const { view } = await indexedRepository(context);
      expect(await listAt(repo, commits[0] as string)).toEqual(['svc_common_total']);
      expect([...view.metricNamesAt(commits[0] as string)]).toEqual(['svc_common_total']);
    } finally {
      await context.close();
    }
  });

  // A glob file joins where a path passes through its module: a module of the same name elsewhere (`server::names` beside `names`) does not, a rename of it does.
  it('through modules named like others, or renamed', async () => {
    const repo = createScenario();
    scenarios.push(repo);
    const registering = (path: string, prelude = '') => ({
      'src/metrics.rs': `${prelude}lazy_static::lazy_static! {\n    pub static ref R: prometheus::IntCounter = prometheus::register_int_counter!(${path}, "R").unwrap();\n}\n`,
    });
    const commits = [
      repo.commit('Start', {
        'Cargo.toml': CARGO_TOML(),
        'src/main.rs': 'mod metrics;\nmod consts;\nmod names;\nmod server;\npub use server::*;\n\nfn main() {}\n',
        'src/consts.rs': 'pub const REQ: &str = "svc_const_req_total";\n',
        'src/names.rs': 'pub const OTHER: &str = "other";\n',
        'src/server.rs': 'pub mod keys;\npub mod names;\npub use keys as k;\n',
        'src/server/keys.rs': 'pub use crate::consts::*;\n',
        'src/server/names.rs': 'pub use crate::consts::*;\n',
        ...registering('crate::server::keys::REQ'),
      }),
    ];
    commits.push(repo.commit('Through a rename', registering('crate::server::k::REQ')));
    commits.push(repo.commit('Through names at the root', { 'src/names.rs': 'pub use crate::consts::*;\n', ...registering('crate::names::REQ') }));
    commits.push(repo.commit('Through a sibling', { 'src/server/keys.rs': 'pub use super::names::*;\n', ...registering('crate::server::keys::REQ') }));
    commits.push(repo.commit('Through a local rename', registering('s::keys::REQ', 'use crate::server as s;\n')));
    commits.push(repo.commit('Names at the root lose the glob', { 'src/names.rs': 'pub const OTHER: &str = "other";\n', ...registering('crate::names::REQ') }));
    const context = await openAnalysis(repo.dir, {});
    try {
      const { view } = await indexedRepository(context);
      const listed: string[][] = [];
      for (const commit of commits) {
        listed.push(await listAt(repo, commit));
        expect([...view.metricNamesAt(commit)].sort(), commit).toEqual(listed[listed.length - 1]);
      }
      // Every path but the last resolves to the constant; the last names nothing.
      expect(listed.slice(0, -1).every((names) => names.includes('svc_const_req_total'))).toBe(true);
      expect(listed[listed.length - 1]).not.toContain('svc_const_req_total');
    } finally {
      await context.close();
    }
  });

  it('through a glob import of a glob re-export, in a tree whose code files stay unparsed', async () => {
    const repo = createScenario();
    scenarios.push(repo);
    const commits = [
      repo.commit('Start', {
        'Cargo.toml': CARGO_TOML(),
        'src/main.rs': VARIANTS['src/main.rs']?.[0] as string,
        'src/db.rs': VARIANTS['src/db.rs']?.[0] as string,
        'src/names.rs': 'pub use crate::consts::*;\n',
        'src/consts.rs': 'pub const REQ: &str = "svc_globbed_total";\n',
        'src/api.rs': 'use crate::metrics::app_counter;\npub fn f() {\n    app_counter("calls_total", "Calls");\n}\n',
      }),
    ];
    commits.push(repo.commit('Rename', { 'src/consts.rs': 'pub const REQ: &str = "svc_globbed_again_total";\n' }));
    const context = await openAnalysis(repo.dir, {});
    try {
      const { view } = await indexedRepository(context);
      for (const commit of commits) expect([...view.metricNamesAt(commit)].sort(), commit).toEqual(await listAt(repo, commit));
      expect([...view.metricNamesAt(commits[1] as string)].sort()).toEqual(['svc_db_total', 'svc_globbed_again_total']);
    } finally {
      await context.close();
    }
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('at every commit of a random history (seed %i)', async (seed) => {
    const repo = createScenario();
    scenarios.push(repo);
    const commits = await randomHistory(repo, seed);
    const context = await openAnalysis(repo.dir, {});
    try {
      const { view } = await indexedRepository(context);
      for (const commit of commits) expect([...view.metricNamesAt(commit)].sort(), commit).toEqual(await listAt(repo, commit));
    } finally {
      await context.close();
    }
  });

  // Each run starts from the stored tip states and how their deferred files were settled, not from the whole tree.
  it.each([1, 2, 3, 4, 5, 6])('indexed one commit per run, as a cold index (seed %i)', async (seed) => {
    const repo = createScenario();
    scenarios.push(repo);
    const commits = await randomHistory(repo, seed, async () => {
      const context = await openAnalysis(repo.dir, {});
      try {
        await indexedRepository(context);
      } finally {
        await context.close();
      }
    });
    const answers = async () => {
      const context = await openAnalysis(repo.dir, {});
      try {
        const { view } = await indexedRepository(context);
        return commits.map((commit) => [...view.metricNamesAt(commit)].sort().map((name) => view.definitionsAt(commit, name)));
      } finally {
        await context.close();
      }
    };
    const incremental = await answers();
    rmSync(join(repo.dir, '.git', 'provenance'), { recursive: true, force: true });
    expect(await answers()).toEqual(incremental);
  });
});

/** 25 commits over VARIANTS with a side branch merged back; `afterEach` runs after every commit. */
async function randomHistory(repo: Scenario, seed: number, afterEach: () => Promise<void> = async () => undefined): Promise<string[]> {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const commits = [repo.commit('Start', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': VARIANTS['src/main.rs']?.[0] as string })];
  await afterEach();
  for (let i = 1; i <= 24; i++) {
    if (i === 12) repo.branch('side');
    if (i === 18) {
      repo.switch('main');
      commits.push(repo.merge('side', 'Merge side'));
      await afterEach();
      continue;
    }
    const files: Record<string, string | null> = {};
    for (let n = 1 + Math.floor(rnd() * 2); n > 0; n--) {
      const path = pick(Object.keys(VARIANTS));
      const content = pick(VARIANTS[path] as readonly (string | null)[]);
      if (content === null && !existsSync(join(repo.dir, path))) continue;
      files[path] = content;
    }
    commits.push(repo.commit(`Change ${i}`, files, { allowEmpty: true }));
    await afterEach();
  }
  return commits;
}
