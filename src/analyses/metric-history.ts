import type { FieldChange } from '../history/definition-key.js';
import type { IndexView } from '../history/index-queries.js';
import type { MetricDefinition } from '../model/metric.js';
import type { RefPoint } from './explain.js';
import { resolveMetricName } from './resolve-metric-name.js';

export type LifecycleEvent =
  | { readonly kind: 'introduced' | 're-added'; readonly commit: string; readonly definition: MetricDefinition; readonly atShallowBoundary: boolean; readonly renamedFrom: readonly string[] }
  | { readonly kind: 'changed'; readonly commit: string; readonly definition: MetricDefinition; readonly changes: readonly FieldChange[] }
  | { readonly kind: 'moved'; readonly commit: string; readonly definition: MetricDefinition; readonly from: MetricDefinition }
  | { readonly kind: 'merged'; readonly commit: string; readonly definition: MetricDefinition; readonly fromParent: string }
  | { readonly kind: 'removed'; readonly commit: string; readonly definition: MetricDefinition; readonly viaMerge: boolean; readonly renamedTo: readonly string[] };

export interface MetricHistory {
  readonly query: string;
  readonly name: string | null;
  readonly closest: readonly string[];
  /** Oldest first, each with the refs whose history contains it. */
  readonly events: readonly (LifecycleEvent & { readonly reached: readonly string[] })[];
}

/** The whole lifecycle of a metric across every indexed ref. */
export function metricHistory(query: string, view: IndexView, tips: readonly RefPoint[]): MetricHistory {
  const resolution = resolveMetricName(query, view);
  if (!resolution.name) return { query, name: null, closest: resolution.closest, events: [] };
  const name = resolution.name;
  let introducedBefore = false;
  const events = view.events(name).map((e): LifecycleEvent => {
    const definition = view.def(e.def);
    switch (e.kind) {
      case 'introduced': {
        const kind = introducedBefore ? 're-added' : 'introduced';
        introducedBefore = true;
        return { kind, commit: e.commit, definition, atShallowBoundary: e.boundary, renamedFrom: renameCandidates(view, e.commit, definition, 'removed') };
      }
      case 'removed':
        return { kind: 'removed', commit: e.commit, definition, viaMerge: e.viaMerge, renamedTo: renameCandidates(view, e.commit, definition, 'introduced') };
      case 'changed':
        return { kind: 'changed', commit: e.commit, definition, changes: e.changes };
      case 'moved':
        return { kind: 'moved', commit: e.commit, definition, from: view.def(e.from) };
      case 'merged':
        return { kind: 'merged', commit: e.commit, definition, fromParent: e.fromParent };
    }
  });
  return {
    query,
    name,
    closest: [],
    events: events.map((e) => ({ ...e, reached: tips.filter((t) => view.contains(t.commit, e.commit)).map((t) => t.ref) })),
  };
}

/** Another metric that appeared (or vanished) in the same commit with the same help text or static: a likely rename. */
function renameCandidates(view: IndexView, commit: string, def: MetricDefinition, otherKind: 'introduced' | 'removed'): string[] {
  const names: string[] = [];
  for (const [other, events] of Object.entries(view.data.events)) {
    if (other === def.name) continue;
    for (const e of events) {
      if (e.commit !== commit || e.kind !== otherKind) continue;
      const otherDef = view.def(e.def);
      const sameHelp = def.help !== null && otherDef.help === def.help;
      const sameStatic = def.static !== null && otherDef.static === def.static;
      if (sameHelp || sameStatic) names.push(other);
    }
  }
  return names.sort();
}
