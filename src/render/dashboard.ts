import type { DashboardReport, MetricFinding } from '../analyses/dashboard-report.js';
import type { Cause, RootCauseSummary } from '../analyses/root-cause.js';
import type { ScrapeCheck } from '../analyses/scrape-check.js';
import { shortSha, type CommitInfos } from './explain.js';
import { envelope, metricJson } from './json.js';
import { renderTable, type TableStyle } from './table.js';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

function commitPhrase(commit: string, infos: CommitInfos): string {
  const info = infos.get(commit);
  return info ? `${shortSha(commit)} "${info.subject}"` : shortSha(commit);
}

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function metricDetail(m: MetricFinding, infos: CommitInfos): string {
  const s = m.status;
  switch (s.kind) {
    case 'ok':
      return s.how === 'forced' ? 'registered at startup (forced)' : 'registered at startup';
    case 'external':
      return s.reason;
    case 'lazy': {
      const use = s.firstUses[0];
      return `lazy, not forced at startup${use ? `; first use ${use.path}:${use.line}${use.function ? ` in ${use.function}` : ''}` : ''}${s.certain ? '' : ' (startup path undetermined)'}`;
    }
    case 'no-series-yet':
      return `${s.definition.kind} vec: no series until the first with_label_values`;
    case 'not-deployed': {
      const ref = s.refs[0];
      return `only on ${s.refs.map((r) => r.ref).join(', ')}${ref ? ` (${ref.ahead} ahead)` : ''}${s.introducedBy[0] ? `, introduced by ${commitPhrase(s.introducedBy[0], infos)}` : ''}`;
    }
    case 'removed':
      return s.removedBy ? `removed by ${commitPhrase(s.removedBy, infos)}` : 'removed';
    case 'unknown':
      return `${s.reason}${s.closest.length > 0 ? `; closest: ${s.closest.join(', ')}` : ''}`;
  }
}

export function causeSentence(cause: Cause, deployed: string, infos: CommitInfos): string {
  switch (cause.kind) {
    case 'not-deployed': {
      const n = cause.metrics.length;
      const best = cause.bestRef;
      const where = best
        ? `${cause.onBestRef === n ? (n === 1 ? 'it exists' : `all ${n} exist`) : `${cause.onBestRef} of them exist`} on ${best.ref} (${plural(best.ahead ?? 0, 'commit')} ahead${best.behind ? `, ${best.behind} behind` : ''}${cause.introducedBy.length > 0 ? `, introduced in ${listPhrase(cause.introducedBy.map((c) => commitPhrase(c, infos)))}` : ''})`
        : 'no current ref has them';
      const also = cause.otherRefs.length > 0 ? ` Also on: ${cause.otherRefs.join(', ')}.` : '';
      const action = best ? ` Deploy ${best.ref} or merge it into ${deployed}.` : '';
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} not defined on ${deployed}: ${where}.${action}${also}`;
    }
    case 'lazy': {
      const items = cause.metrics.map((m) => `${m.name} (${m.firstUse ? `first used at ${m.firstUse.path}:${m.firstUse.line}${m.firstUse.function ? ` in ${m.firstUse.function}` : ''}` : 'no use found'})`);
      const n = cause.metrics.length;
      const undetermined = cause.metrics.filter((m) => !m.certain).length;
      const caveat = undetermined > 0 ? ` (for ${undetermined} of them the start-up path could not be fully followed)` : '';
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} defined on ${deployed} but registered lazily and never forced at startup, so ${n === 1 ? 'it appears' : 'they appear'} only after first use${caveat}: ${items.join(', ')}. Force them at startup (e.g. lazy_static::initialize or an init function called from main).`;
    }
    case 'no-series-yet': {
      const n = cause.metrics.length;
      return `${plural(n, 'labelled metric')} ${n === 1 ? 'is' : 'are'} registered on ${deployed} but expose${n === 1 ? 's' : ''} no series until the first with_label_values(..): ${cause.metrics.map((m) => m.name).join(', ')}. Pre-create the expected label values at startup.`;
    }
    case 'removed': {
      const n = cause.metrics.length;
      return `${plural(n, 'metric')} ${n === 1 ? 'was' : 'were'} removed from ${deployed}: ${cause.metrics.map((m) => `${m.name}${m.removedBy ? ` by ${commitPhrase(m.removedBy, infos)}` : ''}`).join(', ')}. Update the dashboard or restore the metric.`;
    }
    case 'unknown': {
      const n = cause.metrics.length;
      return `${plural(n, 'metric')} ${n === 1 ? 'is' : 'are'} not defined by any ref of this repository: ${cause.metrics.map((m) => `${m.query}${m.closest.length > 0 ? ` (did you mean ${m.closest.join(' or ')}?)` : ''}`).join(', ')}.`;
    }
  }
}

