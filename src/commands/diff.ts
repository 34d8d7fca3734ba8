import { failOnHits, FAIL_ON_CATEGORIES, parseChangeFailOn } from '../analyses/change-fail-on.js';
import { EXIT_FINDINGS, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { renderFailOnHits } from '../render/diff-fail-on-hits.js';
import { renderDiffJson } from '../render/diff-json.js';
import { renderDiffMarkdown } from '../render/diff-markdown.js';
import { renderDiffTable } from '../render/diff-table.js';
import { chooseFormat, commitDisplay, diffRange } from './range-diff.js';
import { withOpenedRepository } from './repository-run.js';
import { tableStyle } from './table-style.js';

export interface DiffCommandOptions {
  /** `[A, B]`, `['A..B']` or `['A...B']`. */
  readonly revisions: readonly string[];
  readonly repo: string;
  readonly json: boolean;
  readonly format?: string;
  readonly failOn?: readonly string[];
  readonly commitUrl?: string;
}

export async function runDiff(options: DiffCommandOptions, io: Io): Promise<number> {
  const format = chooseFormat(['table', 'markdown', 'json'] as const, options.format, options.json, 'table');
  const failOn = parseChangeFailOn(options.failOn ?? []);
  if (failOn.unknown.length > 0) {
    throw new UsageError(`unknown --fail-on ${failOn.unknown.join(', ')}; use a comma-separated list of: ${FAIL_ON_CATEGORIES.join(', ')}`);
  }
  return withOpenedRepository(options.repo, io, async (opened) => {
    const ranged = await diffRange(opened, options.revisions);
    const display = await commitDisplay(opened, ranged, options.commitUrl);
    const hits = failOnHits(ranged.diff, failOn.categories);
    const gate = failOn.categories.length > 0 ? { categories: failOn.categories, hits } : null;
    if (format === 'json') io.stdout(renderDiffJson(ranged.diff, display, gate));
    else if (format === 'markdown') io.stdout(renderDiffMarkdown(ranged.diff, display));
    else io.stdout(renderDiffTable(ranged.diff, display.infos, tableStyle(io)));
    for (const w of ranged.warnings) io.stderr(`warning: ${w}\n`);
    io.stderr(renderFailOnHits(hits));
    return hits.length > 0 ? EXIT_FINDINGS : 0;
  });
}
