/**
 * The `--prometheus` options as commands take them, and what can be checked of them without a
 * client: kept apart from the client, which commands load only when `--prometheus` is given.
 */
import type { HttpLimits } from '../dashboards/http-fetch.js';
import { UsageError } from '../errors.js';

export interface PrometheusCommandOptions {
  readonly prometheus?: string;
  /** `--header 'Name: value'` (repeatable); `${VAR}` in a value is read from the environment. */
  readonly header?: readonly string[];
  readonly since?: string;
  readonly job?: string;
  readonly buildInfo?: string;
  /** Time and size limits of each request; tests pass small ones. */
  readonly prometheusLimits?: HttpLimits;
}

/** `--deployed auto`: read the revision from Prometheus. */
export const AUTO = 'auto';

/** The options that only mean something with `--prometheus`, refused without it. */
export function rejectPrometheusOnlyOptions(options: PrometheusCommandOptions): void {
  for (const [flag, given] of [['--header', (options.header ?? []).length > 0], ['--since', options.since !== undefined], ['--job', options.job !== undefined], ['--build-info', options.buildInfo !== undefined]] as const) {
    if (given) throw new UsageError(`${flag} applies to --prometheus; give --prometheus URL too`);
  }
}
