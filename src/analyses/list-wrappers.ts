import type { SnapshotListing } from '../history/snapshot.js';
import type { MetricKind } from '../model/metric.js';
import { describeName } from '../model/wrapper-template.js';

/** One kind of metric a wrapper registers: its name as built from the parameters (`app_{name}`). */
export interface WrapperOutputEntry {
  readonly name: string;
  readonly kind: MetricKind;
  readonly vec: boolean;
}

export interface WrapperEntry {
  /** `try_create_int_counter`, `Metrics::counter`, `app_counter!`. */
  readonly name: string;
  readonly origin: 'inferred' | 'configured';
  /** Where it is defined; null for a configured wrapper (it may live outside the repository). */
  readonly path: string | null;
  readonly line: number | null;
  readonly crate: string | null;
  readonly registers: readonly WrapperOutputEntry[];
  /** Metrics its calls registered, test code included (calls through another wrapper count for both). */
  readonly registrations: number;
  readonly unresolved: number;
}

export interface WrapperList {
  readonly ref: string;
  readonly commit: string;
  readonly wrappers: readonly WrapperEntry[];
}

export function listWrappers(snapshot: SnapshotListing): WrapperList {
  const wrappers = snapshot.wrappers.map(({ wrapper, registrations, unresolved }): WrapperEntry => {
    const registers = new Map<string, WrapperOutputEntry>();
    for (const overload of wrapper.overloads) {
      for (const { template } of overload.outputs) {
        const entry = { name: describeName(template, wrapper.params), kind: template.kind, vec: template.vec };
        registers.set(JSON.stringify(entry), entry);
      }
    }
    return {
      name: wrapper.label,
      origin: wrapper.origin,
      path: wrapper.path,
      line: wrapper.line,
      crate: wrapper.crate,
      registers: [...registers.values()],
      registrations,
      unresolved,
    };
  });
  // Found ones in file order, then the configured ones (defined outside the tree) by name.
  wrappers.sort(
    (a, b) =>
      Number(a.path === null) - Number(b.path === null) ||
      (a.path ?? '').localeCompare(b.path ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.name.localeCompare(b.name),
  );
  return { ref: snapshot.ref, commit: snapshot.commit, wrappers };
}
