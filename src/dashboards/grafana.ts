/** Panels and Prometheus queries of a Grafana dashboard JSON: an export, an API envelope, or the legacy `rows[]` layout. */
import { InputFileError } from '../errors.js';
import { locateJsonError } from './json-position.js';

/** A datasource as a target or panel names it, with the plugin type resolved where the dashboard says it. */
export interface DatasourceRef {
  /** Plugin id (`prometheus`, `loki`, …), `mixed`/`dashboard`/`grafana` for the special ones, `null` when unknown. */
  readonly type: string | null;
  readonly uid: string | null;
  /** A legacy datasource name or an unresolved variable such as `${DS_PROMETHEUS}`. */
  readonly name: string | null;
}

export interface PanelTarget {
  readonly refId: string;
  readonly expr: string;
  /** The target's datasource, else the panel's; `null` means the dashboard's default. */
  readonly datasource: DatasourceRef | null;
  readonly hidden: boolean;
  /** JSON path, e.g. `panels[3].panels[1].targets[0]`. */
  readonly path: string;
}

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Panel {
  readonly id: number | null;
  readonly title: string;
  readonly type: string;
  /** JSON path, e.g. `panels[3].panels[1]` or `rows[0].panels[2]`. */
  readonly path: string;
  readonly gridPos: GridPos | null;
  /** Title of the row the panel sits in. */
  readonly row: string | null;
  readonly libraryPanel: { readonly uid: string; readonly name: string } | null;
  /** Prometheus targets only; the others are in `Dashboard.notes`. */
  readonly targets: readonly PanelTarget[];
}

export interface DashboardVariable {
  readonly name: string;
  readonly type: string;
  readonly query: string | null;
  readonly datasource: DatasourceRef | null;
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

export interface Dashboard {
  readonly file: string;
  readonly uid: string | null;
  readonly title: string | null;
  /** Every panel except rows, in document order, including those with no Prometheus target. */
  readonly panels: readonly Panel[];
  readonly variables: readonly DashboardVariable[];
  readonly notes: readonly DashboardNote[];
  readonly prometheusTargetCount: number;
}

const PROMETHEUS_TYPES: ReadonlySet<string> = new Set([
  'prometheus',
  'grafana-amazonprometheus-datasource',
  'grafana-azureprometheus-datasource',
]);

const SPECIAL_DATASOURCES: Readonly<Record<string, string>> = {
  '-- Mixed --': 'mixed',
  '-- Dashboard --': 'dashboard',
  '-- Grafana --': 'grafana',
  grafana: 'grafana',
};

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

interface Context {
  readonly file: string;
  /** Datasource variables and `__inputs` → plugin type. */
  readonly datasourceVariables: ReadonlyMap<string, string>;
  readonly libraryModels: ReadonlyMap<string, { readonly model: JsonObject; readonly path: string }>;
  readonly panels: Panel[];
  readonly notes: DashboardNote[];
  targetCount: number;
}

export function readGrafanaDashboard(text: string, file: string): Dashboard {
  const root = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  if (!isObject(root)) {
    throw shapeError(file, '', `expected a JSON object at the top level, found ${describe(root)}`);
  }
  const envelope = !('panels' in root) && !('rows' in root) && isObject(root.dashboard);
  const dashboard = envelope ? (root.dashboard as JsonObject) : root;
  const prefix = envelope ? 'dashboard.' : '';
  const panels = dashboard.panels;
  const rows = dashboard.rows;
  if (panels === undefined && rows === undefined) {
    throw new InputFileError(
      `${file}: not a Grafana dashboard: no "panels" or "rows" array at ${envelope ? '"dashboard"' : 'the top level'}; ` +
        'pass the dashboard JSON (Export → Save to file) or the body of GET /api/dashboards/uid/<uid>',
    );
  }

  const inputs = datasourceInputsOf(root.__inputs);
  const variables = readVariables(dashboard.templating, `${prefix}templating`, file, inputs);
  const ctx: Context = {
    file,
    datasourceVariables: withDatasourceVariables(inputs, variables),
    libraryModels: libraryModelsOf(root.__elements),
    panels: [],
    notes: [],
    targetCount: 0,
  };

  if (panels !== undefined) readPanelList(panels, `${prefix}panels`, null, ctx);
  if (rows !== undefined) {
    const list = expectArray(rows, `${prefix}rows`, file);
    list.forEach((row, i) => {
      const path = `${prefix}rows[${i}]`;
      const obj = expectObject(row, path, file);
      const title = typeof obj.title === 'string' ? obj.title : null;
      if (obj.panels !== undefined) readPanelList(obj.panels, `${path}.panels`, title, ctx);
    });
  }

  return {
    file,
    uid: typeof dashboard.uid === 'string' ? dashboard.uid : null,
    title: typeof dashboard.title === 'string' ? dashboard.title : null,
    panels: ctx.panels,
    variables,
    notes: ctx.notes,
    prometheusTargetCount: ctx.targetCount,
  };
}

function parseJson(text: string, file: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const at = locateJsonError(text, error);
    throw new InputFileError(
      `${file}:${at.line}:${at.column}: invalid JSON (${at.reason}); fix the file or export the dashboard again`
    );
  }
}

/** Grafana nests panels one level (rows); far deeper nesting is not a dashboard and would exhaust the stack. */
const MAX_PANEL_NESTING = 64;

