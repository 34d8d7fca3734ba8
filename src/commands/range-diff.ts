import { diffMetrics, type MetricDiff } from '../analyses/diff-metrics.js';
import { UsageError } from '../errors.js';
import { originUrl } from '../git/origin-url.js';
import { commitUrlTemplate, SHA_PLACEHOLDER } from '../git/remote-url.js';
import { resolveRevisionRange, type RevisionRange } from '../git/revision-range.js';
import type { CommitDisplay } from '../render/commit-display.js';
import type { IndexedRun, OpenedRepository } from './repository-run.js';

export interface RangeDiff {
  readonly range: RevisionRange;
  readonly diff: MetricDiff;
  readonly indexed: IndexedRun;
  /** The index's warnings and the diff's own; a getter, like `IndexedRun.warnings`. */
  readonly warnings: readonly string[];
}

/** Resolves `A B`, `A..B` or `A...B`, indexes both ends, and diffs their metrics. Shared by diff and release-notes. */
export async function diffRange(opened: OpenedRepository, args: readonly string[]): Promise<RangeDiff> {
  const range = await resolveRevisionRange(opened.repo, args);
  // The ends may be SHAs no ref reaches; the merge-base is an ancestor of both and indexed with them.
  const indexed = await opened.index({ extraCommits: [range.base.commit, range.head.commit] });
  const diff = diffMetrics({ view: indexed.view, base: range.base, head: range.head, compareFrom: range.compareFrom, range: range.text });
  return {
    range,
    diff,
    indexed,
    get warnings() {
      return [...indexed.warnings, ...(diff.uncertain ? ['some blobs are missing (partial clone); the metric sets compared may be incomplete'] : [])];
    },
  };
}

/** Every commit a rendering of the diff names. */
export function commitsOf(diff: MetricDiff): string[] {
  const commits = [
    ...diff.added.flatMap((m) => [m.commit, m.mergedBy, m.baseSide]),
    ...diff.removed.flatMap((m) => [m.commit, m.baseSide]),
    ...diff.changed.flatMap((m) => m.changes.flatMap((c) => [c.commit, c.baseSide])),
    ...diff.moved.flatMap((m) => [m.commit, m.baseSide]),
  ];
  return [...new Set(commits.filter((c): c is string => c !== null))];
}

/** Subjects for the commits the diff names, and a link template from `--commit-url` or the origin remote. */
export async function commitDisplay(opened: OpenedRepository, ranged: RangeDiff, template: string | undefined): Promise<CommitDisplay> {
  if (template !== undefined && !template.includes(SHA_PLACEHOLDER)) {
    throw new UsageError(`--commit-url must contain ${SHA_PLACEHOLDER}, e.g. 'https://git.example.com/org/repo/commit/${SHA_PLACEHOLDER}'`);
  }
  const infos = await ranged.indexed.describeCommits(commitsOf(ranged.diff));
  if (template !== undefined) return { infos, urlTemplate: template };
  const origin = await originUrl(opened.repo);
  return { infos, urlTemplate: origin === null ? null : commitUrlTemplate(origin) };
}

/** `--json` is shorthand for `--format json`; both at once must agree. */
export function chooseFormat<F extends string>(formats: readonly F[], format: string | undefined, json: boolean, fallback: F): F {
  if (json && format !== undefined && format !== 'json') throw new UsageError(`--json conflicts with --format ${format}`);
  const chosen = json ? 'json' : (format ?? fallback);
  if (!(formats as readonly string[]).includes(chosen)) {
    throw new UsageError(`unknown format '${chosen}'; use one of: ${formats.join(', ')}`);
  }
  return chosen as F;
}
