import type { StartupEntry, StartupReport } from '../analyses/startup-status.js';

/** How many metrics have each start-up status: the table's closing line and the JSON's `summary`. */
export interface StartupCounts {
  readonly eager: number;
  readonly forced: number;
  readonly firstUse: number;
  readonly errorPath: number;
  readonly neverUsed: number;
  readonly unknown: number;
}

export function startupCounts(report: StartupReport): StartupCounts {
  const count = (kind: StartupEntry['status']['kind']) => report.entries.filter((e) => e.status.kind === kind).length;
  return {
    eager: count('eager'),
    forced: count('forced'),
    firstUse: count('first-use'),
    errorPath: count('error-path'),
    neverUsed: count('never-used'),
    unknown: count('unknown'),
  };
}
