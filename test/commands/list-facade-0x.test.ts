import { describe, expect, it } from 'vitest';
import { runCliJson } from '../helpers/run-cli.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

interface ListJson {
  metrics: { name: string; kind: string; labels: string[]; holder: string; static: string | null; registry: string; buckets: number[] | null; help: string | null }[];
  unresolved: { reason: string }[];
}

interface ExplainJson {
  name: string | null;
  introductions: { commit: { sha: string; subject: string } }[];
}

interface StartupJson {
  metrics: { name: string; holder: string; status: string; firstUses: unknown[] }[];
}

const scenario = scenariosRemovedAfterEachTest();

/** A database workspace of 2023: the metrics facade 0.20, exposed by metrics-exporter-prometheus 0.11 in the server binary. */
const WORKSPACE = {
  'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\nmetrics = "0.20"\n',
  'crates/storage/Cargo.toml': '[package]\nname = "storage"\nversion = "0.1.0"\n\n[dependencies]\nmetrics = { workspace = true }\n',
  'crates/server/Cargo.toml':
    '[package]\nname = "server"\nversion = "0.1.0"\n\n[dependencies]\nstorage = { path = "../storage" }\nmetrics = { workspace = true }\nmetrics-exporter-prometheus = "0.11"\n',
  'crates/server/src/main.rs': 'fn main() {\n    metrics_exporter_prometheus::PrometheusBuilder::new().install().unwrap();\n    storage::flush(1);\n}\n',
};

const METRICS_RS = [
  'pub const METRIC_FLUSH_COUNT: &str = "storage.flush.count";',
  'pub const METRIC_FLUSH_ELAPSED: &str = "storage.flush.elapsed";',
  '',
].join('\n');

const LIB_RS = (extra: string): string =>
  [
    'pub mod metrics;',
    'use metrics::{decrement_gauge, histogram, increment_counter, increment_gauge};',
    'use crate::metrics::*;',
    '',
    'pub fn flush(rows: u64) {',
    '    increment_gauge!("storage.flush.running", 1.0);',
    '    increment_counter!(METRIC_FLUSH_COUNT, "kind" => "memtable");',
    '    histogram!(METRIC_FLUSH_ELAPSED, rows as f64);',
    '    decrement_gauge!("storage.flush.running", 1.0);',
    extra,
    '}',
    '',
  ].join('\n');

describe('the metrics facade 0.x in a repository', () => {
  it('lists dotted names as exposed, and explain finds the commit that introduced them', async () => {
    const repo = scenario();
    const first = repo.commit('Storage metrics', {
      ...WORKSPACE,
      'crates/storage/src/metrics.rs': METRICS_RS,
      'crates/storage/src/lib.rs': LIB_RS(''),
    });
    repo.commit('Unrelated', { 'README.md': 'storage\n' });
    const third = repo.commit('Count flushed rows', {
      'crates/storage/src/lib.rs': LIB_RS('    metrics::counter!("storage.flush.rows", rows);'),
    });

    const list = await runCliJson<ListJson>(['list', '--ref', 'main', '--repo', repo.dir]);
    expect(list.code).toBe(0);
    expect(list.result.unresolved).toEqual([]);
    expect(list.result.metrics.map((m) => [m.name, m.kind, m.labels])).toEqual([
      ['storage_flush_count', 'counter', ['kind']],
      ['storage_flush_elapsed', 'histogram', []],
      ['storage_flush_rows', 'counter', []],
      ['storage_flush_running', 'gauge', []],
    ]);

    const explained = await runCliJson<ExplainJson>(['explain', 'storage_flush_count', '--repo', repo.dir]);
    expect(explained.code).toBe(0);
    expect(explained.result.name).toBe('storage_flush_count');
    expect(explained.result.introductions.map((i) => [i.commit.sha, i.commit.subject])).toEqual([[first, 'Storage metrics']]);
    const later = await runCliJson<ExplainJson>(['explain', 'storage_flush_rows', '--repo', repo.dir]);
    expect(later.result.introductions.map((i) => i.commit.sha)).toEqual([third]);
    // The name as the code writes it finds the same metric.
    const written = await runCliJson<ExplainJson>(['explain', 'storage.flush.rows', '--repo', repo.dir]);
    expect(written.code).toBe(0);
    expect(written.result.name).toBe('storage_flush_rows');
    expect(written.result.introductions.map((i) => i.commit.sha)).toEqual([third]);
  });

  it('computes bucket arithmetic and follows a Collector registered in Once::call_once at the first render', async () => {
    const repo = scenario();
    repo.commit('Service', {
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\nprometheus = "0.13"\n',
      'src/collector.rs': [
        'use prometheus::core::{Collector, Desc};',
        'use prometheus::proto::MetricFamily;',
        'use prometheus::{IntGaugeVec, Opts};',
        '',
        'pub struct QueueCollector {',
        '    depth: IntGaugeVec,',
        '}',
        '',
        'impl QueueCollector {',
        '    pub fn new() -> Self {',
        '        let depth = IntGaugeVec::new(Opts::new("svc_queue_depth", "Queued jobs."), &["queue"]).unwrap();',
        '        Self { depth }',
        '    }',
        '}',
        '',
        'impl Collector for QueueCollector {',
        '    fn desc(&self) -> Vec<&Desc> { self.depth.desc() }',
        '    fn collect(&self) -> Vec<MetricFamily> { self.depth.collect() }',
        '}',
        '',
      ].join('\n'),
      'src/main.rs': [
        'mod collector;',
        'use prometheus::{register_histogram, Histogram};',
        'use std::sync::Once;',
        '',
        'static REGISTER_COLLECTOR: Once = Once::new();',
        '',
        'fn render_metrics() -> String {',
        '    REGISTER_COLLECTOR.call_once(|| {',
        '        prometheus::register(Box::new(collector::QueueCollector::new())).unwrap();',
        '    });',
        '    String::new()',
        '}',
        '',
        'fn main() {',
        '    let jobs: Histogram = register_histogram!("svc_job_seconds", "Job time.", vec![60., 2. * 60., 5. * 60.]).unwrap();',
        '    let _ = (jobs, render_metrics as fn() -> String);',
        '}',
        '',
      ].join('\n'),
    });

    const list = await runCliJson<ListJson>(['list', '--ref', 'main', '--repo', repo.dir]);
    expect(list.result.metrics.map((m) => [m.name, m.holder, m.static, m.registry, m.buckets])).toEqual([
      ['svc_job_seconds', 'eager', 'jobs', 'default', [60, 120, 300]],
      ['svc_queue_depth', 'Once', 'REGISTER_COLLECTOR', 'default', null],
    ]);

    const startup = await runCliJson<StartupJson>(['startup', '--ref', 'main', '--repo', repo.dir]);
    const queue = startup.result.metrics.find((m) => m.name === 'svc_queue_depth');
    expect(queue?.holder).toBe('Once');
    expect(queue?.status).not.toBe('eager');
  });
});
