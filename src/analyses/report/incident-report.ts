import type { Dashboard } from '../../dashboards/grafana.js';
import type { IndexView } from '../../history/index-queries.js';
import type { DashboardReport, PanelFinding } from '../dashboard-report.js';
import type { Explanation, RefPoint } from '../explain.js';
import type { MetricHistory } from '../metric-history.js';
import type { RootCauseSummary } from '../root-cause.js';
import type { StartupEntry, StartupReport } from '../startup-status.js';

/** What one incident report is assembled from: the analyses a command already ran, and the index. */
export interface ReportInput {
  readonly view: IndexView;
  readonly tips: readonly RefPoint[];
  readonly deployed: RefPoint;
  readonly mainline: RefPoint | null;
  readonly startup: StartupReport;
  readonly dashboard: { readonly source: Dashboard; readonly findings: DashboardReport; readonly summary: RootCauseSummary } | null;
  /** `--metric`, as given. */
  readonly metrics: readonly string[];
  /**
   * Lines of outside evidence per panel path (what Prometheus said about its queries, say): shown
   * under the panel's explanation. Empty when nothing was asked.
   */
  readonly evidence?: ReadonlyMap<string, readonly string[]>;
}

export interface IncidentReport {
  readonly deployed: RefPoint;
  readonly defaultBranch: string | null;
  readonly dashboard: DashboardSection | null;
  /** Every metric the report mentions: `--metric` first, in the order given, then the dashboard's by name. */
  readonly metrics: readonly MetricSection[];
  /** One picture per set of refs that have metrics the deployed ref lacks. */
  readonly branches: readonly BranchPicture[];
  /** Lazily held metrics the report mentions, as start-up analysis sees them at the deployed ref. */
  readonly startup: readonly StartupItem[];
}

export interface DashboardSection {
  readonly title: string | null;
  readonly findings: DashboardReport;
  readonly summary: RootCauseSummary;
  /** The panels as Grafana lays them out, one section per row. */
  readonly rows: readonly LayoutRow[];
}

export interface LayoutRow {
  /** The row's title; null for panels above the first row. */
  readonly title: string | null;
  /** In grid units (Grafana's 24 columns wide; one unit of height is 30 px there). */
  readonly height: number;
  readonly panels: readonly PlacedPanel[];
}

export interface PlacedPanel {
  /** Position of the panel among the dashboard's panels: stable, and unique where titles are not. */
  readonly index: number;
  readonly title: string;
  readonly type: string;
  readonly path: string;
  /** Relative to the row: `y` 0 is the row's first line. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Null for a panel with no Prometheus query (text, logs): nothing to check. */
  readonly finding: PanelFinding | null;
  readonly evidence: readonly string[];
}

export interface MetricSection {
  readonly query: string;
  /** Named with `--metric`, not only used by the dashboard. */
  readonly requested: boolean;
  readonly explanation: Explanation;
  readonly history: MetricHistory;
}

export interface BranchPicture {
  /** The metrics the deployed ref lacks that these refs have, by name. */
  readonly metrics: readonly string[];
  readonly deployed: RefPoint;
  /** Advice order (default branch, newer releases, other branches), at most LANES_SHOWN. */
  readonly lanes: readonly Lane[];
  /** Refs with the same metrics that got no lane. */
  readonly moreRefs: readonly string[];
}

export interface Lane {
  readonly ref: string;
  readonly commit: string;
  /** Commits on the ref that the deployed ref lacks, and the reverse. */
  readonly ahead: number;
  readonly behind: number;
  readonly mergeBase: string | null;
  /** Oldest first. */
  readonly marks: readonly LaneMark[];
}

export interface LaneMark {
  readonly kind: 'introduced' | 'merged';
  readonly commit: string;
  /** 1 for the first commit after the merge-base, `ahead` for the ref's tip. */
  readonly position: number;
  readonly metrics: readonly string[];
}

export interface StartupItem {
  readonly metric: string;
  readonly entry: StartupEntry;
}
