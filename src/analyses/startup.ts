import type { StaticTouch, TouchKind } from '../extract/startup-facts.js';
import type { MetricDefinition } from '../model/metric.js';
import { StartupGraph, type FnNode, type StartupFile } from './startup-graph.js';
import type { SourceSite, StartupEntry, StartupStatus } from './startup-status.js';

export type { StartupFile } from './startup-graph.js';

export interface StartupAnalysis {
  readonly entries: StartupEntry[];
  readonly notes: string[];
}

/** Touches that exist to initialise the static; they force it wherever they sit on the start-up path. */
const EXPLICIT: ReadonlySet<TouchKind> = new Set(['initialize', 'force', 'deref', 'get-or-init']);

interface Forced {
  readonly chain: readonly string[];
  readonly site: SourceSite;
}

interface Suspect {
  readonly reason: string;
}

/** What the walks from one set of entry points (the `fn main`s of one crate) found. */
interface StartupWalk {
  /** Static key (`crateKey|NAME`) → the first site that forces it. */
  readonly forced: Map<string, Forced>;
  /** The first `get_or_init`: a `OnceLock` is filled there and nowhere else (`X.get()` does not fill it). */
  readonly filled: Map<string, Forced>;
  /** Statics given label values on the start-up path. */
  readonly labelled: Set<string>;
  /** Statics a method call of unknown receiver type may force. */
  readonly maybe: Map<string, Suspect>;
  /** Crates into which a start-up call could not be resolved, with the first such call. */
  readonly unresolved: Map<string, string>;
  /** Crates whose functions or statics the walk reached. */
  readonly reached: Set<string>;
}

type Event = { readonly kind: 'touch'; readonly touch: StaticTouch } | { readonly kind: 'call'; readonly index: number };

function eventsOf(node: FnNode): Event[] {
  const events: (Event & { line: number })[] = [
    ...node.fn.statics.map((touch) => ({ kind: 'touch' as const, touch, line: touch.line })),
    ...node.fn.calls.map((call, index) => ({ kind: 'call' as const, index, line: call.line })),
  ];
  // Program order, roughly: a call on an earlier line runs before a touch on a later one.
  return events.sort((a, b) => a.line - b.line || (a.kind === b.kind ? 0 : a.kind === 'call' ? -1 : 1));
}

function siteOf(node: FnNode, line: number): SourceSite {
  return { path: node.path, line, function: node.label };
}

function callText(node: FnNode, index: number): string {
  const call = node.fn.calls[index];
  if (call === undefined) return '';
  return call.kind === 'path' ? `${call.path.join('::')}()` : `.${call.method}()`;
}

/**
 * Follows the calls of `entries` in program order, depth first. Pass 1 follows only calls that run
 * whenever their function runs, and counts every touch there (a plain `X.inc()` in `main` registers
 * X); pass 2 follows every resolved call and counts only explicit initialisation
 * (`lazy_static::initialize`, `Lazy::force`, `&*X`, `get_or_init`).
 */