function readPanelList(value: Json, path: string, row: string | null, ctx: Context, depth = 0): void {
  if (depth > MAX_PANEL_NESTING) {
    throw new InputFileError(`${ctx.file}: not a Grafana dashboard: panels nested more than ${MAX_PANEL_NESTING} deep at ${path.slice(0, 120)}…`);
  }
  const list = expectArray(value, path, ctx.file);
  let currentRow = row;
  for (let i = 0; i < list.length; i++) {
    const panelPath = `${path}[${i}]`;
    const panel = expectObject(list[i] ?? null, panelPath, ctx.file);
    if (panel.type === 'row') {
      currentRow = typeof panel.title === 'string' ? panel.title : currentRow;
      if (panel.panels !== undefined) readPanelList(panel.panels, `${panelPath}.panels`, currentRow, ctx, depth + 1);
      continue;
    }
    readPanel(panel, panelPath, currentRow, ctx);
    if (panel.panels !== undefined) readPanelList(panel.panels, `${panelPath}.panels`, currentRow, ctx, depth + 1);
  }
}

function readPanel(panel: JsonObject, path: string, row: string | null, ctx: Context): void {
  const title = typeof panel.title === 'string' ? panel.title : '';
  const library = isObject(panel.libraryPanel) ? panel.libraryPanel : null;
  const libraryPanel =
    library !== null
      ? { uid: typeof library.uid === 'string' ? library.uid : '', name: typeof library.name === 'string' ? library.name : '' }
      : null;

  let source: JsonObject = panel;
  let targetsPath = `${path}.targets`;
  if (libraryPanel !== null && !hasTargets(panel)) {
    const element = ctx.libraryModels.get(libraryPanel.uid);
    if (element !== undefined && hasTargets(element.model)) {
      source = element.model;
      targetsPath = `${element.path}.targets`;
    } else {
      ctx.notes.push({ kind: 'library-panel', path, panelTitle: title, uid: libraryPanel.uid, name: libraryPanel.name });
    }
  }

  const panelDatasource = resolveDatasource(source.datasource ?? panel.datasource ?? null, ctx.datasourceVariables);
  const targets: PanelTarget[] = [];
  if (source.targets !== undefined && source.targets !== null) {
    expectArray(source.targets, targetsPath, ctx.file).forEach((raw, i) => {
      const target = readTarget(raw, `${targetsPath}[${i}]`, title, panelDatasource, ctx);
      if (target !== undefined) targets.push(target);
    });
  }
  ctx.targetCount += targets.length;
  ctx.panels.push({
    id: typeof panel.id === 'number' ? panel.id : null,
    title,
    type: typeof panel.type === 'string' ? panel.type : typeof source.type === 'string' ? source.type : '',
    path,
    gridPos: readGridPos(panel.gridPos),
    row,
    libraryPanel,
    targets,
  });
}

function readTarget(
  raw: Json,
  path: string,
  panelTitle: string,
  panelDatasource: DatasourceRef | null,
  ctx: Context,
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

function resolveDatasource(raw: Json, variables: ReadonlyMap<string, string>): DatasourceRef | null {
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

function readVariables(
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

/** `__inputs` of an export for sharing: `${DS_PROMETHEUS}` → `prometheus`. */
function datasourceInputsOf(inputs: Json | undefined): Map<string, string> {
  const types = new Map<string, string>();
  if (!Array.isArray(inputs)) return types;
  for (const input of inputs as readonly Json[]) {
    if (isObject(input) && input.type === 'datasource' && typeof input.name === 'string' && typeof input.pluginId === 'string') {
      types.set(input.name, input.pluginId);
    }
  }
  return types;
}

/** Adds datasource variables, whose `query` is the plugin type: `$datasource` → `prometheus`. */
function withDatasourceVariables(inputs: ReadonlyMap<string, string>, variables: readonly DashboardVariable[]): Map<string, string> {
  const types = new Map(inputs);
  for (const v of variables) {
    if (v.type === 'datasource' && v.query !== null && v.query !== '') types.set(v.name, v.query);
  }
  return types;
}

/** Library panel models that "Export for sharing externally" inlines under `__elements`. */
function libraryModelsOf(elements: Json | undefined): Map<string, { model: JsonObject; path: string }> {
  const models = new Map<string, { model: JsonObject; path: string }>();
  if (!isObject(elements)) return models;
  for (const [key, element] of Object.entries(elements)) {
    if (!isObject(element) || !isObject(element.model)) continue;
    const uid = typeof element.uid === 'string' ? element.uid : key;
    models.set(uid, { model: element.model, path: `__elements[${JSON.stringify(key)}].model` });
  }
  return models;
}

function hasTargets(panel: JsonObject): boolean {
  return Array.isArray(panel.targets) && panel.targets.length > 0;
}

function readGridPos(value: Json | undefined): GridPos | null {
  if (!isObject(value)) return null;
  const { x, y, w, h } = value;
  if (typeof x !== 'number' || typeof y !== 'number' || typeof w !== 'number' || typeof h !== 'number') return null;
  return { x, y, w, h };
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectObject(value: Json, path: string, file: string): JsonObject {
  if (!isObject(value)) throw shapeError(file, path, `expected an object, found ${describe(value)}`);
  return value;
}

function expectArray(value: Json, path: string, file: string): readonly Json[] {
  if (!Array.isArray(value)) throw shapeError(file, path, `expected an array, found ${describe(value)}`);
  return value as readonly Json[];
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function shapeError(file: string, path: string, what: string): InputFileError {
  const where = path === '' ? '' : ` at ${path}`;
  return new InputFileError(`${file}: not a Grafana dashboard${where}: ${what}; pass a dashboard exported from Grafana`);
}
