import { esc } from './html-escape.js';
import type { MetricData, ReportData } from './report-data.js';
import { timelineSvg } from './timeline-svg.js';

/** Every metric the report mentions: what it is, where it is defined, its verdict and its lifecycle. */
export function metricSectionsHtml(data: ReportData): string {
  if (data.metrics.length === 0) return '';
  let out = '<section id="metrics" aria-labelledby="metrics-h">\n<h2 id="metrics-h">Metrics and their lifecycle</h2>\n';
  out += '<p class="js-only"><label>Filter metrics <input id="metric-filter" type="search" placeholder="name contains…" autocomplete="off"></label></p>\n';
  for (const m of data.metrics) out += metricHtml(m, data);
  return `${out}</section>\n`;
}

function metricHtml(m: MetricData, data: ReportData): string {
  const name = m.name ?? m.query;
  const verdict = m.verdict ? `<span class="badge v-${m.verdict.kind}">${esc(m.verdict.kind.replace('-', ' '))}</span> ` : '';
  let out = `<article class="metric" id="${m.anchor}" data-metric="${esc(name)}">\n`;
  out += `<h3>${verdict}<code>${esc(name)}</code>${m.requested ? ' <span class="tag">asked</span>' : ''}</h3>\n`;
  if (m.name !== null && m.query !== m.name) out += `<p class="muted">asked as <code>${esc(m.query)}</code></p>\n`;
  const about = [m.kind, m.help ? `“${m.help}”` : null].filter((s): s is string => s !== null);
  if (about.length > 0) out += `<p>${about.map(esc).join(' · ')}</p>\n`;
  if (m.verdict) out += `<p><strong>${esc(m.verdict.text)}</strong></p>\n`;
  if (m.sites.length > 0) {
    out += '<ul class="sites">\n';
    for (const s of m.sites) {
      out += `<li><code>${esc(s.path)}:${s.line}</code> ${s.static ? `static <code>${esc(s.static)}</code> ` : ''}(${esc(s.holder)}) <span class="muted">on ${refList(s.refs)}</span></li>\n`;
    }
    out += '</ul>\n';
  }
  out += timelineSvg(m, data);
  return `${out}</article>\n`;
}

/** Refs listed per site before counting the rest: a metric on main can be on hundreds of branches. */
const REFS_LISTED = 12;

function refList(refs: readonly string[]): string {
  const listed = refs.slice(0, REFS_LISTED).map(esc).join(', ');
  return refs.length > REFS_LISTED ? `${listed} and ${refs.length - REFS_LISTED} more` : listed;
}
