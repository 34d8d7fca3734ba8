import type { TouchKind } from '../extract/startup/fact-types.js';
import type { FnNode, StartupGraph } from './startup-graph.js';
import type { SourceSite } from './startup-status.js';
import { siteOf } from './startup-walk.js';

/** A touch of a static outside tests. */
export interface UseSite extends SourceSite {
  readonly how: TouchKind;
  /** In error handling, or in a function that only error handling calls. */
  readonly errorPath: boolean;
}

interface Edge {
  readonly to: number;
  readonly errorPath: boolean;
}

/**
 * The functions a call may reach, and whether that is certain: a resolved path or a method on a value
 * of known type is; a method on a value of unknown type may be any method of that name in the crate.
 */
function calleesOf(graph: StartupGraph, node: FnNode, call: FnNode['fn']['calls'][number]): { targets: readonly FnNode[]; certain: boolean } {
  if (call.kind === 'method' && call.receiverType === null) return { targets: graph.methodCandidates(call.method, node), certain: false };
  const resolution = call.kind === 'path' ? graph.resolvePath(call.path, node) : graph.resolveMethod(call, node);
  return { targets: resolution.kind === 'functions' ? resolution.targets : [], certain: true };
}

/**
 * Which functions calls reach, and which run only on error paths: every call that may reach them
 * sits in error handling or in another such function. A function no resolved call reaches (an entry
 * point, a callback, a method called on a value of unknown type) and a trait method (the trait's
 * callers may be anywhere, in a dependency too) are taken to run normally.
 */
export function callIndex(graph: StartupGraph): CallIndex {
  const outgoing = new Map<number, Edge[]>();
  const called = new Set<number>();
  const certainlyCalled = new Set<number>();
  for (const node of graph.nodes) {
    const edges: Edge[] = [];
    for (const call of node.fn.calls) {
      const { targets, certain } = calleesOf(graph, node, call);
      for (const target of targets) {
        if (target.id === node.id) continue;
        edges.push({ to: target.id, errorPath: call.errorPath });
        called.add(target.id);
        if (certain) certainlyCalled.add(target.id);
      }
    }
    outgoing.set(node.id, edges);
  }
  const normal = new Set<number>();
  const queue: number[] = [];
  for (const node of graph.nodes) {
    if (node.entry || node.fn.trait !== null || !certainlyCalled.has(node.id)) {
      normal.add(node.id);
      queue.push(node.id);
    }
  }
  while (queue.length > 0) {
    const id = queue.pop() as number;
    for (const edge of outgoing.get(id) ?? []) {
      if (edge.errorPath || normal.has(edge.to)) continue;
      normal.add(edge.to);
      queue.push(edge.to);
    }
  }
  return { called, errorOnly: new Set(graph.nodes.filter((n) => !normal.has(n.id)).map((n) => n.id)) };
}

export interface CallIndex {
  /** Functions some resolved call (or function reference) may reach. */
  readonly called: ReadonlySet<number>;
  /** Functions only error handling reaches. */
  readonly errorOnly: ReadonlySet<number>;
}

/** Touches that only initialise (`lazy_static::initialize`, `Lazy::force`): they register nothing unless their function runs. */
const INITIALISING = new Set(['initialize', 'force']);

function byPath(a: SourceSite, b: SourceSite): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

/**
 * Every touch of every static outside tests, by static key, in path and line order. A touch of a
 * derived static (`Y = X.with_label_values(..)`) is a touch of the statics it reads as well.
 */
export function usesByStatic(graph: StartupGraph): Map<string, UseSite[]> {
  const { called, errorOnly } = callIndex(graph);
  const uses = new Map<string, UseSite[]>();
  for (const node of graph.nodes) {
    // An initialise function nobody calls (`initialize_metrics` written but not yet called from main) forces nothing.
    const uncalled = !node.entry && node.fn.implType === null && !called.has(node.id);
    for (const touch of node.fn.statics) {
      if (uncalled && INITIALISING.has(touch.how)) continue;
      const target = graph.staticOf(touch.path, node);
      if (target === null) continue;
      const key = `${target.crateKey}|${target.name}`;
      const site: UseSite = { ...siteOf(node, touch.line), how: touch.how, errorPath: touch.errorPath || errorOnly.has(node.id) };
      for (const each of [key, ...graph.parentsOf(key)]) {
        const list = uses.get(each) ?? [];
        const same = list.findIndex((u) => u.path === site.path && u.line === site.line);
        if (same === -1) list.push(site);
        // One line with a normal and an error touch (`match x { Ok(_) => A.inc(), Err(_) => A.inc() }` on one line) is normal.
        else if (!site.errorPath && (list[same] as UseSite).errorPath) list[same] = site;
        uses.set(each, list);
      }
    }
  }
  for (const list of uses.values()) list.sort(byPath);
  return uses;
}
