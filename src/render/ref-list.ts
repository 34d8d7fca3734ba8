/**
 * Ref names for text output, short enough to read in an incident: a repository with thirty feature
 * branches and a tag per release would otherwise print a line (or a list) of forty names for every
 * metric. `--json` keeps every name.
 */
import { isReleaseTag, naturalOrder, newestReleaseFirst } from '../analyses/ref-order.js';
import { groupBy } from '../util/group-by.js';

/** Groups of at most this many names are listed in full; longer ones show the first two and the last. */
const LISTED_IN_FULL = 4;

/** Everything up to the last `/`: the namespace a ref was made in (`feature/`, `origin/`, `release/`). */
function prefixOf(ref: string): string {
  return ref.slice(0, ref.lastIndexOf('/') + 1);
}

function groupText(names: readonly string[]): string {
  if (names.length <= LISTED_IN_FULL) return names.join(', ');
  return `${names[0]}, ${names[1]}, …, ${names[names.length - 1]} (${names.length})`;
}

/**
 * `refs` named compactly, in the order of `displayOrder`: the pinned ones first (the default branch),
 * then release tags newest first, then other names without a namespace, then each namespace in natural
 * order; long groups are shortened to their first two and last names and a count. With more than a
 * handful of refs the total comes first: `39 refs: main, v2.0, v1.0, feature/b1, …`.
 */
export function compactRefList(refs: readonly string[], pinned: readonly (string | null)[] = []): string {
  const unique = [...new Set(refs)];
  const first = pinned.filter((ref, i): ref is string => ref !== null && unique.includes(ref) && pinned.indexOf(ref) === i);
  const rest = unique.filter((ref) => !first.includes(ref));
  const releases = rest.filter(isReleaseTag).sort(newestReleaseFirst);
  const groups = groupBy(rest.filter((ref) => !isReleaseTag(ref)).sort(naturalOrder), prefixOf);
  // Names without a namespace (`main`, `develop`) first, then each namespace.
  const ordered = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : naturalOrder(a, b)));
  const parts = [...first, ...(releases.length > 0 ? [groupText(releases)] : []), ...ordered.map((prefix) => groupText(groups.get(prefix) as string[]))];
  const text = parts.join(', ');
  return unique.length > LISTED_IN_FULL ? `${unique.length} refs: ${text}` : text;
}
