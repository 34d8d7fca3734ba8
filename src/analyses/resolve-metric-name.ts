import type { IndexView } from '../history/index-queries.js';
import { closestNames } from '../util/edit-distance.js';

export interface NameResolution {
  /** The metric name in the index, or null when nothing matches. */
  readonly name: string | null;
  /** How the query reached it: the name itself, or one of its exposed series (`x_bucket` → histogram `x`). */
  readonly via: 'name' | 'series' | null;
  readonly closest: readonly string[];
}

/** Maps what a user typed (a metric name or a sample name from a query) to a metric the index knows. */
export function resolveMetricName(query: string, view: IndexView): NameResolution {
  if (view.knowsMetric(query)) return { name: query, via: 'name', closest: [] };
  for (const def of view.data.defs) {
    if (def.series.includes(query) && view.knowsMetric(def.name)) return { name: def.name, via: 'series', closest: [] };
    // `db.query.count` as the code writes it, for the facade metric exposed as `db_query_count`.
    if (def.writtenName === query && view.knowsMetric(def.name)) return { name: def.name, via: 'name', closest: [] };
  }
  return { name: null, via: null, closest: closestNames(query, view.allMetricNames()) };
}
