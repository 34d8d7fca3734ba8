import { dashboardReport } from '../analyses/dashboard-report.js';
import { parsePanelFailOn } from '../analyses/panel-fail-on.js';
import { rootCauses } from '../analyses/root-cause.js';
import { checkScrape } from '../analyses/scrape-check.js';
import { parseExposition } from '../dashboards/exposition.js';
import { readGrafanaDashboard } from '../dashboards/grafana.js';
import type { DashboardNote } from '../dashboards/grafana-targets.js';
import { readScrape, type ScrapeLimits } from '../dashboards/read-scrape.js';
import { indexRecordingRules } from '../dashboards/rules.js';
import { EXIT_FINDINGS, UsageError } from '../errors.js';
import { resolveCommit } from '../git/repo.js';
import type { Io } from '../io.js';
import { readInputFile } from '../dashboards/input-file.js';
import { renderDashboardJson } from '../render/dashboard-json.js';
import { renderDashboardMarkdown } from '../render/dashboard-markdown.js';
import { renderDashboardText } from '../render/dashboard-text.js';
import { chooseFormat } from './range-diff.js';
import { tableStyle } from './table-style.js';
import { readDashboardSettings } from '../dashboards/dashboard-settings.js';
import { dashboardPrometheus } from './dashboard-prometheus.js';
import { withOpenedRepository } from './repository-run.js';
import { startupWithProgress } from './startup-run.js';
import { dependenciesAt } from '../history/dependencies-at.js';
import { readRuleFiles } from './rule-files.js';
import { AUTO, buildInfoSeries, deploymentOf, prometheusSource, resolveBuildInfo, type PrometheusCommandOptions } from './prometheus-source.js';

export interface DashboardCommandOptions extends PrometheusCommandOptions {
  readonly dashboard: string;
  /** A ref, or `auto` (with --prometheus) to read it from `*_build_info` series. */
  readonly deployed: string;
  readonly repo: string;
  readonly scrape?: string;
  readonly rules: readonly string[];
  readonly failOn?: string;
  /** `--only-refs`: index only these refs (see RefSelection). */
  readonly onlyRefs?: readonly string[];
  readonly json: boolean;
  /** `--format`: table (default), markdown or json (`--json` is json). */
  readonly format?: string;
  /** Time and size limits for a `--scrape` URL; tests pass small ones. */
  readonly scrapeLimits?: ScrapeLimits;
}

export async function runDashboard(options: DashboardCommandOptions, io: Io): Promise<number> {
  const failOn = parsePanelFailOn(options.failOn);
  const format = chooseFormat(['table', 'markdown', 'json'] as const, options.format, options.json, 'table');
  const dashboardText = await readInputFile(options.dashboard, io.cwd);
  const dashboard = readGrafanaDashboard(dashboardText, options.dashboard);
  const settings = readDashboardSettings(dashboardText);
  const source = prometheusSource(options, io.env, settings.timeFrom);
  if (options.deployed === AUTO && !source) throw new UsageError('--deployed auto reads the revision from Prometheus: give --prometheus URL too');
  const ruleFiles = await readRuleFiles(options.rules, io.cwd);
  const rules = ruleFiles.length > 0 ? indexRecordingRules(ruleFiles) : null;
  const exposition = options.scrape ? parseExposition(await readScrape(options.scrape, io.cwd, options.scrapeLimits, io.env)) : null;

  // Asked before the index is built, so an unreachable server fails the run at once.
  if (source) await source.client.serverVersion();
  const buildInfo = source && options.deployed === AUTO ? await buildInfoSeries(source, options.buildInfo ?? null) : null;

  return withOpenedRepository(options.repo, io, async (opened) => {
    const running = buildInfo ? await resolveBuildInfo(opened.repo, buildInfo) : null;
    const given = running ? null : await resolveCommit(opened.repo, options.deployed);
    const extraCommits = running ? running.flatMap((r) => (r.commit ? [r.commit] : [])) : [given as string];
    const indexed = await opened.index({ extraCommits, onlyRefs: options.onlyRefs ?? [] });
    const deployment = running && source ? await deploymentOf(source, running, indexed) : null;
    const deployed = deployment?.chosen ?? { ref: options.deployed, commit: given as string };
    const analysed = await startupWithProgress(opened, io, deployed.commit, { includeTests: true, named: deployed.ref });
    const startup = { ...deployed, ...analysed.analysis };
    const dependencies = await dependenciesAt(opened.repo, deployed.commit, deployed.ref, opened.context.blobs);
    const codeReport = dashboardReport(dashboard, { view: indexed.view, tips: indexed.tips, deployed, startup, dependencies }, rules);
    const prometheus = source
      ? await dashboardPrometheus(source, { dashboard, settings, rules, report: codeReport, view: indexed.view, defaultBranch: indexed.mainline?.ref ?? null, deployment })
      : null;
    const report = prometheus?.evidence.report ?? codeReport;
    const summary = rootCauses(report, (c) => indexed.view.order(c), indexed.mainline?.ref ?? null);
    const scrape = exposition ? checkScrape(exposition, report, indexed.view, indexed.tips, deployed) : null;
    const mentioned = report.metrics.flatMap((m) =>
      m.status.kind === 'not-deployed' ? m.status.introducedBy : m.status.kind === 'removed' && m.status.removedBy ? [m.status.removedBy] : [],
    );
    const infos = await indexed.describeCommits(mentioned);
    if (format === 'markdown') io.stdout(renderDashboardMarkdown(report, summary, scrape, infos, prometheus));
    else io.stdout(format === 'json' ? renderDashboardJson(report, summary, scrape, infos, prometheus) : renderDashboardText(report, summary, scrape, infos, tableStyle(io), prometheus));
    for (const note of dashboard.notes) io.stderr(`note: ${noteText(note)}\n`);
    if (report.prometheusTargets === 0) io.stderr(`note: ${options.dashboard} has no Prometheus queries; nothing to check\n`);
    for (const w of exposition?.warnings ?? []) io.stderr(`warning: --scrape line ${w.line}: ${w.message}\n`);
    for (const w of source?.client.warnings ?? []) io.stderr(`warning: --prometheus: ${w}\n`);
    for (const note of startup.notes) io.stderr(`note: ${note}\n`);
    for (const w of [...indexed.warnings, ...analysed.pathWarnings, ...dependencies.warnings]) io.stderr(`warning: ${w}\n`);
    return report.panels.some((p) => failOn.has(p.status)) ? EXIT_FINDINGS : 0;
  });
}

function noteText(note: DashboardNote): string {
  switch (note.kind) {
    case 'non-prometheus-target':
      return `panel "${note.panelTitle}" target ${note.refId}: skipped (${note.reason})`;
    case 'empty-expr':
      return `panel "${note.panelTitle}" target ${note.refId}: empty query, skipped`;
    case 'library-panel':
      return `panel "${note.panelTitle}" is library panel ${note.name} (${note.uid}), which the export does not include: skipped`;
  }
}
