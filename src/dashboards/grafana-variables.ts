/** A dashboard's template variables, and the datasource types its datasource variables stand for. */
import { resolveDatasource, type DatasourceRef } from './grafana-datasources.js';
import { expectArray, expectObject, isObject, type Json } from './grafana-json.js';

export interface DashboardVariable {
  readonly name: string;
  readonly type: string;
  readonly query: string | null;
  readonly datasource: DatasourceRef | null;
}

export function readVariables(
  templating: Json | undefined,
  path: string,
  file: string,
  inputs: ReadonlyMap<string, string>,
): DashboardVariable[] {
  if (!isObject(templating) || templating.list === undefined) return [];
  return expectArray(templating.list, `${path}.list`, file).flatMap((raw, i) => {
    const v = expectObject(raw, `${path}.list[${i}]`, file);
    if (typeof v.name !== 'string') return [];
    const query = typeof v.query === 'string' ? v.query : isObject(v.query) && typeof v.query.query === 'string' ? v.query.query : null;
    return [
      {
        name: v.name,
        type: typeof v.type === 'string' ? v.type : '',
        query,
        datasource: resolveDatasource(v.datasource ?? null, inputs),
      },
    ];
  });
}

/** Adds datasource variables, whose `query` is the plugin type: `$datasource` → `prometheus`. */
export function withDatasourceVariables(inputs: ReadonlyMap<string, string>, variables: readonly DashboardVariable[]): Map<string, string> {
  const types = new Map(inputs);
  for (const v of variables) {
    if (v.type === 'datasource' && v.query !== null && v.query !== '') types.set(v.name, v.query);
  }
  return types;
}
