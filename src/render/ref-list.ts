/**
 * Ref names for text output, short enough to read in an incident: a repository with thirty feature
 * branches and a tag per release would otherwise print a line (or a list) of forty names for every
 * metric. `--json` keeps every name.
 */
import { groupBy } from '../util/group-by.js';

/** Groups of at most this many names are listed in full; longer ones show the first two and the last. */
const LISTED_IN_FULL = 4;

const collator = new Intl.Collator('en', { numeric: true });

/** `feature/b2` before `feature/b10`; then plain code-unit order, so the order never depends on the locale's ties. */
function naturalOrder(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Everything up to the last `/`: the namespace a ref was made in (`feature/`, `origin/`, `release/`). */
function prefixOf(ref: string): string {
  return ref.slice(0, ref.lastIndexOf('/') + 1);
}

function groupText(names: readonly string[]): string {
  if (names.length <= LISTED_IN_FULL) return names.join(', ');
  return `${names[0]}, ${names[1]}, …, ${names[names.length - 1]} (${names.length})`;
}

/**
 * `refs` named compactly: the pinned ones first (the deployed ref, the main line), then names
 * without a namespace, then each namespace, in natural order, long namespaces shortened to their first and last names and a count.
 * With more than a handful of refs the total comes first: `39 refs: main, feature/b1, …`.
 */
export function compactRefList(refs: readonly string[], pinned: readonly string[] = []): string {
  const unique = [...new Set(refs)];
  const first = pinned.filter((ref, i) => unique.includes(ref) && pinned.indexOf(ref) === i);
  const rest = unique.filter((ref) => !first.includes(ref)).sort(naturalOrder);
  const groups = groupBy(rest, prefixOf);
  // Names without a namespace (`main`, release tags) first, then each namespace.
  const ordered = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : naturalOrder(a, b)));
  const parts = [...first, ...ordered.map((prefix) => groupText(groups.get(prefix) as string[]))];
  const text = parts.join(', ');
  return unique.length > LISTED_IN_FULL ? `${unique.length} refs: ${text}` : text;
}
