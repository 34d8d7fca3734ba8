/**
 * Rule files written with YAML anchors, aliases and `<<` merge keys are read as Prometheus reads them,
 * within a budget against alias bombs; a repository git refuses to trust, or one broken ref, is one
 * line saying what to do (the broken ref is skipped, every other answer stands); a relative
 * XDG_CACHE_HOME is ignored as the XDG spec says.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheLocations } from '../../src/cache/cache-dir.js';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { indexRecordingRules, resolveRuleMetrics } from '../../src/dashboards/rules.js';
import { readRuleFile } from '../../src/dashboards/read-rule-file.js';
import { InputFileError } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { CARGO_TOML, lazyMetrics } from '../helpers/rust-sources.js';
import { spawnCli } from '../helpers/spawn-cli.js';

describe('YAML anchors, aliases and merge keys in rule files', () => {
  it('are followed: an aliased rules list, a merged rule, an aliased expression', () => {
    const text = [
      'defaults: &defaults',
      '  expr: sum(rate(base_total[5m]))',
      'shared: &shared',
      '  - record: job:shared:rate5m',
      '    expr: sum(other_total)',
      'groups:',
      '- name: one',
      '  rules:',
      '  - <<: *defaults',
      '    record: job:base:rate5m',
      '  - alert: High',
      '    expr: &high job:base:rate5m > 1',
      '- name: two',
      '  rules: *shared',
      '- name: three',
      '  rules:',
      '  - alert: AlsoHigh',
      '    expr: *high',
      '',
    ].join('\n');
    const file = readRuleFile(text, 'rules.yml');
    expect(file.groups.map((g) => [g.name, g.rules.map((r) => `${r.kind}:${r.name}:${r.expr}`)])).toEqual([
      ['one', ['recording:job:base:rate5m:sum(rate(base_total[5m]))', 'alerting:High:job:base:rate5m > 1']],
      ['two', ['recording:job:shared:rate5m:sum(other_total)']],
      ['three', ['alerting:AlsoHigh:job:base:rate5m > 1']],
    ]);
    expect(resolveRuleMetrics('job:base:rate5m', indexRecordingRules([file])).metrics).toEqual(['base_total']);
  });

  it('an alias bomb, a self-merge and an alias to nothing are one InputFileError each, quickly', () => {
    const rules = Array.from({ length: 2000 }, (_, i) => `  - record: r:${i}\n    expr: sum(x_total)`).join('\n');
    const groups = Array.from({ length: 1000 }, (_, i) => `- name: g${i}\n  rules: *r`).join('\n');
    const bomb = `base: &r\n${rules}\ngroups:\n${groups}\n`;
    const started = Date.now();
    expect(() => readRuleFile(bomb, 'bomb.yml')).toThrow(/bomb\.yml: YAML aliases expand to more than 1,000,000 nodes/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const selfMerge = 'groups:\n- name: g\n  rules:\n  - &a\n    <<: *a\n    alert: A\n';
    expect(() => readRuleFile(selfMerge, 'self.yml')).toThrow(InputFileError);
    expect(() => readRuleFile('groups: *nothing\n', 'none.yml')).toThrow(InputFileError);
  });
});

describe('git refusing a repository, and broken refs', () => {
  let repo: Scenario;

  beforeAll(() => {
    repo = createScenario();
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': 'mod metrics;\nfn main() {}\n', 'src/metrics.rs': lazyMetrics([{ static: 'A', name: 'a_total' }]) });
  });
  afterAll(() => repo.cleanup());

  it.runIf(process.getuid?.() === 0)('a repository owned by another user: one line naming safe.directory, exit 2', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-foreign-'));
    try {
      fs.cpSync(repo.dir, copy, { recursive: true });
      const chown = (dir: string): void => {
        fs.chownSync(dir, 4321, 4321);
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) chown(full);
          else fs.lchownSync(full, 4321, 4321);
        }
      };
      chown(copy);
      const run = await spawnCli(['list', '--repo', copy]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `provenance: git refuses ${copy}: it belongs to another user ("dubious ownership"); if you trust it, run: git config --global --add safe.directory '${copy}'\n`,
      );
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a ref whose object is missing is skipped with one warning; explain and history still answer', async () => {
    const broken = path.join(repo.dir, '.git', 'refs', 'heads', 'broken');
    fs.writeFileSync(broken, `${'1234567890'.repeat(4)}\n`);
    try {
      for (const args of [['explain', 'a_total'], ['history', 'a_total'], ['index']]) {
        const run = await runCli([...args, '--repo', repo.dir]);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
        expect(run.stderr).toContain(`warning: refs/heads/broken points to ${'1234567890'.repeat(4)}, which is not in the repository; skipped`);
      }
    } finally {
      fs.rmSync(broken);
    }
  });
});

describe('XDG_CACHE_HOME', () => {
  it('a relative value is ignored (XDG spec): the fallback is ~/.cache', () => {
    const env = { HOME: '/home/someone', XDG_CACHE_HOME: 'relative/cache' };
    expect(cacheLocations('/repo/.git', env).outside.startsWith('/home/someone/.cache/provenance/')).toBe(true);
    expect(cacheLocations('/repo/.git', { ...env, XDG_CACHE_HOME: '/abs/cache' }).outside.startsWith('/abs/cache/provenance/')).toBe(true);
  });
});
