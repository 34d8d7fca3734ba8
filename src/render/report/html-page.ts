import { VERSION } from '../../version.js';
import { branchSectionHtml } from './branch-lanes-svg.js';
import { esc } from './html-escape.js';
import { metricSectionsHtml } from './metric-sections.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { panelExplanationsHtml, panelGridHtml } from './panel-grid.js';
import type { ReportData } from './report-data.js';
import { startupSectionHtml } from './startup-section.js';

/** Nothing may be fetched: the page is one file, and repository text in it must not be able to load anything. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * One self-contained page: inline CSS, JS and SVG, no network, readable without JS. The same data
 * gives the same bytes (no timestamps; every list in a fixed order).
 */
export function renderReportHtml(data: ReportData): string {
  const title = data.dashboard?.title
    ? `“${data.dashboard.title}” against ${data.deployed.ref}`
    : `${data.metrics.filter((m) => m.requested).map((m) => m.name ?? m.query).join(', ')} against ${data.deployed.ref}`;
  const sections = [
    summaryHtml(data),
    data.dashboard ? panelGridHtml(data.dashboard, data.legend) : '',
    branchSectionHtml(data),
    data.dashboard ? panelExplanationsHtml(data.dashboard) : '',
    startupSectionHtml(data),
    metricSectionsHtml(data),
  ];
  const nav = [
    data.dashboard ? ['#panels', 'Panels'] : null,
    data.branches.length > 0 ? ['#branches', 'Branches'] : null,
    data.dashboard ? ['#explanations', 'Explanations'] : null,
    data.startup.length > 0 ? ['#startup', 'Start-up'] : null,
    data.metrics.length > 0 ? ['#metrics', 'Metrics'] : null,
  ].filter((n): n is string[] => n !== null);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="provenance ${esc(VERSION)}">`,
    `<title>${esc(`provenance: ${title}`)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${esc(title)}</h1>`,
    `<p class="muted">Deployed: <code>${esc(data.deployed.ref)}</code> at <code>${esc(data.deployed.commit.slice(0, 12))}</code>${data.defaultBranch ? ` · default branch <code>${esc(data.defaultBranch)}</code>` : ''}</p>`,
    `<nav aria-label="Sections">${nav.map(([href, text]) => `<a href="${href}">${text}</a>`).join('')}</nav>`,
    '</header>',
    '<main>',
    ...sections.filter((s) => s !== ''),
    '</main>',
    `<footer>Made by provenance ${esc(VERSION)} from the repository's git history. Open offline; nothing on this page loads from the network.</footer>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function summaryHtml(data: ReportData): string {
  const [headline, ...rest] = data.summary;
  let out = '<section id="summary" aria-labelledby="summary-h">\n<h2 id="summary-h">Root cause</h2>\n<div class="card">\n';
  if (headline !== undefined) out += `<p class="headline">${esc(headline)}</p>\n`;
  const d = data.dashboard;
  if (d) {
    out += '<div class="counts">';
    out += `<div class="count s-not-deployed"><b>${d.panelsWithoutData}</b>show No data</div>`;
    out += `<div class="count s-lazy-error-path"><b>${d.panelsUntilFirstUse}</b>may show No data for a while</div>`;
    out += `<div class="count s-ok"><b>${d.panelsAnalysed - d.panelsWithoutData - d.panelsUntilFirstUse}</b>have data</div>`;
    out += `<div class="count"><b>${d.panelsAnalysed}</b>panels with Prometheus queries</div>`;
    out += '</div>\n';
  }
  if (rest.length > 0) out += `<ul class="summary">\n${rest.map((s) => `<li>${esc(s)}</li>`).join('\n')}\n</ul>\n`;
  return `${out}</div>\n</section>\n`;
}
