/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidates closest to `target`, best first, within a distance that still looks like a typo. */
export function closestNames(target: string, candidates: Iterable<string>, limit = 3): string[] {
  const maxDistance = Math.max(2, Math.floor(target.length / 3));
  return [...new Set(candidates)]
    .map((name) => ({ name, distance: editDistance(target, name) }))
    .filter((c) => c.distance <= maxDistance || c.name.includes(target) || target.includes(c.name))
    .sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((c) => c.name);
}
