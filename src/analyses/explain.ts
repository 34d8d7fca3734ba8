import type { IndexView } from '../history/index-queries.js';
import type { StoredEvent } from '../history/index-model.js';
import type { MetricDefinition } from '../model/metric.js';
import { adviceOrder, displayOrder } from './ref-order.js';
import { resolveMetricName } from './resolve-metric-name.js';

export interface RefPoint {
  /** Short ref name as users type it (`main`, `origin/x`, `v1.2`), or the revision given. */
  readonly ref: string;
  readonly commit: string;
}

export interface ExplainInput {
  readonly query: string;
  readonly view: IndexView;
  /** Branch, remote-tracking and tag tips, by short name. */
  readonly tips: readonly RefPoint[];
  readonly deployed: RefPoint | null;
  /** The branch whose first-parent line marks where an introduction "landed" when no deployed ref is given. */
  readonly mainline: RefPoint | null;
}

export interface RefDefining {
  readonly ref: string;
  readonly commit: string;
  readonly definitions: readonly MetricDefinition[];
  /** Relative to the deployed ref, when one is given. */
  readonly ahead: number | null;
  readonly behind: number | null;
  readonly mergeBase: string | null;
}

export interface Introduction {
  readonly commit: string;
  readonly definition: MetricDefinition;
  /** At a shallow clone's boundary: the real introduction is this commit or an older one. */
  readonly atShallowBoundary: boolean;
  /** The introduction on the first-parent line of the deployed ref (or the main line). */
  readonly landedOn: string | null;
}

export interface MergeIntoRef {
  readonly commit: string;
  readonly into: string;
  readonly fromParent: string;
}

/**
 * One place the metric is defined, whatever line it sits on at each ref: a definition whose line moved
 * over time is still one site, not a row per line.
 */
export interface DefinitionSite {
  readonly path: string;
  readonly static: string | null;
  /** As defined at the first of `refs` (the default branch, else the newest release, …). */
  readonly definition: MetricDefinition;
  /** Every line it sits on across `refs`, ascending. */
  readonly lines: readonly number[];
  readonly refs: readonly string[];
}

export type Verdict =
  | { readonly kind: 'deployed'; readonly ref: string; readonly definitions: readonly MetricDefinition[] }
  /** `refs` in the order to suggest them (see `adviceOrder`): the first is the one to deploy or merge. */
  | { readonly kind: 'only-in'; readonly ref: string; readonly refs: readonly RefDefining[] }
  | { readonly kind: 'removed'; readonly ref: string; readonly removedBy: string | null }
  | { readonly kind: 'never-defined'; readonly closest: readonly string[] };

export interface Explanation {
  readonly query: string;
  readonly name: string | null;
  readonly matchedVia: 'name' | 'series' | null;
  /** The most relevant definition: at the deployed ref, else at a ref tip, else the last one seen. */
  readonly definition: MetricDefinition | null;
  /** In display order: the default branch, release tags newest first, then the rest. */
  readonly definedIn: readonly RefDefining[];
  /** `definedIn` by definition site, the default branch's site first. */
  readonly sites: readonly DefinitionSite[];
  /** HEAD's branch, else `main`/`master`, when a ref by that name is indexed. */
  readonly defaultBranch: string | null;
  readonly removedFrom: readonly { readonly ref: string; readonly removedBy: string | null }[];
  readonly introductions: readonly Introduction[];
  readonly merges: readonly MergeIntoRef[];
  readonly verdict: Verdict | null;
  /** Facts rest on commits whose blobs were missing (partial clone). */
  readonly uncertain: boolean;
  readonly closest: readonly string[];
}

