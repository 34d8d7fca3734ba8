import { dashboardReport } from '../analyses/dashboard-report.js';
import type { PanelStatusKind } from '../analyses/metric-status.js';
import { rootCauses } from '../analyses/root-cause.js';
import { checkScrape } from '../analyses/scrape-check.js';
import { analyzeStartup } from '../analyses/startup.js';
import { parseExposition } from '../dashboards/exposition.js';
import { readGrafanaDashboard, type DashboardNote } from '../dashboards/grafana.js';
import { readScrape, type ScrapeLimits } from '../dashboards/read-scrape.js';
import { indexRecordingRules, readRuleFile, type RuleFile } from '../dashboards/rules.js';
import { EXIT_FINDINGS, UsageError } from '../errors.js';
import { resolveCommit } from '../git/repo.js';
import { openAnalysis } from '../history/analysis-context.js';
import { describeCommits } from '../history/commit-summaries.js';
import { dependenciesAt } from '../history/dependencies-at.js';
import { indexedRepository } from '../history/indexed-refs.js';
import { snapshotAt } from '../history/snapshot.js';
import type { Io } from '../io.js';
import { readInputFile } from './input-file.js';
import { renderDashboardJson, renderDashboardText } from '../render/dashboard.js';
import { indexProgress } from './progress.js';
import { startupSourcesOf } from './startup-files.js';
import { tableStyle } from './table-style.js';

export interface DashboardCommandOptions {
  readonly dashboard: string;
  readonly deployed: string;
  readonly repo: string;
  readonly scrape?: string;
  readonly rules: readonly string[];
  readonly failOn?: string;
  /** `--only-refs`: index only these refs (see RefSelection). */
  readonly onlyRefs?: readonly string[];
  readonly json: boolean;
  /** Time and size limits for a `--scrape` URL; tests pass small ones. */
  readonly scrapeLimits?: ScrapeLimits;
}

const FAILABLE: readonly PanelStatusKind[] = ['not-deployed', 'lazy', 'removed', 'unknown', 'no-series-yet', 'query-problem', 'query-error'];

/** `--fail-on`: the panel statuses that make the exit code 1; `none` for a report that never fails. */
export function parseFailOn(value: string | undefined): Set<PanelStatusKind> {
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


export async function runDashboard(options: DashboardCommandOptions, io: Io): Promise<number> {
  const failOn = parseFailOn(options.failOn);
  const dashboard = readGrafanaDashboard(await readInputFile(options.dashboard, io.cwd), options.dashboard);
  const ruleFiles: RuleFile[] = [];
  for (const file of options.rules) ruleFiles.push(readRuleFile(await readInputFile(file, io.cwd), file));
  const rules = ruleFiles.length > 0 ? indexRecordingRules(ruleFiles) : null;
  const exposition = options.scrape ? parseExposition(await readScrape(options.scrape, options.scrapeLimits)) : null;

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
    const dependencies = await dependenciesAt(context.repo, deployedCommit, options.deployed, context.blobs);
    const report = dashboardReport(dashboard, { view: indexed.view, tips: indexed.tips, deployed, startup, dependencies }, rules);
    const summary = rootCauses(report, (c) => indexed.view.order(c), indexed.mainline?.ref ?? null);
    const scrape = exposition ? checkScrape(exposition, report, indexed.view, indexed.tips, deployed) : null;
    const mentioned = report.metrics.flatMap((m) =>
      m.status.kind === 'not-deployed' ? m.status.introducedBy : m.status.kind === 'removed' && m.status.removedBy ? [m.status.removedBy] : [],
    );
    const infos = await describeCommits(context.repo, indexed.view, mentioned);
    io.stdout(options.json ? renderDashboardJson(report, summary, scrape, infos) : renderDashboardText(report, summary, scrape, infos, tableStyle(io)));
    for (const note of dashboard.notes) io.stderr(`note: ${noteText(note)}\n`);
    if (report.prometheusTargets === 0) io.stderr(`note: ${options.dashboard} has no Prometheus queries; nothing to check\n`);
    for (const w of exposition?.warnings ?? []) io.stderr(`warning: --scrape line ${w.line}: ${w.message}\n`);
    for (const note of startup.notes) io.stderr(`note: ${note}\n`);
    for (const w of [...context.warnings, ...indexed.warnings, ...sources.warnings, ...dependencies.warnings]) io.stderr(`warning: ${w}\n`);
    return report.panels.some((p) => failOn.has(p.status)) ? EXIT_FINDINGS : 0;
  } finally {
    await context.close();
  }
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
