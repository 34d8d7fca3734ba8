import type { StartupReport } from '../analyses/startup-status.js';
import type { Io } from '../io.js';
import { withOpenedRepository } from './repository-run.js';
import { startupWithProgress } from './startup-run.js';
import { tableStyle } from './table-style.js';
import { renderStartupJson } from '../render/startup-json.js';
import { renderStartupTable } from '../render/startup-table.js';

export interface StartupCommandOptions {
  readonly ref: string;
  readonly repo: string;
  readonly json: boolean;
}

/** The lazy-registration report of one ref. A report, not a gate: exit 0 (`dashboard --fail-on lazy` gates). */
export async function runStartup(options: StartupCommandOptions, io: Io): Promise<number> {
  return withOpenedRepository(options.repo, io, async (opened) => {
    const startup = await startupWithProgress(opened, io, options.ref, { includeTests: false });
    const report: StartupReport = { ref: options.ref, commit: startup.commit, entries: startup.analysis.entries, notes: startup.analysis.notes };
    const warnings = [...startup.listingWarnings, ...startup.pathWarnings, ...opened.warnings];
    if (options.json) io.stdout(renderStartupJson(report, warnings));
    else {
      io.stdout(renderStartupTable(report, tableStyle(io)));
      for (const note of report.notes) io.stderr(`note: ${note}\n`);
      for (const w of warnings) io.stderr(`warning: ${w}\n`);
    }
    return 0;
  });
}
