import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { buildDemoRepository } from '../../src/demo/build-demo.js';
import { DEMO_KEEP_VARIABLE, describeRepository, runDemo } from '../../src/demo/run-demo.js';
import { captureIo } from '../../src/io.js';

function repositoryDir(output: string): string {
  const dir = /^repository: (.+)$/m.exec(output)?.[1];
  if (dir === undefined) throw new Error(`no repository line in:\n${output}`);
  return dir;
}

describe('run-demo', () => {
  it('describes each ref with its tip and distance from main', () => {
    const repo = buildDemoRepository();
    try {
      expect(describeRepository(repo).replaceAll(repo.dir, '<demo>')).toMatchInlineSnapshot(`
        "provenance demo: a Rust workspace whose Grafana dashboard shows "No data" on 13 of its 16 panels
        repository: <demo>
        deployed:   main

          main                c8293a0951c9  8 commits
          rude1/backfill      8d799f204dd4  28 commits  20 ahead, 0 behind main
          rude1/init-metrics  656904627152  29 commits  21 ahead, 0 behind main
          v0.1.0 (tag)        275563b24f27  3 commits   0 ahead, 5 behind main
        "
      `);
    } finally {
      repo.cleanup();
    }
  });

  it(`runs list on main and rude1/backfill, and keeps the repository only with ${DEMO_KEEP_VARIABLE}=1`, async () => {
    const kept = captureIo({ env: { [DEMO_KEEP_VARIABLE]: '1' } });
    await runDemo(kept);
    const keptOutput = kept.out.join('');
    const dir = repositoryDir(keptOutput);
    try {
      expect(keptOutput).toContain(`$ provenance list --ref main --repo ${dir}\n`);
      expect(keptOutput).toContain(`$ provenance list --ref rude1/backfill --repo ${dir}\n`);
      expect(keptOutput).toContain(`Kept the demo repository at ${dir}: try the commands on it yourself.\n`);
      expect(fs.existsSync(dir)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const removed = captureIo();
    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-demo-report-'));
    const reportFile = path.join(reportDir, 'report.html');
    try {
      await runDemo(removed, reportFile);
      // The incident's page outlives the repository, and its path is the last thing the demo names.
      expect(removed.out.join('')).toContain(`The incident report, one self-contained page: ${reportFile}\n`);
      expect(fs.readFileSync(reportFile, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    } finally {
      fs.rmSync(reportDir, { recursive: true, force: true });
    }
    expect(fs.existsSync(repositoryDir(removed.out.join('')))).toBe(false);
    expect(removed.out.join('')).toContain(`Removed the demo repository. To keep it and try the commands yourself: ${DEMO_KEEP_VARIABLE}=1 npm start\n`);
  });
});
