import { createHash } from 'node:crypto';
import type { CrateInfo, CrateLayout } from './crate-layout.js';
import { EXPORTER } from './facade-naming.js';

/**
 * What a crate layout means for resolution, hashed: crates, their own versions (`env!`), binaries and
 * dependencies by name, package and locality. Dependency versions are left out, except the exporter's,
 * which decides names: most manifest edits only bump versions, and they need no new layout.
 */
export function layoutMeaning(layout: CrateLayout): string {
  const hash = createHash('sha1').update('[');
  layout.crates.forEach((crate, i) => hash.update(i === 0 ? crateMeaning(crate) : `,${crateMeaning(crate)}`));
  return hash.update(']').digest('hex');
}

/** Crates are shared between the layouts of a walk (see `crateLayoutOfParsed`): each is described once. */
const meanings = new WeakMap<CrateInfo, string>();

function crateMeaning(c: CrateInfo): string {
  let meaning = meanings.get(c);
  if (meaning === undefined) {
    meaning = JSON.stringify([
      c.name,
      c.packageName,
      c.version,
      c.dir,
      c.binPaths ?? [],
      [...c.dependencies].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([name, d]) => [name, d.packageName, d.local, d.packageName === EXPORTER ? (d.version ?? null) : null]),
    ]);
    meanings.set(c, meaning);
  }
  return meaning;
}
