import { esc } from './html-escape.js';
import type { PanelData, ReportData } from './report-data.js';

type DashboardData = NonNullable<ReportData['dashboard']>;

/** Metric names shown inside a panel's tile; the explanation lists all. */
const TILE_METRICS = 3;

/**
 * The dashboard as Grafana lays it out: a 24-column CSS grid per row, one tile per panel at its
 * `gridPos`, coloured by status and linked to its explanation. Narrow screens stack the tiles.
 */
export function panelGridHtml(dashboard: DashboardData, legend: ReportData['legend']): string {
  let out = '<section id="panels" aria-labelledby="panels-h">\n<h2 id="panels-h">Panels</h2>\n';
  out += legendHtml(legend);
  for (const row of dashboard.rows) {
    if (row.title !== null) out += `<h3 class="row-title">${esc(row.title)}</h3>\n`;
    out += `<div class="grid" style="grid-template-rows:repeat(${row.height},minmax(var(--unit),auto))">\n`;
    for (const panel of row.panels) out += tileHtml(panel);
    out += '</div>\n';
  }
  return `${out}</section>\n`;
}

function legendHtml(legend: ReportData['legend']): string {
  const items = legend
    .map((l) => `<button type="button" class="chip s-${l.status}" data-filter="${l.status}" aria-pressed="false"><span class="swatch"></span>${esc(l.label)} <b>${l.panels}</b></button>`)
    .join('\n');
  return `<div class="legend" aria-label="Legend: panel statuses (with JavaScript, click to filter)">\n${items}\n</div>\n`;
}

function tileHtml(p: PanelData): string {
  const { x, y, w, h } = p.gridPos;
  const names = p.metrics.map((m) => m.query);
  const shown = names.slice(0, TILE_METRICS).map((n) => `<code>${esc(n)}</code>`).join(' ');
  const more = names.length > TILE_METRICS ? ` <span class="muted">+${names.length - TILE_METRICS}</span>` : '';
  const tip = `${p.title || '(untitled)'}: ${p.label}${names.length > 0 ? ` — ${names.join(', ')}` : ''}`;
  return (
    `<a class="tile s-${p.status}" id="tile-${p.index}" href="#${p.anchor}" data-status="${p.status}" data-tip="${esc(tip)}" ` +
    `style="grid-column:${x + 1}/span ${w};grid-row:${y + 1}/span ${h}">` +
    `<span class="t-title">${esc(p.title || '(untitled)')}</span>` +
    `<span class="t-status">${esc(p.label)}</span>` +
    (shown ? `<span class="t-metrics">${shown}${more}</span>` : '') +
    '</a>\n'
  );
}

/** One explanation per panel, in grid order: the target of a tile's link. */
export function panelExplanationsHtml(dashboard: DashboardData): string {
  let out = '<section id="explanations" aria-labelledby="explanations-h">\n<h2 id="explanations-h">Why each panel shows what it shows</h2>\n';
  for (const row of dashboard.rows) for (const p of row.panels) out += explanationHtml(p, row.title);
  return `${out}</section>\n`;
}

function explanationHtml(p: PanelData, row: string | null): string {
  let out = `<article class="explain" id="${p.anchor}" data-status="${p.status}" tabindex="-1">\n`;
  out += `<h3><span class="badge s-${p.status}">${esc(p.label)}</span> ${esc(p.title || '(untitled)')}</h3>\n`;
  out += `<p class="muted">${row !== null ? `row ${esc(row)} · ` : ''}${esc(p.type || 'panel')} · <code>${esc(p.path)}</code> · ${noDataText(p.noData)}</p>\n`;
  if (p.metrics.length > 0) {
    out += '<ul class="why">\n';
    for (const m of p.metrics) {
      const via = m.via ? ` <span class="muted">(via ${esc(m.via)})</span>` : '';
      out += `<li><code>${esc(m.query)}</code>${via} <span class="tag">${esc(m.status)}</span> ${esc(m.detail)}</li>\n`;
    }
    out += '</ul>\n';
  } else if (p.status === 'not-checked') out += '<p>No Prometheus query: nothing to check.</p>\n';
  if (p.problems.length > 0) out += `<ul class="problems">\n${p.problems.map((t) => `<li>${esc(t)}</li>`).join('\n')}\n</ul>\n`;
  if (p.evidence.length > 0) out += `<div class="evidence"><h4>Evidence</h4>\n<ul>\n${p.evidence.map((t) => `<li>${esc(t)}</li>`).join('\n')}\n</ul></div>\n`;
  out += `<p class="back"><a href="#tile-${p.index}">back to the panel</a></p>\n`;
  return `${out}</article>\n`;
}

function noDataText(noData: PanelData['noData']): string {
  switch (noData) {
    case 'certain':
      return '<strong>shows No data</strong>';
    case 'until-first-use':
      return '<strong>may show No data</strong> until an error or a first use';
    case 'no':
      return 'has data';
    case 'not-checked':
      return 'not checked';
  }
}
