/**
 * Which refs to name first. A repository has a default branch, release tags and dozens of feature and
 * test branches; naming them alphabetically, or by fewest commits ahead, once told a user to deploy a
 * fuzz-test branch when `main` and `v1.1.0` had the metrics. Short names only (`main`, `v1.2.0`): the
 * index does not say which refs are tags, so a release tag is a name that looks like a version.
 */
import { numericCollationCompare } from '../util/numeric-collation.js';

/** `v1.2`, `1.2.3`, `v1.0.0-rc.1`, `v2.0.0+build.5`: at least two numeric parts. */
const RELEASE_NAME = /^v?(\d+(?:\.\d+)+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

interface ReleaseVersion {
  readonly numbers: readonly number[];
  readonly prerelease: string | null;
}

function releaseVersionOf(ref: string): ReleaseVersion | null {
  const match = RELEASE_NAME.exec(ref);
  if (!match) return null;
  return { numbers: (match[1] as string).split('.').map(Number), prerelease: match[2] ?? null };
}

export function isReleaseTag(ref: string): boolean {
  return releaseVersionOf(ref) !== null;
}

/** Ascending; `1.0` equals `1.0.0`, and a pre-release comes before its release. */
function compareVersions(a: ReleaseVersion, b: ReleaseVersion): number {
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === null) return 1;
  if (b.prerelease === null) return -1;
  return numericCollationCompare(a.prerelease, b.prerelease);
}

/** `feature/b2` before `feature/b10`; ties in plain code-unit order, so no locale decides. */
export function naturalOrder(a: string, b: string): number {
  return numericCollationCompare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Two release tags, the newest first. */
export function newestReleaseFirst(a: string, b: string): number {
  const va = releaseVersionOf(a);
  const vb = releaseVersionOf(b);
  if (!va || !vb) return naturalOrder(a, b);
  return compareVersions(vb, va) || naturalOrder(a, b);
}

/**
 * The order refs are listed in: the default branch (HEAD's branch, else `main`/`master`), then release
 * tags newest first, then other names without a namespace, then namespaced ones (`feature/x`,
 * `origin/main`), each in natural order — as `compactRefList` prints them.
 */
export function displayOrder(refs: readonly string[], defaultBranch: string | null): string[] {
  const rank = (ref: string) => (ref === defaultBranch ? 0 : isReleaseTag(ref) ? 1 : ref.includes('/') ? 3 : 2);
  return [...refs].sort((a, b) => rank(a) - rank(b) || (rank(a) === 1 ? newestReleaseFirst(a, b) : naturalOrder(a, b)));
}

/** A ref that has what the deployed ref lacks, with how far it is from the deployed ref. */
export interface CandidateRef {
  readonly ref: string;
  readonly ahead: number | null;
  readonly behind: number | null;
}

export interface AdviceContext {
  /** The deployed ref as the user named it (`v1.0.0`, `main`, a SHA). */
  readonly deployed: string;
  readonly defaultBranch: string | null;
}

/**
 * Where to point someone whose deployed ref lacks a metric: the default branch, then release tags
 * newer than the deployed ref (newest first), then other branches (fewest commits ahead first), then
 * older or unrelated release tags. "Newer" compares versions when the deployed ref is one, else it
 * means the tag contains the deployed commit.
 */
export function adviceComparator(context: AdviceContext): (a: CandidateRef, b: CandidateRef) => number {
  const deployedVersion = releaseVersionOf(context.deployed);
  const rank = (r: CandidateRef): number => {
    if (r.ref === context.defaultBranch) return 0;
    const version = releaseVersionOf(r.ref);
    if (!version) return 2;
    const newer = deployedVersion ? compareVersions(version, deployedVersion) > 0 : r.behind === 0;
    return newer ? 1 : 3;
  };
  return (a, b) => {
    const d = rank(a) - rank(b);
    if (d !== 0) return d;
    if (isReleaseTag(a.ref) && isReleaseTag(b.ref)) return newestReleaseFirst(a.ref, b.ref);
    return (a.ahead ?? 0) - (b.ahead ?? 0) || naturalOrder(a.ref, b.ref);
  };
}

export function adviceOrder<T extends CandidateRef>(refs: readonly T[], context: AdviceContext): T[] {
  return [...refs].sort(adviceComparator(context));
}