export function summarySentences(summary: RootCauseSummary, infos: CommitInfos): string[] {
  const head =
    summary.panelsWithoutData === 0
      ? `All ${plural(summary.panelsAnalysed, 'panel')} query metrics that ${summary.deployed} registers at startup.`
      : `${plural(summary.panelsWithoutData, 'panel')} show${summary.panelsWithoutData === 1 ? 's' : ''} No data (of ${summary.panelsAnalysed} with Prometheus queries).`;
  return [head, ...summary.causes.map((c) => causeSentence(c, summary.deployed, infos))];
}

export function renderDashboardText(report: DashboardReport, summary: RootCauseSummary, scrape: ScrapeCheck | null, infos: CommitInfos, style: TableStyle): string {
  let out = `Dashboard ${report.title ? `"${report.title}" ` : ''}against ${report.deployed.ref} (${shortSha(report.deployed.commit)})\n\n`;
  if (report.prometheusTargets === 0) return `${out}no Prometheus queries in this dashboard: nothing to check\n`;
  out += renderTable(
    ['PANEL', 'STATUS', 'METRICS'],
    report.panels.map((p) => [p.title || p.path, p.status, [...p.metrics, ...p.unknowable].join(', ')]),
    style,
  );
  out += '\n';
  out += renderTable(
    ['METRIC', 'STATUS', 'WHY'],
    report.metrics.map((m) => [m.via ? `${m.query} (via ${m.via})` : m.query, m.status.kind, metricDetail(m, infos)]),
    style,
  );
  out += '\nRoot cause\n';
  for (const sentence of summarySentences(summary, infos)) out += `  ${sentence}\n`;
  if (scrape) {
    out += '\nScrape\n';
    for (const line of scrape.findings) out += `  ${line}\n`;
  }
  return out;
}

export function renderDashboardJson(report: DashboardReport, summary: RootCauseSummary, scrape: ScrapeCheck | null, infos: CommitInfos): string {
  return envelope('dashboard', {
    title: report.title,
    deployed: report.deployed,
    panels: report.panels.map((p) => ({
      title: p.title,
      path: p.path,
      row: p.row,
      status: p.status,
      metrics: p.metrics,
      unknowable: p.unknowable,
      errors: p.errors.map((e) => ({ refId: e.refId, offset: e.error.offset, message: e.error.message })),
    })),
    metrics: report.metrics.map((m) => ({
      query: m.query,
      name: m.name,
      via: m.via,
      status: m.status.kind,
      panels: m.panels,
      detail: metricDetail(m, infos),
      definitions: m.status.kind === 'ok' ? m.status.definitions.map(metricJson) : m.status.kind === 'lazy' || m.status.kind === 'no-series-yet' ? [metricJson(m.status.definition)] : [],
      refs: m.status.kind === 'not-deployed' ? m.status.refs.map((r) => ({ ref: r.ref, commit: r.commit, ahead: r.ahead, behind: r.behind })) : [],
      introducedBy: m.status.kind === 'not-deployed' ? m.status.introducedBy : [],
      removedBy: m.status.kind === 'removed' ? m.status.removedBy : null,
      firstUses: m.status.kind === 'lazy' ? m.status.firstUses : [],
      closest: m.status.kind === 'unknown' ? m.status.closest : [],
    })),
    summary: { panelsWithoutData: summary.panelsWithoutData, panelsAnalysed: summary.panelsAnalysed, sentences: summarySentences(summary, infos) },
    notes: report.notes,
    scrape: scrape ? { findings: scrape.findings, bestMatch: scrape.bestMatch } : null,
  });
}
