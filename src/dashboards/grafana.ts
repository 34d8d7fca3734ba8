/** Panels and Prometheus queries of a Grafana dashboard JSON: an export, an API envelope, or the legacy `rows[]` layout. */
import { InputFileError } from '../errors.js';
import { datasourceInputsOf } from './grafana-datasources.js';
import { describe, isObject, parseJson, shapeError, type JsonObject } from './grafana-json.js';
import { libraryModelsOf, readPanels, type Panel } from './grafana-panels.js';
import type { DashboardNote } from './grafana-targets.js';
import { readVariables, withDatasourceVariables, type DashboardVariable } from './grafana-variables.js';

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
  const read = readPanels(dashboard, prefix, {
    file,
    datasourceVariables: withDatasourceVariables(inputs, variables),
    libraryModels: libraryModelsOf(root.__elements),
  });

  return {
    file,
    uid: typeof dashboard.uid === 'string' ? dashboard.uid : null,
    title: typeof dashboard.title === 'string' ? dashboard.title : null,
    panels: read.panels,
    variables,
    notes: read.notes,
    prometheusTargetCount: read.targetCount,
  };
}
