import type { SourceSite } from '../../analyses/startup-status.js';
import { esc } from './html-escape.js';
import type { ReportData, StartupData } from './report-data.js';

const GROUPS: readonly { readonly status: string; readonly title: string; readonly text: string }[] = [
  { status: 'never-used', title: 'Never used', text: 'Nothing in the code touches these statics: they are never registered and never appear.' },
  { status: 'error-path', title: 'Only after an error', text: 'Touched only in error handling: they appear after the first such error, and until then panels show No data.' },
  { status: 'first-use', title: 'At first use', text: 'Touched on a normal path that start-up does not take: they appear when that code first runs.' },
  { status: 'unknown', title: 'Undetermined', text: 'Start-up analysis could not decide; the reason is given.' },
  { status: 'forced', title: 'Forced at start-up', text: 'Dereferenced on a path of calls from main: registered before the first scrape.' },
];

/** Uses listed per metric before counting the rest. */
const USES_LISTED = 8;

/** Lazily held metrics at the deployed ref, grouped by when they appear, with the call chain or the sites that decide it. */
export function startupSectionHtml(data: ReportData): string {
  if (data.startup.length === 0) return '';
  let out = `<section id="startup" aria-labelledby="startup-h">\n<h2 id="startup-h">Start-up: when the lazy metrics appear on <code>${esc(data.deployed.ref)}</code></h2>\n`;
  for (const group of GROUPS) {
    const items = data.startup.filter((s) => s.status === group.status);
    if (items.length === 0) continue;
    out += `<div class="startup-group g-${group.status}">\n<h3>${group.title} <b>${items.length}</b></h3>\n<p class="muted">${group.text}</p>\n<ul>\n`;
    for (const item of items) out += itemHtml(item);
    out += '</ul>\n</div>\n';
  }
  return `${out}</section>\n`;
}

function site(s: SourceSite): string {
  return `<code>${esc(s.path)}:${s.line}</code>${s.function ? ` in <code>${esc(s.function)}</code>` : ''}`;
}

function itemHtml(item: StartupData): string {
  let out = `<li data-metric="${esc(item.metric)}"><code>${esc(item.metric)}</code> <span class="muted">${item.static ? `static ${esc(item.static)}, ` : ''}${esc(item.holder)} at ${esc(item.path)}:${item.line}</span>`;
  if (item.status === 'forced') {
    const chain = item.chain.map((f) => `<li><code>${esc(f)}</code></li>`).join('');
    out += `<ol class="chain" aria-label="call chain from main">${chain}${item.site ? `<li>${site(item.site)}</li>` : ''}</ol>`;
    if (item.binary) out += `<span class="muted">binary ${esc(item.binary)}</span>`;
  } else if (item.uses.length > 0) {
    const uses = item.uses.slice(0, USES_LISTED).map((u) => `<li>${site(u)}</li>`).join('');
    const more = item.uses.length > USES_LISTED ? `<li class="muted">and ${item.uses.length - USES_LISTED} more</li>` : '';
    out += `<ul class="uses">${uses}${more}</ul>`;
  } else if (item.reason) out += `<p>${esc(item.reason)}</p>`;
  return `${out}</li>\n`;
}
