import type { SourceSite, StartupEntry, StartupReport } from '../analyses/startup-status.js';
import { envelope } from './json.js';
import { renderTable, type TableStyle } from './table.js';

function siteText(site: SourceSite): string {
  return `${site.path}:${site.line}${site.function ? ` in ${site.function}` : ''}`;
}

/** What a `*Vec` shows once registered: nothing until some label values exist. */
function vecNote(entry: StartupEntry): string {
  if (entry.labelValuesAtStartup === null) return '';
  return entry.labelValuesAtStartup ? '; label values set at startup' : '; no series until the first with_label_values';
}

export function startupDetail(entry: StartupEntry): string {
  const s = entry.status;
  switch (s.kind) {
    case 'eager':
      return `registered where it is constructed${vecNote(entry)}`;
    case 'forced':
      return `${s.chain.join(' > ')}, at ${s.site.path}:${s.site.line}${vecNote(entry)}`;
    case 'first-use': {
      const [first, ...rest] = s.uses;
      if (first === undefined) return 'never used: never registered';
      return `first use ${siteText(first)}${rest.length > 0 ? ` (+${rest.length} more)` : ''}`;
    }
    case 'unknown':
      return s.reason;
  }
}

export interface StartupCounts {
  readonly eager: number;
  readonly forced: number;
  readonly firstUse: number;
  readonly unknown: number;
}

export function startupCounts(report: StartupReport): StartupCounts {
  const count = (kind: StartupEntry['status']['kind']) => report.entries.filter((e) => e.status.kind === kind).length;
  return { eager: count('eager'), forced: count('forced'), firstUse: count('first-use'), unknown: count('unknown') };
}

export function renderStartupTable(report: StartupReport, style: TableStyle): string {
  const n = report.entries.length;
  let out = `Start-up registration of ${n} metric${n === 1 ? '' : 's'} at ${report.ref} (${report.commit.slice(0, 12)})\n`;
  if (n === 0) return `${out}no metric registrations found\n`;
  out += renderTable(
    ['METRIC', 'HOLDER', 'STATUS', 'WHY'],
    report.entries.map((e) => [e.metric.name, e.metric.holder, e.status.kind, startupDetail(e)]),
    style,
  );
  const c = startupCounts(report);
  out += `\n${c.eager} eager, ${c.forced} forced at startup, ${c.firstUse} registered only at first use, ${c.unknown} undetermined.\n`;
  if (c.firstUse > 0) {
    out += 'A lazily held metric is absent from /metrics until first used: force it at startup (lazy_static::initialize, Lazy::force) from a function called by main.\n';
  }
  return out;
}

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
      firstUses: e.status.kind === 'first-use' ? e.status.uses : [],
      reason: e.status.kind === 'unknown' ? e.status.reason : null,
      labelValuesAtStartup: e.labelValuesAtStartup,
    })),
    summary: startupCounts(report),
    notes: report.notes,
    warnings,
  });
}
