/** A dashboard's panels, walked through rows, nested panels and library panels, in document order. */
import { InputFileError } from '../errors.js';
import { resolveDatasource } from './grafana-datasources.js';
import { expectArray, expectObject, isObject, type Json, type JsonObject } from './grafana-json.js';
import { readTarget, type DashboardNote, type PanelTarget, type TargetContext } from './grafana-targets.js';

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

/** What the panels are read against: the dashboard's datasource types and its inlined library panels. */
export interface PanelSources {
  readonly file: string;
  /** Datasource variables and `__inputs` → plugin type. */
  readonly datasourceVariables: ReadonlyMap<string, string>;
  readonly libraryModels: ReadonlyMap<string, { readonly model: JsonObject; readonly path: string }>;
}

interface Context extends TargetContext, PanelSources {
  readonly panels: Panel[];
  targetCount: number;
}

/** The panels of `panels` and then of the legacy `rows`, with notes on what was not read as a Prometheus query. */
export function readPanels(
  dashboard: JsonObject,
  prefix: string,
  sources: PanelSources,
): { readonly panels: readonly Panel[]; readonly notes: readonly DashboardNote[]; readonly targetCount: number } {
  const ctx: Context = { ...sources, panels: [], notes: [], targetCount: 0 };
  const panels = dashboard.panels;
  const rows = dashboard.rows;
  if (panels !== undefined) readPanelList(panels, `${prefix}panels`, null, ctx);
  if (rows !== undefined) {
    const list = expectArray(rows, `${prefix}rows`, ctx.file);
    list.forEach((row, i) => {
      const path = `${prefix}rows[${i}]`;
      const obj = expectObject(row, path, ctx.file);
      const title = typeof obj.title === 'string' ? obj.title : null;
      if (obj.panels !== undefined) readPanelList(obj.panels, `${path}.panels`, title, ctx);
    });
  }
  return { panels: ctx.panels, notes: ctx.notes, targetCount: ctx.targetCount };
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

/** Library panel models that "Export for sharing externally" inlines under `__elements`. */
export function libraryModelsOf(elements: Json | undefined): Map<string, { model: JsonObject; path: string }> {
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
