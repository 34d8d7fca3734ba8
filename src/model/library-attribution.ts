import type { RawRegistration } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';

/** The library is decided by the crate's dependencies, not by macro names alone. */
export function libraryMismatch(reg: RawRegistration, crate: CrateInfo | null): string | null {
  if (!crate || reg.library === 'prometheus') return null;
  const wanted = reg.library === 'metrics' ? 'metrics' : 'prometheus-client';
  const deps = [...crate.dependencies.values()];
  if (deps.some((d) => d.packageName === wanted && !d.local)) return null;
  const local = crate.dependencies.get(wanted.replace(/-/g, '_'));
  if (local?.local) {
    return `${reg.via.join('::')}! looks like the ${wanted} crate's, but ${wanted} here is the workspace crate at a path; not counted`;
  }
  return `${reg.via.join('::')} looks like the ${wanted} crate's, but crate ${crate.packageName} does not depend on ${wanted}; not counted`;
}
