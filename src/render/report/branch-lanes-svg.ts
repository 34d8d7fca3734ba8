import { commitLine } from './commit-link.js';
import { clip, esc, num } from './html-escape.js';
import type { BranchData, ReportData } from './report-data.js';

const WIDTH = 760;
const TRUNK_Y = 44;
const LANE_GAP = 70;
/** Where the deployed ref's tip is drawn; forks sit left of it by how far the deployed ref moved on. */
const TRUNK_END = 260;
const TRUNK_START = 24;
const LANE_END = 720;
/** Metric names listed in a picture's heading before counting the rest. */
const NAMES_LISTED = 12;

/**
 * The picture an engineer draws on a whiteboard: the deployed ref as a trunk, and each ref that has
 * the metrics as a lane leaving it at their merge-base, with the commits counted and the introducing
 * and merge commits marked where they sit along the lane.
 */
export function branchSectionHtml(data: ReportData): string {
  if (data.branches.length === 0) return '';
  let out = '<section id="branches" aria-labelledby="branches-h">\n<h2 id="branches-h">Where the missing metrics are</h2>\n';
  data.branches.forEach((b, i) => (out += pictureHtml(b, i, data)));
  return `${out}</section>\n`;
}

function pictureHtml(b: BranchData, i: number, data: ReportData): string {
  const n = b.metrics.length;
  const listed = b.metrics.slice(0, NAMES_LISTED).map((m) => `<code>${esc(m)}</code>`).join(', ');
  const more = n > NAMES_LISTED ? ` and ${n - NAMES_LISTED} more` : '';
  const first = b.lanes[0];
  let out = `<article class="branch" id="branch-${i}">\n`;
  out += `<h3>${n} metric${n === 1 ? '' : 's'} not on <code>${esc(b.deployed.ref)}</code>${first ? `, on <code>${esc(first.ref)}</code> (${first.ahead} ahead, ${first.behind} behind)` : ''}</h3>\n`;
  out += `<p>${listed}${more}</p>\n`;
  out += `<div class="figure">${lanesSvg(b, i)}</div>\n`;
  if (b.moreRefs.length > 0) out += `<p class="muted">Also on ${b.moreRefs.map((r) => `<code>${esc(r)}</code>`).join(', ')}.</p>\n`;
  out += marksList(b, data);
  return `${out}</article>\n`;
}

function lanesSvg(b: BranchData, index: number): string {
  const height = TRUNK_Y + LANE_GAP * b.lanes.length + 44;
  const maxBehind = Math.max(0, ...b.lanes.map((l) => l.behind));
  const forkX = (behind: number) => (maxBehind === 0 ? TRUNK_END : TRUNK_END - (behind / maxBehind) * (TRUNK_END - TRUNK_START - 40));
  const deployedTitle = `${b.deployed.ref} (deployed) ${b.deployed.commit.slice(0, 10)}`;
  const parts: string[] = [];
  parts.push(`<line class="trunk" x1="${TRUNK_START}" y1="${TRUNK_Y}" x2="${TRUNK_END}" y2="${TRUNK_Y}"/>`);
  parts.push(`<circle class="tip deployed" cx="${TRUNK_END}" cy="${TRUNK_Y}" r="8" data-tip="${esc(deployedTitle)}"><title>${esc(deployedTitle)}</title></circle>`);
  parts.push(`<text class="lbl strong" x="${TRUNK_END + 14}" y="${TRUNK_Y + 5}">${esc(clip(b.deployed.ref, 40))} (deployed)</text>`);
  if (maxBehind > 0) {
    const since = `${maxBehind} commit${maxBehind === 1 ? '' : 's'} on ${clip(b.deployed.ref, 30)} since the ${b.lanes.length > 1 ? 'oldest ' : ''}merge-base`;
    parts.push(`<text class="lbl small" x="${TRUNK_START}" y="${TRUNK_Y - 12}">${esc(since)}</text>`);
  }
  b.lanes.forEach((lane, i) => {
    const y = TRUNK_Y + LANE_GAP * (i + 1);
    const fx = forkX(lane.behind);
    const start = fx + 36;
    const along = (position: number) => start + (lane.ahead <= 0 ? 1 : position / lane.ahead) * (LANE_END - start);
    const base = lane.mergeBase ? lane.mergeBase.slice(0, 10) : 'no common commit';
    parts.push(`<path class="lane" d="M${num(fx)} ${TRUNK_Y} C${num(fx)} ${y} ${num(fx)} ${y} ${num(start)} ${y} L${LANE_END} ${y}"/>`);
    parts.push(`<circle class="base" cx="${num(fx)}" cy="${TRUNK_Y}" r="4" data-tip="merge-base ${esc(base)}"><title>merge-base ${esc(base)}</title></circle>`);
    parts.push(
      `<text class="lbl strong" x="${num(start)}" y="${y - 12}">${esc(clip(lane.ref, 44))}</text>` +
        `<text class="lbl" x="${LANE_END}" y="${y - 12}" text-anchor="end">${lane.ahead} ahead, ${lane.behind} behind</text>`,
    );
    lane.marks.forEach((m, j) => {
      const x = along(m.position);
      const tip = `${m.kind} in ${m.commit.slice(0, 10)} (commit ${m.position} of ${lane.ahead}): ${m.metrics.join(', ')}`;
      parts.push(`<circle class="mark ${m.kind}" cx="${num(x)}" cy="${y}" r="6" data-tip="${esc(tip)}"><title>${esc(tip)}</title></circle>`);
      // Labels of neighbouring marks alternate in height so they do not print over each other.
      parts.push(`<text class="lbl small" x="${num(x)}" y="${y + 20 + (j % 2) * 12}" text-anchor="middle">${esc(m.commit.slice(0, 7))}</text>`);
    });
    const tipTitle = `${lane.ref} ${lane.commit.slice(0, 10)}`;
    parts.push(`<circle class="tip" cx="${LANE_END}" cy="${y}" r="7" data-tip="${esc(tipTitle)}"><title>${esc(tipTitle)}</title></circle>`);
  });
  const label = `Branch picture ${index + 1}: ${b.deployed.ref} and the refs that have the metrics`;
  return `<svg class="lanes" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(label)}">${parts.join('')}</svg>`;
}

/** The marked commits in words: subject, author, date, link, and which metrics and lanes. */
function marksList(b: BranchData, data: ReportData): string {
  const commits = new Map<string, { kind: string; metrics: Set<string>; lanes: string[] }>();
  for (const lane of b.lanes) {
    for (const m of lane.marks) {
      const entry = commits.get(m.commit) ?? { kind: m.kind, metrics: new Set<string>(), lanes: [] };
      for (const metric of m.metrics) entry.metrics.add(metric);
      entry.lanes.push(`${lane.ref} (commit ${m.position} of ${lane.ahead})`);
      commits.set(m.commit, entry);
    }
  }
  if (commits.size === 0) return '';
  let out = '<ul class="commits">\n';
  for (const [sha, c] of commits) {
    const metrics = [...c.metrics];
    const names = metrics.slice(0, NAMES_LISTED).map((m) => `<code>${esc(m)}</code>`).join(', ') + (metrics.length > NAMES_LISTED ? ` and ${metrics.length - NAMES_LISTED} more` : '');
    out += `<li><span class="tag">${esc(c.kind)}</span> ${commitLine(sha, data)}<br>${names} <span class="muted">on ${c.lanes.map(esc).join('; ')}</span></li>\n`;
  }
  return `${out}</ul>\n`;
}