export function explainMetric(input: ExplainInput): Explanation {
  const { view } = input;
  const resolution = resolveMetricName(input.query, view);
  const name = resolution.name;
  if (!name) {
    return {
      query: input.query,
      name: null,
      matchedVia: null,
      definition: null,
      definedIn: [],
      sites: [],
      defaultBranch: input.mainline?.ref ?? null,
      removedFrom: [],
      introductions: [],
      merges: [],
      verdict: { kind: 'never-defined', closest: resolution.closest },
      uncertain: false,
      closest: resolution.closest,
    };
  }
  const events = view.events(name);
  const anchor = input.deployed ?? input.mainline;
  const line = anchor ? view.firstParentLine(anchor.commit) : { has: () => false };

  const defaultBranch = input.mainline?.ref ?? null;
  const definedIn: RefDefining[] = [];
  const removedFrom: { ref: string; removedBy: string | null }[] = [];
  const position = new Map(displayOrder(input.tips.map((t) => t.ref), defaultBranch).map((ref, i) => [ref, i]));
  const tips = [...input.tips].sort((a, b) => (position.get(a.ref) ?? 0) - (position.get(b.ref) ?? 0));
  for (const tip of tips) {
    const definitions = view.definitionsAt(tip.commit, name);
    if (definitions.length > 0) {
      const relation = input.deployed ? view.aheadBehind(input.deployed.commit, tip.commit) : null;
      definedIn.push({
        ref: tip.ref,
        commit: tip.commit,
        definitions,
        ahead: relation?.ahead ?? null,
        behind: relation?.behind ?? null,
        mergeBase: input.deployed ? view.mergeBase(input.deployed.commit, tip.commit) : null,
      });
    } else if (events.some((e) => e.kind === 'introduced' && view.contains(tip.commit, e.commit))) {
      removedFrom.push({ ref: tip.ref, removedBy: lastRemovalIn(events, (c) => view.contains(tip.commit, c)) });
    }
  }

  const introductions: Introduction[] = events
    .filter((e): e is Extract<StoredEvent, { kind: 'introduced' }> => e.kind === 'introduced')
    .map((e) => ({
      commit: e.commit,
      definition: view.def(e.def),
      atShallowBoundary: e.boundary,
      landedOn: anchor && line.has(e.commit) ? anchor.ref : null,
    }));
  const merges: MergeIntoRef[] = events
    .filter((e): e is Extract<StoredEvent, { kind: 'merged' }> => e.kind === 'merged' && line.has(e.commit))
    .map((e) => ({ commit: e.commit, into: anchor?.ref ?? '', fromParent: e.fromParent }));

  const deployedDefs = input.deployed ? view.definitionsAt(input.deployed.commit, name) : [];
  const lastEvent = events[events.length - 1];
  const definition = deployedDefs[0] ?? definedIn[0]?.definitions[0] ?? (lastEvent ? view.def(lastEvent.def) : null);
  const uncertain = [input.deployed?.commit, ...events.map((e) => e.commit)].some((c) => c !== undefined && view.isUncertain(c));

  return {
    query: input.query,
    name,
    matchedVia: resolution.via,
    definition,
    definedIn,
    sites: definitionSites(definedIn),
    defaultBranch,
    removedFrom,
    introductions,
    merges,
    verdict: input.deployed ? verdictAt(input.deployed, deployedDefs, definedIn, events, view, defaultBranch) : null,
    uncertain,
    closest: [],
  };
}

function verdictAt(
  deployed: RefPoint,
  deployedDefs: readonly MetricDefinition[],
  definedIn: readonly RefDefining[],
  events: readonly StoredEvent[],
  view: IndexView,
  defaultBranch: string | null,
): Verdict {
  if (deployedDefs.length > 0) return { kind: 'deployed', ref: deployed.ref, definitions: deployedDefs };
  const inHistory = (commit: string) => view.contains(deployed.commit, commit);
  const hadIt = events.some((e) => e.kind === 'introduced' && inHistory(e.commit));
  if (hadIt) return { kind: 'removed', ref: deployed.ref, removedBy: lastRemovalIn(events, inHistory) };
  if (definedIn.length > 0) return { kind: 'only-in', ref: deployed.ref, refs: adviceOrder(definedIn, { deployed: deployed.ref, defaultBranch }) };
  return { kind: 'removed', ref: deployed.ref, removedBy: lastRemovalIn(events, () => true) };
}

/** Sites keyed by path and static, in the order their first ref is listed. */
function definitionSites(definedIn: readonly RefDefining[]): DefinitionSite[] {
  const sites = new Map<string, { definition: MetricDefinition; lines: Set<number>; refs: string[] }>();
  for (const ref of definedIn) {
    for (const d of ref.definitions) {
      const key = `${d.path}\0${d.static ?? ''}`;
      const site = sites.get(key);
      if (!site) sites.set(key, { definition: d, lines: new Set([d.line]), refs: [ref.ref] });
      else {
        site.lines.add(d.line);
        if (!site.refs.includes(ref.ref)) site.refs.push(ref.ref);
      }
    }
  }
  return [...sites.values()].map((s) => ({
    path: s.definition.path,
    static: s.definition.static,
    definition: s.definition,
    lines: [...s.lines].sort((a, b) => a - b),
    refs: s.refs,
  }));
}

function lastRemovalIn(events: readonly StoredEvent[], included: (commit: string) => boolean): string | null {
  let last: string | null = null;
  for (const e of events) if (e.kind === 'removed' && included(e.commit)) last = e.commit;
  return last;
}

/** Commits whose subject, author and date a renderer will show. */
export function commitsMentioned(e: Explanation): string[] {
  const commits = [
    ...e.introductions.map((i) => i.commit),
    ...e.merges.map((m) => m.commit),
    ...e.removedFrom.map((r) => r.removedBy),
    ...(e.verdict?.kind === 'removed' ? [e.verdict.removedBy] : []),
  ];
  return commits.filter((c): c is string => c !== null);
}