function walkFrom(graph: StartupGraph, entries: readonly FnNode[]): StartupWalk {
  const walk: StartupWalk = { forced: new Map(), filled: new Map(), labelled: new Set(), maybe: new Map(), unresolved: new Map(), reached: new Set() };
  const keyOf = (touch: StaticTouch, node: FnNode): string | null => {
    const target = graph.staticOf(touch.path, node);
    return target === null ? null : `${target.crateKey}|${target.name}`;
  };
  const runPass = (certainOnly: boolean): Set<number> => {
    const visited = new Set<number>();
    const visit = (node: FnNode, chain: readonly string[]): void => {
      if (visited.has(node.id)) return;
      visited.add(node.id);
      walk.reached.add(node.crateKey);
      for (const event of eventsOf(node)) {
        if (event.kind === 'touch') {
          const { touch } = event;
          const key = keyOf(touch, node);
          if (key === null) continue;
          walk.reached.add(key.slice(0, key.lastIndexOf('|')));
          const counts = EXPLICIT.has(touch.how) || (certainOnly && !touch.conditional);
          if (counts && !walk.forced.has(key)) walk.forced.set(key, { chain, site: siteOf(node, touch.line) });
          if (touch.how === 'get-or-init' && !walk.filled.has(key)) walk.filled.set(key, { chain, site: siteOf(node, touch.line) });
          if (certainOnly && touch.labelValues && !touch.conditional) walk.labelled.add(key);
          continue;
        }
        const call = node.fn.calls[event.index];
        if (call === undefined || (certainOnly && call.conditional)) continue;
        const resolution = call.kind === 'path' ? graph.resolvePath(call.path, node) : graph.resolveMethod(call, node);
        if (resolution.kind === 'unresolved') {
          if (!walk.unresolved.has(resolution.crateKey)) {
            walk.unresolved.set(resolution.crateKey, `${callText(node, event.index)} at ${node.path}:${call.line} (in ${node.label})`);
          }
          continue;
        }
        if (resolution.kind === 'functions') {
          for (const target of resolution.targets) visit(target, [...chain, chainLabel(target, entries)]);
        } else if (call.kind === 'method' && call.receiverType === null && !certainOnly) {
          suspectMethod(node, event.index);
        }
      }
    };
    for (const entry of entries) visit(entry, [entry.label]);
    return visited;
  };

  let certainVisited = new Set<number>();
  /** A method on a value of unknown type: any method of that name in the crate might run. */
  const suspectMethod = (node: FnNode, index: number): void => {
    const call = node.fn.calls[index];
    if (call === undefined || call.kind !== 'method') return;
    const unconditional = certainVisited.has(node.id) && !call.conditional;
    for (const candidate of graph.methodCandidates(call.method, node)) {
      for (const touch of candidate.fn.statics) {
        if (!EXPLICIT.has(touch.how) && !(unconditional && !touch.conditional)) continue;
        const key = keyOf(touch, candidate);
        if (key === null || walk.maybe.has(key)) continue;
        walk.maybe.set(key, {
          reason: `${node.label} calls ${callText(node, index)} at ${node.path}:${call.line} on a value of unknown type; if that is ${candidate.label}, it touches ${touch.path.join('::')} at ${candidate.path}:${touch.line}`,
        });
      }
    }
  };
  certainVisited = runPass(true);
  runPass(false);
  return walk;
}

/** Functions of another crate are named with their crate, as code outside that crate would call them. */
function chainLabel(node: FnNode, entries: readonly FnNode[]): string {
  const own = entries[0]?.crateKey;
  return own !== undefined && node.crateKey !== own && node.crate !== null ? `${node.crate.name}::${node.label}` : node.label;
}

function byPath(a: SourceSite, b: SourceSite): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

/**
 * Whether each lazily held metric is registered when the process starts: some touch of its static on a
 * path of calls from its crate's `fn main` (or from another crate's main into a library crate).
 * Calls resolve by name within the crate (see StartupGraph); where that cannot decide, the status is
 * `unknown` with the reason rather than a guess.
 */
