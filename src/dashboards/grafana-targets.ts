/** A panel's targets: the Prometheus queries among them, and notes on those deliberately not read as one. */
import { resolveDatasource, type DatasourceRef } from './grafana-datasources.js';
import { describe, expectObject, shapeError, type Json } from './grafana-json.js';

export interface PanelTarget {
  readonly refId: string;
  readonly expr: string;
  /** The target's datasource, else the panel's; `null` means the dashboard's default. */
  readonly datasource: DatasourceRef | null;
  readonly hidden: boolean;
  /** JSON path, e.g. `panels[3].panels[1].targets[0]`. */
  readonly path: string;
}

/** Something in the dashboard that was deliberately not read as a Prometheus query. */
export type DashboardNote =
  | {
      readonly kind: 'non-prometheus-target';
      readonly path: string;
      readonly panelTitle: string;
      readonly refId: string;
      readonly datasourceType: string | null;
      readonly reason: string;
    }
  | { readonly kind: 'empty-expr'; readonly path: string; readonly panelTitle: string; readonly refId: string }
  | {
      readonly kind: 'library-panel';
      readonly path: string;
      readonly panelTitle: string;
      readonly uid: string;
      readonly name: string;
    };

/** What reading targets needs from the dashboard, and where it leaves its notes. */
export interface TargetContext {
  readonly file: string;
  /** Datasource variables and `__inputs` → plugin type. */
  readonly datasourceVariables: ReadonlyMap<string, string>;
  readonly notes: DashboardNote[];
}

const PROMETHEUS_TYPES: ReadonlySet<string> = new Set([
  'prometheus',
  'grafana-amazonprometheus-datasource',
  'grafana-azureprometheus-datasource',
]);

/** The target as a Prometheus query, or undefined, with a note, when it is none. */
export function readTarget(
  raw: Json,
  path: string,
  panelTitle: string,
  panelDatasource: DatasourceRef | null,
  ctx: TargetContext,
): PanelTarget | undefined {
  const target = expectObject(raw, path, ctx.file);
  const refId = typeof target.refId === 'string' ? target.refId : '';
  const own = resolveDatasource(target.datasource ?? null, ctx.datasourceVariables);
  const datasource = own ?? (panelDatasource?.type === 'mixed' ? null : panelDatasource);
  const expr = target.expr;
  if (expr !== undefined && expr !== null && typeof expr !== 'string') {
    throw shapeError(ctx.file, `${path}.expr`, `expected a string, found ${describe(expr)}`);
  }

  const rejection = nonPrometheusReason(datasource, typeof expr === 'string');
  if (rejection !== undefined) {
    ctx.notes.push({ kind: 'non-prometheus-target', path, panelTitle, refId, datasourceType: datasource?.type ?? null, reason: rejection });
    return undefined;
  }
  if (typeof expr !== 'string' || expr.trim() === '') {
    ctx.notes.push({ kind: 'empty-expr', path, panelTitle, refId });
    return undefined;
  }
  return { refId, expr, datasource, hidden: target.hide === true, path };
}

/** Why a target is not a Prometheus query, or `undefined` when it is (or is assumed to be). */
function nonPrometheusReason(datasource: DatasourceRef | null, hasExpr: boolean): string | undefined {
  const type = datasource?.type ?? null;
  if (type !== null) {
    if (PROMETHEUS_TYPES.has(type)) return undefined;
    if (type === 'mixed') return hasExpr ? undefined : 'no "expr" on a target of a mixed-datasource panel';
    if (type === 'dashboard') return 'reuses the results of another panel (-- Dashboard -- datasource)';
    return `datasource type '${type}' is not Prometheus`;
  }
  // A legacy name or an unresolved variable says nothing certain; only the name can hint at Loki.
  const name = datasource?.name ?? datasource?.uid ?? '';
  if (/loki/i.test(name)) return `datasource '${name}' looks like Loki`;
  return hasExpr ? undefined : 'no "expr": not a Prometheus query';
}
