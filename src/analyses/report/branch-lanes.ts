import type { IndexView } from '../../history/index-queries.js';
import type { RefDefining, RefPoint } from '../explain.js';
import type { BranchPicture, Lane, LaneMark, MetricSection } from './incident-report.js';

/** More lanes than this make the picture unreadable; the rest are named under it. */
export const LANES_SHOWN = 6;

/**
 * The whiteboard picture of metrics that exist only on other refs: one picture per set of such refs,
 * each a lane from its merge-base with the deployed ref, marked where the metrics were introduced and
 * merged. A metric whose refs differ from the others' gets a picture of its own.
 */
export function branchPictures(sections: readonly MetricSection[], deployed: RefPoint, view: IndexView): BranchPicture[] {
  const groups = new Map<string, { refs: readonly RefDefining[]; sections: MetricSection[] }>();
  for (const section of sections) {
    const verdict = section.explanation.verdict;
    if (verdict?.kind !== 'only-in' || verdict.refs.length === 0 || section.explanation.name === null) continue;
    const key = verdict.refs.map((r) => `${r.ref}\0${r.commit}`).join('\0\0');
    const group = groups.get(key);
    if (group) {
      if (!group.sections.some((s) => s.explanation.name === section.explanation.name)) group.sections.push(section);
    } else groups.set(key, { refs: verdict.refs, sections: [section] });
  }
  return [...groups.values()].map(({ refs, sections: members }) => ({
    metrics: members.map((s) => s.explanation.name as string),
    deployed,
    lanes: refs.slice(0, LANES_SHOWN).map((ref) => laneOf(ref, members, deployed, view)),
    moreRefs: refs.slice(LANES_SHOWN).map((r) => r.ref),
  }));
}

function laneOf(ref: RefDefining, sections: readonly MetricSection[], deployed: RefPoint, view: IndexView): Lane {
  const marks = new Map<string, { kind: LaneMark['kind']; metrics: string[] }>();
  const mark = (commit: string, kind: LaneMark['kind'], metric: string) => {
    // On this lane and not yet deployed: the commits the picture is about.
    if (!view.contains(ref.commit, commit) || view.contains(deployed.commit, commit)) return;
    const entry = marks.get(commit);
    if (!entry) marks.set(commit, { kind, metrics: [metric] });
    else if (!entry.metrics.includes(metric)) entry.metrics.push(metric);
  };
  for (const section of sections) {
    const name = section.explanation.name as string;
    for (const intro of section.explanation.introductions) if (!intro.atShallowBoundary) mark(intro.commit, 'introduced', name);
    for (const event of section.history.events) if (event.kind === 'merged') mark(event.commit, 'merged', name);
  }
  const ahead = ref.ahead ?? 0;
  const laneMarks = [...marks].map(([commit, m]) => ({
    kind: m.kind,
    commit,
    // Commits the deployed ref lacks up to and including this one: its place along the lane.
    position: Math.min(Math.max(view.aheadBehind(deployed.commit, commit).ahead, 1), Math.max(ahead, 1)),
    metrics: m.metrics,
  }));
  laneMarks.sort((a, b) => a.position - b.position || view.order(a.commit) - view.order(b.commit));
  return { ref: ref.ref, commit: ref.commit, ahead, behind: ref.behind ?? 0, mergeBase: ref.mergeBase, marks: laneMarks };
}
