import type { StaticTouch, TouchKind } from '../extract/startup/fact-types.js';
import type { FnNode, StartupGraph } from './startup-graph.js';
import type { SourceSite } from './startup-status.js';

/** Touches that exist to initialise the static; they force it wherever they sit on the start-up path. */
const EXPLICIT: ReadonlySet<TouchKind> = new Set(['initialize', 'force', 'deref', 'get-or-init']);

export interface Forced {
  readonly chain: readonly string[];
  readonly site: SourceSite;
}

interface Suspect {
  readonly reason: string;
}

/** What the walks from one set of entry points (the `fn main`s of one crate) found. */
export interface StartupWalk {
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
}

type Event = { readonly kind: 'touch'; readonly touch: StaticTouch } | { readonly kind: 'call'; readonly index: number };

/** The functions from main to here, innermost first. */
interface Chain {
  readonly label: string;
  readonly parent: Chain | null;
}

/** A function being walked: its events in program order, and the targets of the call being followed. */
interface Frame {
  readonly node: FnNode;
  readonly chain: Chain;
  readonly events: readonly Event[];
  next: number;
  targets: readonly FnNode[];
  nextTarget: number;
}

function chainOf(chain: Chain): string[] {
  const labels: string[] = [];
  for (let at: Chain | null = chain; at !== null; at = at.parent) labels.push(at.label);
  return labels.reverse();
}

function eventsOf(node: FnNode): Event[] {
  const events: (Event & { line: number })[] = [
    ...node.fn.statics.map((touch) => ({ kind: 'touch' as const, touch, line: touch.line })),
    ...node.fn.calls.map((call, index) => ({ kind: 'call' as const, index, line: call.line })),
  ];
  // Program order, roughly: a call on an earlier line runs before a touch on a later one.
  return events.sort((a, b) => a.line - b.line || (a.kind === b.kind ? 0 : a.kind === 'call' ? -1 : 1));
}

export function siteOf(node: FnNode, line: number): SourceSite {
  return { path: node.path, line, function: node.label };
}

function callText(node: FnNode, index: number): string {
  const call = node.fn.calls[index];
  if (call === undefined) return '';
  return call.kind === 'path' ? `${call.path.join('::')}()` : `.${call.method}()`;
}

/**
 * Follows the calls of `entries` (the `fn main` of one binary) in program order, depth first. Pass 1 follows only calls that run
 * whenever their function runs, and counts every touch there (a plain `X.inc()` in `main` registers
 * X); pass 2 follows every resolved call and counts only explicit initialisation
 * (`lazy_static::initialize`, `Lazy::force`, `&*X`, `get_or_init`).
 */
export function walkFrom(graph: StartupGraph, entries: readonly FnNode[]): StartupWalk {
  const walk: StartupWalk = { forced: new Map(), filled: new Map(), labelled: new Set(), maybe: new Map(), unresolved: new Map() };
  const keyOf = (touch: StaticTouch, node: FnNode): string | null => {
    const target = graph.staticOf(touch.path, node);
    return target === null ? null : `${target.crateKey}|${target.name}`;
  };
  /**
   * Depth first in program order, with an explicit stack: a call chain thousands of functions deep
   * (generated code) must not overflow the JavaScript stack. Chains are linked lists, turned into
   * arrays only where a site is recorded.
   */
  const runPass = (certainOnly: boolean): Set<number> => {
    const visited = new Set<number>();
    const stack: Frame[] = [];
    const enter = (node: FnNode, chain: Chain): void => {
      if (visited.has(node.id)) return;
      visited.add(node.id);
      stack.push({ node, chain, events: eventsOf(node), next: 0, targets: [], nextTarget: 0 });
    };
    for (const entry of entries) {
      enter(entry, { label: entry.label, parent: null });
      while (stack.length > 0) {
        const frame = stack[stack.length - 1] as Frame;
        if (frame.nextTarget < frame.targets.length) {
          const target = frame.targets[frame.nextTarget++] as FnNode;
          enter(target, { label: chainLabel(target, entries), parent: frame.chain });
          continue;
        }
        const event = frame.events[frame.next++];
        if (event === undefined) {
          stack.pop();
          continue;
        }
        const { node } = frame;
        if (event.kind === 'touch') {
          const { touch } = event;
          const key = keyOf(touch, node);
          if (key === null) continue;
          const counts = EXPLICIT.has(touch.how) || (certainOnly && !touch.conditional);
          // Forcing a derived static (`Y = X.with_label_values(..)`) runs its initialiser, which forces X.
          for (const target of [key, ...graph.parentsOf(key)]) {
            if (counts && !walk.forced.has(target)) walk.forced.set(target, { chain: chainOf(frame.chain), site: siteOf(node, touch.line) });
          }
          if (touch.how === 'get-or-init' && !walk.filled.has(key)) walk.filled.set(key, { chain: chainOf(frame.chain), site: siteOf(node, touch.line) });
          if (certainOnly && touch.labelValues && !touch.conditional) walk.labelled.add(key);
          continue;
        }
        const call = node.fn.calls[event.index];
        if (call === undefined || (certainOnly && call.conditional)) continue;
        const resolution = call.kind === 'path' ? graph.resolvePath(call.path, node) : graph.resolveMethod(call, node);
        if (resolution.kind === 'unresolved' && call.kind === 'path' && call.reference) continue;
        if (resolution.kind === 'unresolved') {
          if (!walk.unresolved.has(resolution.crateKey)) {
            walk.unresolved.set(resolution.crateKey, `${callText(node, event.index)} at ${node.path}:${call.line} (in ${node.label})`);
          }
          continue;
        }
        if (resolution.kind === 'functions') {
          frame.targets = resolution.targets;
          frame.nextTarget = 0;
        } else if (call.kind === 'method' && call.receiverType === null && !certainOnly) {
          suspectMethod(node, event.index);
        }
      }
    }
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

