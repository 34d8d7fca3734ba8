import type { StartupReport } from '../analyses/startup-status.js';
import { envelope } from './json.js';
import { startupCounts } from './startup-counts.js';

export function renderStartupJson(report: StartupReport, warnings: readonly string[]): string {
  return envelope('startup', {
    ref: report.ref,
    commit: report.commit,
    metrics: report.entries.map((e) => ({
      name: e.metric.name,
      path: e.metric.path,
      line: e.metric.line,
      static: e.metric.static,
      holder: e.metric.holder,
      crate: e.metric.crate,
      vec: e.metric.vec,
      status: e.status.kind,
      chain: e.status.kind === 'forced' ? e.status.chain : null,
      site: e.status.kind === 'forced' ? e.status.site : null,
      binary: e.status.kind === 'forced' ? e.status.binary : null,
      firstUses: e.status.kind === 'first-use' ? e.status.uses : [],
      errorUses: e.status.kind === 'error-path' ? e.status.uses : [],
      undetermined: e.status.kind === 'first-use' ? e.status.undetermined : [],
      reason: e.status.kind === 'unknown' ? e.status.reason : null,
      labelValuesAtStartup: e.labelValuesAtStartup,
      binaries: e.binaries,
    })),
    summary: startupCounts(report),
    notes: report.notes,
    warnings,
  });
}
