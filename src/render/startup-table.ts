import type { SourceSite, StartupEntry, StartupReport } from '../analyses/startup-status.js';
import { startupCounts } from './startup-counts.js';
import { renderTable, type TableStyle } from './table.js';

function siteText(site: SourceSite): string {
  return `${site.path}:${site.line}${site.function ? ` in ${site.function}` : ''}`;
}

/** What a `*Vec` shows once registered: nothing until some label values exist. */
function vecNote(entry: StartupEntry): string {
  if (entry.labelValuesAtStartup === null) return '';
  return entry.labelValuesAtStartup ? '; label values set at startup' : '; no series until the first with_label_values';
}

function sitesText(sites: readonly SourceSite[]): string {
  const [first, ...rest] = sites;
  if (first === undefined) return '';
  return `${siteText(first)}${rest.length > 0 ? ` (+${rest.length} more)` : ''}`;
}

export function startupDetail(entry: StartupEntry, showBinary = false): string {
  const s = entry.status;
  switch (s.kind) {
    case 'eager':
      return `registered where it is constructed${vecNote(entry)}`;
    case 'forced':
      return `${s.chain.join(' > ')}${showBinary ? ` (${s.binary})` : ''}, at ${s.site.path}:${s.site.line}${vecNote(entry)}`;
    case 'first-use': {
      const doubt = s.undetermined.length > 0 ? `; start-up path undetermined in ${s.undetermined.map((u) => u.binary).join(', ')}` : '';
      return `first use ${sitesText(s.uses)}${doubt}`;
    }
    case 'error-path':
      return `used only in error handling, so it appears after the first error: ${sitesText(s.uses)}`;
    case 'never-used':
      return 'nothing uses it, so it is never registered and never appears';
    case 'unknown':
      return s.reason;
  }
}

export function renderStartupTable(report: StartupReport, style: TableStyle): string {
  const n = report.entries.length;
  let out = `Start-up registration of ${n} metric${n === 1 ? '' : 's'} at ${report.ref} (${report.commit.slice(0, 12)})\n`;
  if (n === 0) return `${out}no metric registrations found\n`;
  const binaries = new Set(report.entries.flatMap((e) => e.binaries));
  out += renderTable(
    ['METRIC', 'HOLDER', 'STATUS', 'WHY'],
    report.entries.map((e) => [e.metric.name, e.metric.holder, e.status.kind, startupDetail(e, binaries.size > 1)]),
    style,
  );
  const c = startupCounts(report);
  out += `\n${c.eager} eager, ${c.forced} forced at startup, ${c.neverUsed} never used, ${c.errorPath} only after an error, ${c.firstUse} at first use, ${c.unknown} undetermined.\n`;
  if (c.neverUsed + c.errorPath + c.firstUse > 0) {
    out += 'A lazily held metric is absent from /metrics until first used: force it at startup (lazy_static::initialize, Lazy::force) from a function called by main.\n';
  }
  return out;
}
