import { listMetrics } from '../analyses/list-metrics.js';
import { listWrappers } from '../analyses/list-wrappers.js';
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { snapshotListingAt } from '../history/snapshot.js';
import { globProblem } from '../util/glob.js';
import { withOpenedRepository } from './repository-run.js';
import { tableStyle } from './table-style.js';
import { renderListJson } from '../render/list-json.js';
import { renderListFooter, renderListTable, renderWrappersTable } from '../render/list-table.js';

export interface ListCommandOptions {
  readonly ref: string;
  readonly repo: string;
  readonly path?: string;
  readonly includeTests: boolean;
  readonly json: boolean;
  /** Show the wrapper functions and macros instead of the metrics (JSON always has both). */
  readonly wrappers?: boolean;
  /** Also warn about syntax errors that cannot change the answer. */
  readonly verbose?: boolean;
}

export async function runList(options: ListCommandOptions, io: Io): Promise<number> {
  const problem = options.path === undefined ? null : globProblem(options.path);
  if (problem !== null) throw new UsageError(`--path: ${problem}; use * within a directory, ** across directories, {a,b} for alternatives`);
  return withOpenedRepository(options.repo, io, async (opened) => {
    const { context } = opened;
    const snapshot = await snapshotListingAt(opened.repo, options.ref, { blobs: context.blobs, facts: context.facts, store: context.snapshots, verbose: options.verbose === true });
    const list = listMetrics(
      { ...snapshot, warnings: [...opened.warnings, ...snapshot.warnings] },
      { includeTests: options.includeTests, pathGlob: options.path ?? null },
    );
    const wrappers = listWrappers(snapshot);
    if (options.json) io.stdout(renderListJson(list, wrappers));
    else {
      io.stdout(options.wrappers === true ? renderWrappersTable(wrappers, tableStyle(io)) : renderListTable(list, tableStyle(io)));
      io.stderr(renderListFooter(list));
    }
    return 0;
  });
}
