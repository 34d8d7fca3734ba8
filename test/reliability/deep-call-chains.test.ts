import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { indexRecordingRules, resolveRuleMetrics } from '../../src/dashboards/rules.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';
import { extractStartupFacts } from '../../src/extract/startup/extract-startup-facts.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';
import { file, metric, statuses } from '../helpers/startup-analysis.js';

describe('input-controlled depth does not overflow the stack', () => {
  it('a call chain of 3,000 functions from main: startup follows it to the end', () => {
    const depth = 3000;
    const lines = ['fn main() {', '    f0();', '}'];
    for (let i = 0; i < depth; i++) lines.push(`fn f${i}() {`, i === depth - 1 ? '    DEEP.inc();' : `    f${i + 1}();`, '}');
    const result = statuses([metric('deep_total', 'DEEP', 'src/main.rs')], [file('src/main.rs', `${lines.join('\n')}\n`)]);
    const status = result.entries['deep_total'];
    expect(status?.kind).toBe('forced');
    if (status?.kind !== 'forced') return;
    expect(status.chain).toHaveLength(depth + 1);
    expect(status.chain[depth]).toBe(`f${depth - 1}`);
    expect(status.site.line).toBe(3 + 3 * depth - 1);
  });
});

describe('a file of deeply nested brackets', () => {
  it('start-up extraction declines it at once with a warning instead of building a huge tree', () => {
    const depth = 900_000;
    const text = `fn main() {\n${'{'.repeat(depth)}X.inc();${'}'.repeat(depth)}\n}\n`;
    const started = Date.now();
    const facts = extractStartupFacts(text, 'src/main.rs');
    expect(facts.functions).toEqual([]);
    expect(facts.diagnostics).toEqual([
      { severity: 'warning', line: 1, column: 1, message: `brackets nested ${depth + 2} deep (more than 2000); start-up paths through this file are not followed` },
    ]);
    // A hang bound: building the tree took 20 s and 1.7 GB.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a chain of 2,500 wrapper functions in a real repository', () => {
  const depth = 2500;
  /** `f0` registers `x_{name}`; each `f<i>` calls `f<i-1>` with `a_{name}`: the call in main registers `x_a_…_a_end`. */
  function chain(order: 'bottom-up' | 'top-down'): string {
    const fns = [`fn f0(name: &str) -> IntCounter { register_int_counter!(format!("x_{}", name), "Deep").unwrap() }`];
    for (let i = 1; i < depth; i++) fns.push(`fn f${i}(name: &str) -> IntCounter { f${i - 1}(&format!("a_{}", name)) }`);
    if (order === 'top-down') fns.reverse();
    return `use prometheus::*;\n${fns.join('\n')}\nfn main() { f${depth - 1}("end"); }\n`;
  }
  let repo: Scenario;

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'OTHER', name: 'other_total' }]) });
    repo.commit('A file of wrappers 2,500 deep', { 'src/deep.rs': chain('bottom-up') });
    repo.commit('The same, defined top-down', { 'src/deep_reversed.rs': chain('top-down').replace(/\bf(\d+)\b/g, 'g$1') });
  });
  afterAll(() => repo.cleanup());

  it('explain answers for every metric, and list shows the chain as one metric with its whole name', async () => {
    const explain = await runCli(['explain', 'other_total', '--repo', repo.dir]);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stderr).not.toContain('internal error');
    const list = await runCli(['list', '--json', '--repo', repo.dir]);
    expect(list.code, list.stderr).toBe(0);
    const names = (JSON.parse(list.stdout) as { result: { metrics: { name: string; path: string }[] } }).result.metrics;
    const deepName = `x_${'a_'.repeat(depth - 1)}end`;
    expect(names.find((m) => m.path === 'src/deep.rs')?.name).toBe(deepName);
    const deep = await runCli(['explain', deepName, '--json', '--repo', repo.dir]);
    expect(deep.code, deep.stderr).toBe(0);
    const history = await runCli(['history', deepName, '--repo', repo.dir]);
    expect(history.code, history.stderr).toBe(0);
    const wrappers = await runCli(['list', '--wrappers', '--repo', repo.dir]);
    expect(wrappers.code, wrappers.stderr).toBe(0);
  });
});

describe('4,000 chained recording rules', () => {
  it('resolveRuleMetrics follows the chain to the scraped metric without recursion, and a cycle that long too', () => {
    const n = 4000;
    const rules = [{ record: 'r:0', expr: 'sum(base_total)' }];
    for (let i = 1; i < n; i++) rules.push({ record: `r:${i}`, expr: `sum(r:${i - 1})` });
    const yaml = ['groups:', '- name: g', '  rules:', ...rules.flatMap((r) => [`  - record: ${r.record}`, `    expr: ${r.expr}`]), ''].join('\n');
    const index = indexRecordingRules([readRuleFile(yaml, 'rules.yml')]);
    const resolved = resolveRuleMetrics(`r:${n - 1}`, index);
    expect(resolved.metrics).toEqual(['base_total']);
    expect(resolved.recordingRules).toHaveLength(n);
    expect(resolved.cycles).toEqual([]);
    const cyclic = indexRecordingRules([readRuleFile(yaml.replace('sum(base_total)', `sum(r:${n - 1})`), 'rules.yml')]);
    const cycle = resolveRuleMetrics(`r:${n - 1}`, cyclic);
    expect(cycle.metrics).toEqual([]);
    expect(cycle.cycles).toHaveLength(1);
    expect(cycle.cycles[0]).toHaveLength(n + 1);
  });

  it('dashboard --rules with the chain answers through it', async () => {
    const repo = createScenario();
    try {
      repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'BASE', name: 'base_total' }]) });
      const n = 4000;
      const lines = ['groups:', '- name: g', '  rules:', '  - record: r:0', '    expr: sum(base_total)'];
      for (let i = 1; i < n; i++) lines.push(`  - record: r:${i}`, `    expr: sum(r:${i - 1})`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-rules-'));
      fs.writeFileSync(path.join(dir, 'rules.yml'), `${lines.join('\n')}\n`);
      fs.writeFileSync(path.join(dir, 'dash.json'), JSON.stringify({ title: 'd', panels: [{ id: 1, title: 'p', type: 'timeseries', targets: [{ expr: `r:${n - 1}` }] }] }));
      const run = await runCli(['dashboard', path.join(dir, 'dash.json'), '--deployed', 'main', '--rules', path.join(dir, 'rules.yml'), '--json', '--repo', repo.dir]);
      fs.rmSync(dir, { recursive: true, force: true });
      expect(run.stderr).not.toContain('internal error');
      const metrics = (JSON.parse(run.stdout) as { result: { metrics: { name: string | null; via: string | null }[] } }).result.metrics;
      expect(metrics.map((m) => [m.name, m.via])).toEqual([['base_total', `recording rule r:${n - 1}`]]);
    } finally {
      repo.cleanup();
    }
  });
});
