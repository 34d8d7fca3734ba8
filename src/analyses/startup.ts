import type { CrateInfo } from '../model/crate-layout.js';
import { holderPath, type MetricDefinition } from '../model/metric.js';
import { StartupGraph, type FnNode, type StartupFile } from './startup-graph.js';
import type { SourceSite, StartupEntry, StartupStatus } from './startup-status.js';
import { usesByStatic, type UseSite } from './startup-uses.js';
import { walkFrom, type StartupWalk } from './startup-walk.js';

export type { StartupFile } from './startup-graph.js';

export interface StartupAnalysis {
  readonly entries: StartupEntry[];
  readonly notes: string[];
}

/**
 * Whether each lazily held metric is registered when the process starts: some touch of its static on a
 * path of calls from the `fn main` of a binary that links its crate. Otherwise the uses decide: none
 * (never registered), only in error handling, or on a normal path (registered at first use). Calls
 * resolve by name (see StartupGraph); where that cannot decide, the status is `unknown` with the
 * reason rather than a guess.
 */
export function analyzeStartup(metrics: readonly MetricDefinition[], files: readonly StartupFile[], crates: readonly CrateInfo[] = []): StartupAnalysis {
  const graph = new StartupGraph(files, crates);
  const binaries: Binary[] = graph.entries().map((entry) => ({ entry, walk: walkFrom(graph, [entry]) }));
  const usesOf = usesByStatic(graph);
  const notes: string[] = [];
  const noted = new Set<string>();
  const entries: StartupEntry[] = [];
  for (const metric of metrics) {
    // The static to follow sits where the metric is registered (a collector registered in another crate's `Once`).
    const crateKey = graph.fileCrate.get(holderPath(metric));
    const key = crateKey === undefined || metric.static === null ? null : `${crateKey}|${metric.static}`;
    const linking = crateKey === undefined ? [] : binaries.filter((b) => graph.reaches(b.entry.crateKey, crateKey));
    const labelValuesAtStartup = metric.vec && key !== null ? linking.some((b) => b.walk.labelled.has(key)) : null;
    const roots = [...new Set(linking.map((b) => b.entry.path))].sort();
    if (metric.holder === 'eager') {
      entries.push({ metric, status: { kind: 'eager' }, labelValuesAtStartup, binaries: roots });
      continue;
    }
    if (crateKey !== undefined && !noted.has(crateKey) && !linking.some((b) => b.entry.crateKey === crateKey)) {
      noted.add(crateKey);
      notes.push(libraryNote(holderCrateName(metric, crateKey, graph), linking));
    }
    const status = statusOf(metric, { graph, crateKey, key, linking, usesOf });
    entries.push({ metric, status, labelValuesAtStartup, binaries: roots });
  }
  return { entries, notes };
}

interface Binary {
  readonly entry: FnNode;
  readonly walk: StartupWalk;
}

/** The crate whose static holds the metric: the metric's own, unless it is registered from another crate. */
function holderCrateName(metric: MetricDefinition, crateKey: string, graph: StartupGraph): string {
  if (crateKey === '?') return 'the files outside any crate';
  return (metric.registeredAt === undefined ? metric.crate : null) ?? graph.crateName(crateKey) ?? crateKey;
}

function libraryNote(name: string, linking: readonly Binary[]): string {
  if (linking.length === 0) {
    return `crate ${name} has no fn main and no binary of this repository depends on it: whether its lazy statics are registered depends on the binary that links it`;
  }
  return `crate ${name} has no fn main: its statics were followed from the mains of the binaries that depend on it (${[...new Set(linking.map((b) => b.entry.path))].sort().join(', ')})`;
}

interface MetricContext {
  readonly graph: StartupGraph;
  readonly crateKey: string | undefined;
  readonly key: string | null;
  readonly linking: readonly Binary[];
  readonly usesOf: ReadonlyMap<string, UseSite[]>;
}

function statusOf(metric: MetricDefinition, context: MetricContext): StartupStatus {
  const { graph, crateKey, key, linking } = context;
  if (crateKey === undefined) return { kind: 'unknown', reason: `${holderPath(metric)} is not in a library or binary target (or could not be read), so no start-up path reaches it` };
  if (key === null) return { kind: 'unknown', reason: `held by a ${metric.holder} without a static name to follow` };
  for (const { entry, walk } of linking) {
    const forced = (metric.holder === 'OnceLock' ? walk.filled : walk.forced).get(key);
    if (forced) return { kind: 'forced', chain: forced.chain, site: forced.site, binary: entry.path };
  }
  const all = context.usesOf.get(key) ?? [];
  const uses = metric.holder === 'OnceLock' ? all.filter((u) => u.how === 'get-or-init') : all;
  if (linking.length === 0) {
    return { kind: 'unknown', reason: `no binary of this repository depends on crate ${holderCrateName(metric, crateKey, graph)}; the binary that links it decides` };
  }
  // With no use, or only error-handling uses, nothing a start-up path could reach registers it: doubts about the walk do not matter.
  if (uses.length === 0) return { kind: 'never-used' };
  const normal = uses.filter((u) => !u.errorPath);
  if (normal.length === 0) return { kind: 'error-path', uses: uses.map(siteOnly) };
  const undetermined = linking.flatMap(({ entry, walk }) => {
    const reason = doubtOf(walk, graph, crateKey, metric);
    return reason === null ? [] : [{ binary: entry.path, reason }];
  });
  const decided = new Set(linking.map((b) => b.entry.path).filter((path) => !undetermined.some((u) => u.binary === path)));
  // A binary whose walk is complete decides; the others are named, not guessed.
  if (decided.size === 0) return { kind: 'unknown', reason: (undetermined[0] as { reason: string }).reason };
  return { kind: 'first-use', uses: normal.map(siteOnly), undetermined };
}

/** Why one binary's walk cannot rule out that start-up code forces the metric, or null. */
function doubtOf(walk: StartupWalk, graph: StartupGraph, crateKey: string, metric: MetricDefinition): string | null {
  const key = `${crateKey}|${metric.static ?? ''}`;
  const suspect = walk.maybe.get(key);
  if (suspect) return suspect.reason;
  // A call that could not be resolved in a crate that cannot name this crate cannot touch its statics.
  for (const [failedIn, call] of walk.unresolved) {
    if (graph.reaches(failedIn, crateKey)) return `the start-up path calls ${call}, which could not be resolved and may touch ${metric.static}`;
  }
  return null;
}

function siteOnly(site: UseSite): SourceSite {
  return { path: site.path, line: site.line, function: site.function };
}
