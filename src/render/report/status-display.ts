import type { PanelFinding } from '../../analyses/dashboard-report.js';

/** A panel's status as the page colours it: `lazy` split by when the metric appears, and panels with nothing to check. */
export type DisplayStatus =
  | 'ok'
  | 'external'
  | 'not-deployed'
  | 'lazy-never-used'
  | 'lazy-error-path'
  | 'lazy-first-use'
  | 'lazy-unknown'
  | 'no-series-yet'
  | 'removed'
  | 'unknown'
  | 'query-problem'
  | 'query-error'
  | 'not-checked';

/** The legend's order: the causes of No data first, then the delays, then what has data. */
export const STATUS_DISPLAY: readonly DisplayStatus[] = [
  'not-deployed',
  'removed',
  'lazy-never-used',
  'query-problem',
  'query-error',
  'unknown',
  'lazy-error-path',
  'lazy-first-use',
  'lazy-unknown',
  'no-series-yet',
  'ok',
  'external',
  'not-checked',
];

const LABELS: Readonly<Record<DisplayStatus, string>> = {
  ok: 'ok',
  external: 'external exporter',
  'not-deployed': 'not deployed',
  'lazy-never-used': 'lazy: never used',
  'lazy-error-path': 'lazy: after first error',
  'lazy-first-use': 'lazy: at first use',
  'lazy-unknown': 'lazy: undetermined',
  'no-series-yet': 'no series yet',
  removed: 'removed',
  unknown: 'unknown metric',
  'query-problem': 'query cannot match',
  'query-error': 'query error',
  'not-checked': 'no Prometheus query',
};

export function statusLabel(status: DisplayStatus): string {
  return LABELS[status];
}

export function displayStatusOf(finding: PanelFinding | null): DisplayStatus {
  if (finding === null) return 'not-checked';
  if (finding.status === 'lazy') return `lazy-${finding.registration ?? 'unknown'}`;
  return finding.status;
}

/** As the root-cause summary counts panels: certain No data, No data for a while, or data. */
export function noDataOf(status: DisplayStatus): 'certain' | 'until-first-use' | 'no' | 'not-checked' {
  switch (status) {
    case 'ok':
    case 'external':
      return 'no';
    case 'not-checked':
      return 'not-checked';
    case 'lazy-error-path':
    case 'lazy-first-use':
    case 'lazy-unknown':
    case 'no-series-yet':
      return 'until-first-use';
    default:
      return 'certain';
  }
}
