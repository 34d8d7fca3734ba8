import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { processIo, type Io } from '../io.js';
import { main } from '../program.js';
import { buildDemoRepository, DEMO_DASHBOARD_PATH } from './build-demo.js';
import { DEMO_FEATURE_BRANCH, DEMO_MAIN_BRANCH } from './demo-history.js';
import type { Scenario } from './git-fixture.js';

export const DEMO_KEEP_VARIABLE = 'PROVENANCE_DEMO_KEEP';

/** Outside the demo repository, which is removed at the end: the page is what a user opens afterwards. */
export const DEMO_REPORT_PATH = path.join(os.tmpdir(), 'provenance-demo-report.html');

/** The incident as one page: the dashboard, the branch picture, the lifecycles and the start-up chains. */
export function demoReportCommand(dir: string, out: string = DEMO_REPORT_PATH): string[] {
  return ['report', '--deployed', DEMO_MAIN_BRANCH, '--dashboard', DEMO_DASHBOARD_PATH, '--out', out, '--repo', dir];
}

/** The commands the demo runs, in order: the incident, investigated as an engineer would. */
export function demoCommands(dir: string): string[][] {
  const commands = [
    ['list', '--ref', DEMO_MAIN_BRANCH],
    ['list', '--ref', DEMO_FEATURE_BRANCH],
    ['explain', 'ingester_errors_total', '--deployed', DEMO_MAIN_BRANCH],
    ['explain', 'backfiller_car_parse_errors_total', '--deployed', DEMO_MAIN_BRANCH],
    ['release-notes', `${DEMO_MAIN_BRANCH}..${DEMO_FEATURE_BRANCH}`, '--dashboard', DEMO_DASHBOARD_PATH],
    ['dashboard', DEMO_DASHBOARD_PATH, '--deployed', DEMO_MAIN_BRANCH],
  ];
  return commands.map((c) => [...c, '--repo', dir]);
}

/**
 * Builds the demo repository and runs the commands on it. Findings (exit 1) are the point of the
 * demo, so only an error (exit 2 or more) makes the demo itself fail.
 */
export async function runDemo(io: Io = processIo(), reportPath: string = DEMO_REPORT_PATH): Promise<number> {
  const repo = buildDemoRepository();
  try {
    io.stdout(describeRepository(repo));
    let worst = 0;
    for (const args of demoCommands(repo.dir)) {
      io.stdout(`\n$ provenance ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}\n`);
      worst = Math.max(worst, await main(['node', 'provenance', ...args], io));
    }
    const report = demoReportCommand(repo.dir, reportPath);
    io.stdout(`\n$ provenance ${report.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}\n`);
    const reported = await main(['node', 'provenance', ...report], io);
    worst = Math.max(worst, reported);
    if (reported === 0) io.stdout(`The incident report, one self-contained page: ${reportPath}\n`);
    return worst >= 2 ? worst : 0;
  } finally {
    if (io.env[DEMO_KEEP_VARIABLE] === '1') io.stdout(`\nKept the demo repository at ${repo.dir}: try the commands on it yourself.\n`);
    else {
      repo.cleanup();
      io.stdout(`\nRemoved the demo repository. To keep it and try the commands yourself: ${DEMO_KEEP_VARIABLE}=1 npm start\n`);
    }
  }
}

/** The heading: where the repository is, and each branch's tip and distance from main. */
export function describeRepository(repo: Scenario): string {
  const lines = [
    'provenance demo: a Rust workspace whose Grafana dashboard shows "No data" on 13 of its 16 panels',
    `repository: ${repo.dir}`,
    `deployed:   ${DEMO_MAIN_BRANCH}`,
    '',
  ];
  const refs = repo
    .git(['for-each-ref', '--format=%(refname:short)%00%(objectname)%00%(objecttype)', 'refs/heads', 'refs/tags'])
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', , type = ''] = line.split('\0');
      const tip = repo.sha(name);
      const commits = repo.git(['rev-list', '--count', tip]).trim();
      const [behind = '0', ahead = '0'] = repo
        .git(['rev-list', '--left-right', '--count', `${DEMO_MAIN_BRANCH}...${tip}`])
        .trim()
        .split('\t');
      const label = type === 'tag' ? `${name} (tag)` : name;
      const distance = name === DEMO_MAIN_BRANCH ? '' : `${ahead} ahead, ${behind} behind ${DEMO_MAIN_BRANCH}`;
      return [label, tip.slice(0, 12), `${commits} commits`, distance] as const;
    });
  const widths = [0, 1, 2].map((column) => Math.max(...refs.map((row) => row[column]?.length ?? 0)));
  for (const row of refs) {
    lines.push(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}`);
  }
  return `${lines.join('\n')}\n`;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await runDemo();
