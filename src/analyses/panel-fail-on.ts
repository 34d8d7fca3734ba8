import { UsageError } from '../errors.js';
import type { PanelStatusKind } from './metric-status.js';

const FAILABLE: readonly PanelStatusKind[] = ['not-deployed', 'lazy', 'removed', 'unknown', 'no-series-yet', 'query-problem', 'query-error'];

/** `dashboard --fail-on`: the panel statuses that make the exit code 1; `none` for a report that never fails. */
export function parsePanelFailOn(value: string | undefined): Set<PanelStatusKind> {
  if (value === undefined) return new Set(FAILABLE);
  const kinds = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (kinds.length === 1 && kinds[0] === 'none') return new Set();
  for (const kind of kinds) {
    if (!(FAILABLE as readonly string[]).includes(kind)) {
      throw new UsageError(`--fail-on: unknown status '${kind}'; use a comma-separated list of ${FAILABLE.join(', ')}, or none`);
    }
  }
  return new Set(kinds as PanelStatusKind[]);
}
