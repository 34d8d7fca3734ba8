import { catalogQueries } from '../analyses/query-usage.js';
import { releaseNotes } from '../analyses/release-notes.js';
import { readGrafanaDashboard } from '../dashboards/grafana.js';
import { readInputFile } from '../dashboards/input-file.js';
import type { Io } from '../io.js';
import { renderReleaseNotesJson } from '../render/release-notes-json.js';
import { renderReleaseNotesMarkdown } from '../render/release-notes-markdown.js';
import { chooseFormat, commitDisplay, diffRange } from './range-diff.js';
import { withOpenedRepository } from './repository-run.js';
import { readRuleFiles } from './rule-files.js';

export interface ReleaseNotesCommandOptions {
  /** `['A..B']`, `['A...B']` or `[A, B]`. */
  readonly revisions: readonly string[];
  readonly repo: string;
  readonly commitUrl?: string;
  readonly dashboards?: readonly string[];
  readonly rules?: readonly string[];
  readonly format?: string;
  readonly json?: boolean;
}

export async function runReleaseNotes(options: ReleaseNotesCommandOptions, io: Io): Promise<number> {
  const format = chooseFormat(['markdown', 'json'] as const, options.format, options.json ?? false, 'markdown');
  // Read the inputs first: a bad dashboard should fail before minutes of indexing.
  const dashboards = await Promise.all((options.dashboards ?? []).map(async (file) => readGrafanaDashboard(await readInputFile(file, io.cwd), file)));
  const ruleFiles = await readRuleFiles(options.rules ?? [], io.cwd);
  const catalog = dashboards.length + ruleFiles.length > 0 ? catalogQueries(dashboards, ruleFiles) : null;

  return withOpenedRepository(options.repo, io, async (opened) => {
    const ranged = await diffRange(opened, options.revisions);
    const display = await commitDisplay(opened, ranged, options.commitUrl);
    const notes = releaseNotes(ranged.diff, catalog);
    io.stdout(format === 'json' ? renderReleaseNotesJson(notes, display) : renderReleaseNotesMarkdown(notes, display));
    for (const w of ranged.warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  });
}
