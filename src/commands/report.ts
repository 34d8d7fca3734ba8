import { writeFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { dashboardReport } from '../analyses/dashboard-report.js';
import { buildIncidentReport, commitsInReport } from '../analyses/report/build-report.js';
import { rootCauses } from '../analyses/root-cause.js';
import { readDashboardSettings } from '../dashboards/dashboard-settings.js';
import { readGrafanaDashboard } from '../dashboards/grafana.js';
import { readInputFile } from '../dashboards/input-file.js';
import { InputFileError, InvalidMetricNameError, UsageError } from '../errors.js';
import { originUrl } from '../git/origin-url.js';
import { commitUrlTemplate } from '../git/remote-url.js';
import { resolveCommit } from '../git/repo.js';
import type { Io } from '../io.js';
import { isAskableMetricName } from '../model/naming.js';
import { renderReportHtml } from '../render/report/html-page.js';
import { renderReportJson, reportData } from '../render/report/report-data.js';
import { dashboardPrometheus } from './dashboard-prometheus.js';
import { withOpenedRepository } from './repository-run.js';
import { startupWithProgress } from './startup-run.js';
import { dependenciesAt } from '../history/dependencies-at.js';
import { AUTO, prometheusSource, type PrometheusCommandOptions } from './prometheus-source.js';

export interface ReportCommandOptions extends PrometheusCommandOptions {
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
  const dashboardText = options.dashboard === undefined ? null : await readInputFile(options.dashboard, io.cwd);
  const source = dashboardText === null ? null : readGrafanaDashboard(dashboardText, options.dashboard as string);
  const settings = dashboardText === null ? null : readDashboardSettings(dashboardText);
  if (options.prometheus !== undefined && settings === null) throw new UsageError('--prometheus checks the panels of a dashboard: give --dashboard FILE too');
  if (options.deployed === AUTO) throw new UsageError('report needs the deployed revision itself: give --deployed REF (dashboard --deployed auto finds it from Prometheus)');
  if (options.buildInfo !== undefined) throw new UsageError('--build-info applies to --deployed auto, which report does not take; run dashboard --deployed auto to find the revision');
  const prometheus = prometheusSource(options, io.env, settings?.timeFrom ?? null);
  // Asked before the index is built, so an unreachable server fails the run at once.
  if (prometheus) await prometheus.client.serverVersion();

  return withOpenedRepository(options.repo, io, async (opened) => {
    const deployedCommit = await resolveCommit(opened.repo, options.deployed);
    const indexed = await opened.index({ extraCommits: [deployedCommit], onlyRefs: options.onlyRefs ?? [] });
    const deployed = { ref: options.deployed, commit: deployedCommit };
    const analysed = await startupWithProgress(opened, io, deployedCommit, { includeTests: true, named: options.deployed });
    const startup = { ref: options.deployed, commit: deployedCommit, ...analysed.analysis };
    const warnings = [...indexed.warnings, ...analysed.pathWarnings];
    let dashboard = null;
    const evidence = new Map<string, readonly string[]>();
    if (source) {
      const dependencies = await dependenciesAt(opened.repo, deployedCommit, options.deployed, opened.context.blobs);
      warnings.push(...dependencies.warnings);
      const codeFindings = dashboardReport(source, { view: indexed.view, tips: indexed.tips, deployed, startup, dependencies }, null);
      const asked =
        prometheus && settings
          ? await dashboardPrometheus(prometheus, { dashboard: source, settings, rules: null, report: codeFindings, view: indexed.view, defaultBranch: indexed.mainline?.ref ?? null, deployment: null })
          : null;
      const findings = asked?.evidence.report ?? codeFindings;
      for (const panel of asked?.evidence.panels ?? []) evidence.set(panel.path, panel.evidence.map((e) => e.text));
      for (const w of prometheus?.client.warnings ?? []) warnings.push(`--prometheus: ${w}`);
      const summary = rootCauses(findings, (c) => indexed.view.order(c), indexed.mainline?.ref ?? null);
      dashboard = { source, findings, summary };
    }
    const report = buildIncidentReport({ view: indexed.view, tips: indexed.tips, deployed, mainline: indexed.mainline, startup, dashboard, metrics: options.metric, evidence });
    const infos = await indexed.describeCommits(commitsInReport(report));
    const origin = await originUrl(opened.repo);
    const data = reportData(report, infos, origin === null ? null : commitUrlTemplate(origin));

    if (options.out !== undefined) writeReport(path.resolve(io.cwd, options.out), renderReportHtml(data));
    if (options.json) io.stdout(renderReportJson(data));
    else if (options.out === undefined) io.stdout(renderReportHtml(data));
    else io.stderr(`wrote ${options.out}\n`);
    for (const note of source?.notes ?? []) if (note.kind === 'library-panel') io.stderr(`note: panel "${note.panelTitle}" is library panel ${note.name}, which the export does not include: skipped\n`);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  });
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