export function analyzeStartup(metrics: readonly MetricDefinition[], files: readonly StartupFile[]): StartupAnalysis {
  const graph = new StartupGraph(files);
  const walks = new Map<string, StartupWalk>();
  const entriesByCrate = new Map<string, FnNode[]>();
  for (const entry of graph.entries()) {
    const list = entriesByCrate.get(entry.crateKey);
    if (list) list.push(entry);
    else entriesByCrate.set(entry.crateKey, [entry]);
  }
  for (const [crateKey, entries] of entriesByCrate) walks.set(crateKey, walkFrom(graph, entries));

  const usesOf = usesByStatic(graph);
  const notes: string[] = [];
  const noted = new Set<string>();
  const entries: StartupEntry[] = [];
  for (const metric of metrics) {
    const crateKey = graph.fileCrate.get(metric.path);
    const key = crateKey === undefined || metric.static === null ? null : `${crateKey}|${metric.static}`;
    const relevant = crateKey === undefined ? [] : walks.has(crateKey) ? [walks.get(crateKey) as StartupWalk] : [...walks.values()];
    const labelValuesAtStartup = metric.vec && key !== null ? relevant.some((w) => w.labelled.has(key)) : null;
    if (metric.holder === 'eager') {
      entries.push({ metric, status: { kind: 'eager' }, labelValuesAtStartup });
      continue;
    }
    if (crateKey !== undefined && !walks.has(crateKey) && !noted.has(crateKey)) {
      noted.add(crateKey);
      notes.push(libraryNote(metric, crateKey, relevant));
    }
    const status = statusOf(metric, crateKey, key, relevant, usesOf);
    entries.push({ metric, status, labelValuesAtStartup });
  }
  return { entries, notes };
}

function libraryNote(metric: MetricDefinition, crateKey: string, walks: readonly StartupWalk[]): string {
  const name = metric.crate ?? (crateKey === '?' ? 'the files outside any crate' : crateKey);
  const callers = walks.some((w) => w.reached.has(crateKey));
  return callers
    ? `crate ${name} has no fn main: its statics were followed from the mains of the crates that call into it`
    : `crate ${name} has no fn main and no fn main of this repository calls into it: whether its lazy statics are forced depends on the binary that links it`;
}

function statusOf(
  metric: MetricDefinition,
  crateKey: string | undefined,
  key: string | null,
  walks: readonly StartupWalk[],
  usesOf: ReadonlyMap<string, UseSite[]>,
): StartupStatus {
  if (crateKey === undefined) return { kind: 'unknown', reason: `${metric.path} is not in a library or binary target (or could not be read), so no start-up path reaches it` };
  if (key === null) return { kind: 'unknown', reason: `held by a ${metric.holder} without a static name to follow` };
  for (const walk of walks) {
    const forced = (metric.holder === 'OnceLock' ? walk.filled : walk.forced).get(key);
    if (forced) return { kind: 'forced', chain: forced.chain, site: forced.site };
  }
  for (const walk of walks) {
    const suspect = walk.maybe.get(key);
    if (suspect) return { kind: 'unknown', reason: suspect.reason };
  }
  for (const walk of walks) {
    const call = walk.unresolved.get(crateKey);
    if (call) return { kind: 'unknown', reason: `the start-up path calls ${call}, which could not be resolved and may touch ${metric.static}` };
  }
  if (!walks.some((w) => w.reached.has(crateKey))) {
    return { kind: 'unknown', reason: `no fn main of this repository reaches crate ${metric.crate ?? crateKey}; the binary that links it decides` };
  }
  const uses = usesOf.get(key) ?? [];
  return { kind: 'first-use', uses: metric.holder === 'OnceLock' ? uses.filter((u) => u.how === 'get-or-init').map(stripHow) : uses.map(stripHow) };
}

type UseSite = SourceSite & { readonly how: TouchKind };

function stripHow(site: UseSite): SourceSite {
  return { path: site.path, line: site.line, function: site.function };
}

/** Every touch of every static outside tests, by static key, in path and line order. */
function usesByStatic(graph: StartupGraph): Map<string, UseSite[]> {
  const uses = new Map<string, UseSite[]>();
  for (const node of graph.nodes) {
    for (const touch of node.fn.statics) {
      const target = graph.staticOf(touch.path, node);
      if (target === null) continue;
      const key = `${target.crateKey}|${target.name}`;
      const list = uses.get(key) ?? [];
      if (!list.some((u) => u.path === node.path && u.line === touch.line)) list.push({ ...siteOf(node, touch.line), how: touch.how });
      uses.set(key, list);
    }
  }
  for (const list of uses.values()) list.sort(byPath);
  return uses;
}
