import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { runCliJson } from '../helpers/run-cli.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

/*
 * Most manifest edits bump versions: the index keeps resolving from the last tree then. The one
 * version that changes names (the Prometheus exporter of the metrics facade: `svc2.requests` is
 * `svc__requests` under 0.8 and `svc2_requests` from 0.10 on) must still count.
 */

interface HistoryJson {
  events: { kind: string; commit: { sha: string } }[];
}

const scenario = scenariosRemovedAfterEachTest();

const manifest = (metrics: string, exporter: string, extra = '') =>
  `[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nmetrics = "${metrics}"\nmetrics-exporter-prometheus = "${exporter}"\n${extra}`;

const LIB = 'pub fn serve() {\n    metrics::increment_counter!("svc2.requests");\n}\n';

const events = async (repo: Scenario, metric: string) =>
  (await runCliJson<HistoryJson>(['history', metric, '--repo', repo.dir])).result.events.map((e) => [e.kind, e.commit.sha]);

const listed = async (repo: Scenario, ref: string) =>
  (await runCliJson<{ metrics: { name: string }[] }>(['list', '--repo', repo.dir, '--ref', ref, '--json'])).result.metrics.map((m) => m.name);

describe('manifest edits over history', () => {
  it('version bumps keep the set; the exporter version that renames a metric is a change', async () => {
    const repo = scenario();
    const first = repo.commit('Serve', { 'Cargo.toml': manifest('0.20', '0.8'), 'src/lib.rs': LIB });
    repo.commit('Bump metrics', { 'Cargo.toml': manifest('0.20.1', '0.8') });
    repo.commit('Add a dependency', { 'Cargo.toml': manifest('0.20.1', '0.8', 'serde = "1"\n') });
    const renamed = repo.commit('Bump the exporter', { 'Cargo.toml': manifest('0.20.1', '0.11', 'serde = "1"\n') });
    repo.commit('Bump serde', { 'Cargo.toml': manifest('0.20.1', '0.11', 'serde = "1.0.200"\n') });

    expect(await events(repo, 'svc__requests')).toEqual([
      ['introduced', first],
      ['removed', renamed],
    ]);
    expect(await events(repo, 'svc2_requests')).toEqual([['introduced', renamed]]);
    expect(await listed(repo, 'HEAD~2')).toEqual(['svc__requests']);
    expect(await listed(repo, 'HEAD')).toEqual(['svc2_requests']);
  });
});

describe('dependencies that decide what a registration is', () => {
  it('adding the metrics crate to a crate that calls its macros makes them metrics; adding serde changes nothing', async () => {
    const repo = scenario();
    const cargo = (extra: string) => `[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${extra}`;
    const lib = 'pub fn serve() {\n    metrics::counter!("svc_served_total").increment(1);\n}\n';
    repo.commit('Serve, before the dependency is declared', { 'Cargo.toml': cargo('tokio = "1"\n'), 'src/lib.rs': lib });
    repo.commit('Add serde', { 'Cargo.toml': cargo('tokio = "1"\nserde = "1"\n') });
    const declared = repo.commit('Declare metrics', { 'Cargo.toml': cargo('tokio = "1"\nserde = "1"\nmetrics = "0.23"\n') });
    repo.commit('Add anyhow', { 'Cargo.toml': cargo('tokio = "1"\nserde = "1"\nmetrics = "0.23"\nanyhow = "1"\n') });
    const dropped = repo.commit('Drop metrics', { 'Cargo.toml': cargo('tokio = "1"\nserde = "1"\nanyhow = "1"\n') });

    expect(await events(repo, 'svc_served_total')).toEqual([
      ['introduced', declared],
      ['removed', dropped],
    ]);
    expect(await listed(repo, 'HEAD~1')).toEqual(['svc_served_total']);
    expect(await listed(repo, 'HEAD~3')).toEqual([]);
  });
});
