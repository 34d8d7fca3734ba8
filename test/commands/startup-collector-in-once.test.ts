import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { runCliJson } from '../helpers/run-cli.js';

interface Site {
  path: string;
  line: number;
  function: string | null;
}

interface StartupJson {
  metrics: { name: string; static: string | null; status: string; firstUses: Site[]; errorUses: Site[]; binaries: string[] }[];
  summary: Record<string, number>;
}

interface ListJson {
  metrics: { name: string; path: string; static: string | null; holder: string; crate: string | null; registeredAt?: { path: string; line: number } }[];
}

/**
 * Shaped like greptimedb's cgroups metrics: a `stat` crate builds a custom Collector's gauges in
 * `Default::default()`, and a `server` crate registers that collector from a `static ONCE: Once`
 * declared inside the block of `MetricsHandler::render`, which runs on each scrape. The metrics'
 * holder is that ONCE, in the server crate, not in the crate that builds them.
 */
const WORKSPACE = {
  'Cargo.toml': '[workspace]\nmembers = ["stat", "server", "cmd"]\n',
  'stat/Cargo.toml': '[package]\nname = "common-stat"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\n',
  'stat/src/lib.rs': 'mod cgroups;\npub use cgroups::CgroupsMetricsCollector;\n',
  'stat/src/cgroups.rs': [
    'use prometheus::core::{Collector, Desc};',
    'use prometheus::proto::MetricFamily;',
    'use prometheus::{IntGauge, Opts};',
    '',
    'pub struct CgroupsMetricsCollector {',
    '    descs: Vec<Desc>,',
    '    cpu_usage: IntGauge,',
    '}',
    '',
    'impl Default for CgroupsMetricsCollector {',
    '    fn default() -> Self {',
    '        let cpu_usage = IntGauge::with_opts(Opts::new("cgroups_cpu_usage_microseconds", "CPU usage.")).unwrap();',
    '        let descs = cpu_usage.desc().into_iter().cloned().collect();',
    '        Self { descs, cpu_usage }',
    '    }',
    '}',
    '',
    'impl Collector for CgroupsMetricsCollector {',
    '    fn desc(&self) -> Vec<&Desc> {',
    '        self.descs.iter().collect()',
    '    }',
    '    fn collect(&self) -> Vec<MetricFamily> {',
    '        self.cpu_usage.collect()',
    '    }',
    '}',
    '',
  ].join('\n'),
  'server/Cargo.toml': '[package]\nname = "servers"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\ncommon-stat = { path = "../stat" }\n',
  'server/src/lib.rs': 'pub mod metrics_handler;\n\n/// The `/metrics` route: the HTTP router calls it, no code of the workspace does.\npub fn metrics_route(handler: &metrics_handler::MetricsHandler) -> String {\n    handler.render()\n}\n',
  'server/src/metrics_handler.rs': [
    'use common_stat::CgroupsMetricsCollector;',
    'use prometheus::{Encoder, TextEncoder};',
    '',
    'pub struct MetricsHandler;',
    '',
    'impl MetricsHandler {',
    '    pub fn render(&self) -> String {',
    '        {',
    '            static ONCE: std::sync::Once = std::sync::Once::new();',
    '            ONCE.call_once(|| {',
    '                prometheus::register(Box::new(CgroupsMetricsCollector::default())).unwrap();',
    '            });',
    '        }',
    '        let mut buffer = Vec::new();',
    '        TextEncoder::new().encode(&prometheus::gather(), &mut buffer).unwrap();',
    '        String::from_utf8(buffer).unwrap()',
    '    }',
    '}',
    '',
  ].join('\n'),
  'cmd/Cargo.toml': '[package]\nname = "cmd"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nservers = { path = "../server" }\n',
  'cmd/src/bin/greptime.rs': ['use servers::metrics_handler::MetricsHandler;', '', 'fn main() {', '    let _handler = MetricsHandler;', '}', ''].join('\n'),
};

interface DashboardJson {
  summary: { initialize: { file: string; holder: string; statics: string[]; callFrom: string[] }[] };
}

describe('startup: a collector registered from a Once declared in another crate', () => {
  let repo: Scenario;
  beforeAll(() => {
    repo = createScenario({ prefix: 'collector-once-' });
    repo.commit('Workspace', WORKSPACE);
  });
  afterAll(() => repo.cleanup());

  it('list says where the collector is registered and by which static', async () => {
    const { code, result } = await runCliJson<ListJson>(['list', '--ref', 'main', '--repo', repo.dir]);
    expect(code).toBe(0);
    expect(result.metrics.map((m) => [m.name, m.path, m.crate, m.static, m.holder, m.registeredAt ?? null])).toEqual([
      ['cgroups_cpu_usage_microseconds', 'stat/src/cgroups.rs', 'common-stat', 'ONCE', 'Once', { path: 'server/src/metrics_handler.rs', line: 11 }],
    ]);
  });

  it('the Once in the registering crate is followed: registered at the first render, not never-used', async () => {
    const { code, result } = await runCliJson<StartupJson>(['startup', '--ref', 'main', '--repo', repo.dir]);
    expect(code).toBe(0);
    expect(result.metrics.map((m) => [m.name, m.status, m.firstUses, m.errorUses, m.binaries])).toEqual([
      ['cgroups_cpu_usage_microseconds', 'first-use', [{ path: 'server/src/metrics_handler.rs', line: 10, function: 'MetricsHandler::render' }], [], ['cmd/src/bin/greptime.rs']],
    ]);
  });

  it('dashboard advises forcing the call_once in the registering file, from the binary that links it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'collector-once-dashboard-'));
    try {
      const dashboard = path.join(dir, 'dashboard.json');
      writeFileSync(dashboard, JSON.stringify({ title: 'Host', panels: [{ id: 1, title: 'CPU', type: 'timeseries', targets: [{ expr: 'rate(cgroups_cpu_usage_microseconds[1m])' }] }] }));
      const { code, result } = await runCliJson<DashboardJson>(['dashboard', dashboard, '--deployed', 'main', '--repo', repo.dir]);
      expect(code).toBe(1);
      expect(result.summary.initialize).toEqual([{ file: 'server/src/metrics_handler.rs', holder: 'Once', statics: ['ONCE'], callFrom: ['cmd/src/bin/greptime.rs'] }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
