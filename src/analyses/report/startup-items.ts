import type { StartupReport, StartupStatusKind } from '../startup-status.js';
import type { StartupItem } from './incident-report.js';

/** The order the report lists them in: what never appears first, what start-up forces last. */
export const STARTUP_ORDER: readonly StartupStatusKind[] = ['never-used', 'error-path', 'first-use', 'unknown', 'forced'];

/** Start-up entries of the named metrics that are held lazily (eager ones need no explaining), grouped by status. */
export function startupItems(startup: StartupReport, names: ReadonlySet<string>): StartupItem[] {
  const items = startup.entries
    .filter((entry) => names.has(entry.metric.name) && entry.status.kind !== 'eager' && !entry.metric.test)
    .map((entry) => ({ metric: entry.metric.name, entry }));
  const rank = (item: StartupItem) => STARTUP_ORDER.indexOf(item.entry.status.kind);
  return items.sort((a, b) => rank(a) - rank(b) || compare(a.metric, b.metric) || compare(a.entry.metric.path, b.entry.metric.path) || a.entry.metric.line - b.entry.metric.line);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
