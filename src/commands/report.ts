import { writeFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { dashboardReport } from '../analyses/dashboard-report.js';
import { buildIncidentReport, commitsInReport } from '../analyses/report/build-report.js';
import { rootCauses } from '../analyses/root-cause.js';
import { analyzeStartup } from '../analyses/startup.js';
import { readGrafanaDashboard } from '../dashboards/grafana.js';
import { InputFileError, InvalidMetricNameError, UsageError } from '../errors.js';
import { originUrl } from '../git/origin-url.js';
import { commitUrlTemplate } from '../git/remote-url.js';
import { resolveCommit } from '../git/repo.js';
import { openAnalysis } from '../history/analysis-context.js';
import { describeCommits } from '../history/commit-summaries.js';
import { dependenciesAt } from '../history/dependencies-at.js';
import { indexedRepository } from '../history/indexed-refs.js';
import { snapshotAt } from '../history/snapshot.js';
import type { Io } from '../io.js';
import { isAskableMetricName } from '../model/naming.js';
import { renderReportHtml } from '../render/report/html-page.js';
import { renderReportJson, reportData } from '../render/report/report-data.js';
import { readInputFile } from './input-file.js';
import { indexProgress } from './progress.js';
import { startupSourcesOf } from './startup-files.js';

export interface ReportCommandOptions {
  readonly deployed: string;
  readonly repo: string;
  readonly dashboard?: string;
  /** `--metric`, repeatable. */
  readonly metric: readonly string[];
  /** Where the page goes; without it, to stdout (unless `--json`). */
  readonly out?: string;
  readonly onlyRefs?: readonly string[];
  readonly json: boolean;
}

/**
 * One self-contained HTML page for an incident (`--out`), and with `--json` the data it is drawn from.
 * A report, not a gate: exit 0 once written (`dashboard --fail-on` and `explain` gate).
 */
export async function runReport(options: ReportCommandOptions, io: Io): Promise<number> {
  if (options.dashboard === undefined && options.metric.length === 0) {
    throw new UsageError('nothing to report on: give --dashboard FILE, --metric NAME, or both');
  }
  for (const metric of options.metric) if (!isAskableMetricName(metric)) throw new InvalidMetricNameError(metric);
  const source = options.dashboard === undefined ? null : readGrafanaDashboard(await readInputFile(options.dashboard, io.cwd), options.dashboard);

  const context = await openAnalysis(options.repo, io.env);
  try {
    const deployedCommit = await resolveCommit(context.repo, options.deployed);
    const progress = indexProgress(io);
    const indexed = await indexedRepository(context, { extraCommits: [deployedCommit], onlyRefs: options.onlyRefs ?? [], onProgress: progress.onProgress });
    progress.done();
    const deployed = { ref: options.deployed, commit: deployedCommit };
    const snapshot = await snapshotAt(context.repo, deployedCommit, context);
    const sources = await startupSourcesOf(context, snapshot);
    const startup = { ref: options.deployed, commit: deployedCommit, ...analyzeStartup(snapshot.metrics, sources.files, sources.crates) };
    const warnings = [...context.warnings, ...indexed.warnings, ...sources.warnings];
    let dashboard = null;
    if (source) {
      const dependencies = await dependenciesAt(context.repo, deployedCommit, options.deployed, context.blobs);
      warnings.push(...dependencies.warnings);
      const findings = dashboardReport(source, { view: indexed.view, tips: indexed.tips, deployed, startup, dependencies }, null);
      const summary = rootCauses(findings, (c) => indexed.view.order(c), indexed.mainline?.ref ?? null);
      dashboard = { source, findings, summary };
    }
    const report = buildIncidentReport({ view: indexed.view, tips: indexed.tips, deployed, mainline: indexed.mainline, startup, dashboard, metrics: options.metric });
    const infos = await describeCommits(context.repo, indexed.view, commitsInReport(report));
    const origin = await originUrl(context.repo);
    const data = reportData(report, infos, origin === null ? null : commitUrlTemplate(origin));

    if (options.out !== undefined) writeReport(path.resolve(io.cwd, options.out), renderReportHtml(data));
    if (options.json) io.stdout(renderReportJson(data));
    else if (options.out === undefined) io.stdout(renderReportHtml(data));
    else io.stderr(`wrote ${options.out}\n`);
    for (const note of source?.notes ?? []) if (note.kind === 'library-panel') io.stderr(`note: panel "${note.panelTitle}" is library panel ${note.name}, which the export does not include: skipped\n`);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  } finally {
    await context.close();
  }
}

/** Through a temporary file and a rename, so a reader never sees half a page. */
function writeReport(file: string, html: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, html);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputFileError(`--out ${file}: cannot write the report (${code})`, 'PROVENANCE_OUTPUT_UNWRITABLE');
  }
}
