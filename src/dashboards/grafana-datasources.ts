/** The datasources a dashboard names, resolved to their plugin type where the dashboard says it. */
import { isObject, type Json } from './grafana-json.js';

/** A datasource as a target or panel names it, with the plugin type resolved where the dashboard says it. */
export interface DatasourceRef {
  /** Plugin id (`prometheus`, `loki`, …), `mixed`/`dashboard`/`grafana` for the special ones, `null` when unknown. */
  readonly type: string | null;
  readonly uid: string | null;
  /** A legacy datasource name or an unresolved variable such as `${DS_PROMETHEUS}`. */
  readonly name: string | null;
}

const SPECIAL_DATASOURCES: Readonly<Record<string, string>> = {
  '-- Mixed --': 'mixed',
  '-- Dashboard --': 'dashboard',
  '-- Grafana --': 'grafana',
  grafana: 'grafana',
};

export function resolveDatasource(raw: Json, variables: ReadonlyMap<string, string>): DatasourceRef | null {
  if (raw === null) return null;
  if (typeof raw === 'string') {
    const special = SPECIAL_DATASOURCES[raw];
    if (special !== undefined) return { type: special, uid: raw, name: raw };
    return { type: variableType(raw, variables), uid: null, name: raw };
  }
  if (!isObject(raw)) return null;
  const uid = typeof raw.uid === 'string' ? raw.uid : null;
  const declared = typeof raw.type === 'string' && raw.type !== '' ? raw.type : null;
  if (declared === 'datasource' || (declared === null && uid !== null && SPECIAL_DATASOURCES[uid] !== undefined)) {
    return { type: SPECIAL_DATASOURCES[uid ?? ''] ?? 'grafana', uid, name: null };
  }
  if (uid === null && declared === null) return null;
  return { type: declared ?? (uid === null ? null : variableType(uid, variables)), uid, name: null };
}

/** The plugin type behind `$ds`, `${DS_PROMETHEUS}` or `[[ds]]`, if the dashboard declares it. */
function variableType(text: string, variables: ReadonlyMap<string, string>): string | null {
  const m = /^\$\{(\w+)\}$|^\$(\w+)$|^\[\[(\w+)\]\]$/.exec(text);
  const name = m?.[1] ?? m?.[2] ?? m?.[3];
  return name === undefined ? null : (variables.get(name) ?? null);
}

/** `__inputs` of an export for sharing: `${DS_PROMETHEUS}` → `prometheus`. */
export function datasourceInputsOf(inputs: Json | undefined): Map<string, string> {
  const types = new Map<string, string>();
  if (!Array.isArray(inputs)) return types;
  for (const input of inputs as readonly Json[]) {
    if (isObject(input) && input.type === 'datasource' && typeof input.name === 'string' && typeof input.pluginId === 'string') {
      types.set(input.name, input.pluginId);
    }
  }
  return types;
}
