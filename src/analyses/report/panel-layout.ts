import type { Dashboard } from '../../dashboards/grafana.js';
import type { Panel } from '../../dashboards/grafana-panels.js';
import type { DashboardReport, PanelFinding } from '../dashboard-report.js';
import type { LayoutRow, PlacedPanel } from './incident-report.js';

/** Grafana's grid is 24 columns wide. */
export const GRID_COLUMNS = 24;
/** A panel without `gridPos` (the legacy `rows[]` layout) gets this size, three to a line. */
const FALLBACK = { w: 8, h: 6 } as const;
/** Taller panels are drawn this tall: a 500-unit panel would push everything else off the page. */
const MAX_HEIGHT = 40;

/**
 * The panels as Grafana places them: one section per row (a collapsed row keeps the positions its
 * panels had when open, so each row is laid out on its own), `gridPos` relative to the row's top.
 */
export function layoutPanels(dashboard: Dashboard, findings: DashboardReport, evidence: ReadonlyMap<string, readonly string[]> = new Map()): LayoutRow[] {
  const byPath = new Map<string, PanelFinding>(findings.panels.map((p) => [p.path, p]));
  const rows: { title: string | null; panels: { panel: Panel; index: number }[] }[] = [];
  dashboard.panels.forEach((panel, index) => {
    const last = rows[rows.length - 1];
    if (last && last.title === panel.row) last.panels.push({ panel, index });
    else rows.push({ title: panel.row, panels: [{ panel, index }] });
  });
  return rows.map((row) => placeRow(row.title, row.panels, byPath, evidence));
}

function placeRow(
  title: string | null,
  panels: readonly { panel: Panel; index: number }[],
  byPath: ReadonlyMap<string, PanelFinding>,
  evidence: ReadonlyMap<string, readonly string[]>,
): LayoutRow {
  const positioned = panels.filter((p) => p.panel.gridPos !== null);
  const top = Math.min(...positioned.map((p) => whole(p.panel.gridPos?.y ?? 0, 0)));
  const placed: PlacedPanel[] = [];
  let bottom = 0;
  for (const { panel, index } of positioned) {
    const pos = panel.gridPos as NonNullable<Panel['gridPos']>;
    const x = Math.min(whole(pos.x, 0), GRID_COLUMNS - 1);
    const w = Math.min(Math.max(whole(pos.w, FALLBACK.w), 1), GRID_COLUMNS - x);
    const y = whole(pos.y, top) - top;
    const h = Math.min(Math.max(whole(pos.h, FALLBACK.h), 1), MAX_HEIGHT);
    placed.push(placedPanel(panel, index, { x, y, w, h }, byPath, evidence));
    bottom = Math.max(bottom, y + h);
  }
  // Panels without a position follow the placed ones, three to a line, in document order.
  const unplaced = panels.filter((p) => p.panel.gridPos === null);
  const start = bottom;
  unplaced.forEach(({ panel, index }, i) => {
    const perLine = GRID_COLUMNS / FALLBACK.w;
    const y = start + Math.floor(i / perLine) * FALLBACK.h;
    placed.push(placedPanel(panel, index, { x: (i % perLine) * FALLBACK.w, y, w: FALLBACK.w, h: FALLBACK.h }, byPath, evidence));
    bottom = Math.max(bottom, y + FALLBACK.h);
  });
  placed.sort((a, b) => a.y - b.y || a.x - b.x || a.index - b.index);
  return { title, height: bottom, panels: placed };
}

function placedPanel(
  panel: Panel,
  index: number,
  pos: { x: number; y: number; w: number; h: number },
  byPath: ReadonlyMap<string, PanelFinding>,
  evidence: ReadonlyMap<string, readonly string[]>,
): PlacedPanel {
  return { index, title: panel.title, type: panel.type, path: panel.path, ...pos, finding: byPath.get(panel.path) ?? null, evidence: evidence.get(panel.path) ?? [] };
}

/** A grid coordinate from a JSON number that may be fractional, negative, huge or NaN. */
function whole(value: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.max(0, Math.min(Math.round(value), 100_000));
}
