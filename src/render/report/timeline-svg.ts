import { clip, esc, safeHref } from './html-escape.js';
import type { MetricData, ReportData } from './report-data.js';

const WIDTH = 720;
const ROW = 46;
const TOP = 18;
/** Subjects and ref lists longer than this are cut in the picture; a tooltip then has them whole. */
const SUBJECT_CHARS = 60;
const DETAIL_CHARS = 140;

/**
 * A metric's lifecycle, oldest first: one dot per event (introduced, changed, moved, merged, removed,
 * re-added) on a vertical line, with its commit (linked when the remote is known) and the refs the
 * event reached.
 */
export function timelineSvg(metric: MetricData, data: ReportData): string {
  const events = metric.timeline;
  if (events.length === 0) return '';
  const height = TOP + ROW * events.length;
  const parts: string[] = [`<line class="spine" x1="14" y1="${TOP}" x2="14" y2="${TOP + ROW * (events.length - 1)}"/>`];
  events.forEach((e, i) => {
    const y = TOP + ROW * i;
    const commit = data.commits[e.commit];
    const subject = commit?.subject ?? '';
    const when = [commit?.date?.slice(0, 10), commit?.author].filter((s): s is string => Boolean(s)).join(', ');
    const reached = e.reached.length > 0 ? `reached ${e.reached.join(', ')}` : 'reached no current ref';
    const line = `${e.detail} · ${reached}`;
    const clipped = clip(subject, SUBJECT_CHARS) !== subject || clip(line, DETAIL_CHARS) !== line;
    // The whole text only where the picture had to cut it: a page of 500 lifecycles must stay small.
    const title = clipped ? `<title>${esc(`${subject}\n${line}`)}</title>` : '';
    const short = `<text class="lbl mono" x="112" y="${y + 4}">${esc(e.commit.slice(0, 10))}</text>`;
    const href = safeHref(commit?.url ?? null);
    parts.push(
      `<g class="ev ${esc(e.kind)}">${title}<circle cx="14" cy="${y}" r="7"/>` +
        `<text class="lbl strong" x="32" y="${y + 4}">${esc(e.kind)}</text>` +
        (href === null ? short : `<a href="${esc(href)}">${short}</a>`) +
        `<text class="lbl" x="200" y="${y + 4}">${esc(clip(subject, SUBJECT_CHARS))}${when ? ` · ${esc(when)}` : ''}</text>` +
        `<text class="lbl small" x="32" y="${y + 22}">${esc(clip(line, DETAIL_CHARS))}</text></g>`,
    );
  });
  return `<div class="figure"><svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(`Lifecycle of ${metric.name ?? metric.query}`)}">${parts.join('')}</svg></div>\n`;
}
