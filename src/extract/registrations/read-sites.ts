import type { Extraction } from './extraction.js';
import type { RawCustomRegistry, RawRegisterCall, RawRegistration, UseDecl } from '../facts.js';
import type { MacroImports } from './macro-imports.js';
import { facadeRegistration, isFacadeMacro, looksLikeFacadeRegister, SHARED_WITH_PROMETHEUS } from './metrics-facade.js';
import {
  constructionAt,
  customRegistryAt,
  linkRegistrations,
  registerCallAt,
  type Construction,
  type RegisterCall,
} from './prometheus-calls.js';
import { prometheusClientRegistration } from './prometheus-client.js';
import { prometheusMacroFamily, prometheusMacroRegistration } from './prometheus-macros.js';
import { calleeOf, callArguments } from '../syntax/rust-syntax.js';
import { hasNameLikeToken, type Sites } from './collect-sites.js';
import { isNestedValueMacro, macroName, macroPath, prefetchMacroArguments, tokenTreeOf } from './token-tree.js';
import { wrapperCallAt, type CallRead } from './wrapper-calls.js';
import { locate, type Located } from '../syntax/view.js';

function nonNull<T>(value: T | null): value is T {
  return value !== null;
}

function macroRegistration(ex: Extraction, macro: Located, imports: MacroImports): RawRegistration | null {
  const name = macroName(macro.node);
  const family = prometheusMacroFamily(name);
  if (family !== null && !(SHARED_WITH_PROMETHEUS.has(name) && looksLikeFacadeRegister(ex, macro, imports(name)))) {
    return prometheusMacroRegistration(ex, macro, family);
  }
  const via = macroPath(macro.node);
  if (isFacadeMacro(name) && (via.length === 1 || via[0] === 'metrics')) return facadeRegistration(ex, macro);
  return null;
}

/** `opts!(..)`, `vec![..]` and the like in the arguments of constructor and register calls. */
function valueMacrosIn(calls: readonly Located[]): Located[] {
  const out: Located[] = [];
  for (const call of calls) {
    for (const node of call.node.descendantsOfType('macro_invocation')) {
      if (isNestedValueMacro(macroName(node))) out.push(locate(node, call.view));
    }
  }
  return out;
}

interface CallFacts {
  readonly registrations: RawRegistration[];
  readonly constructions: Construction[];
  readonly registerCalls: RegisterCall[];
  readonly customRegistries: RawCustomRegistry[];
}

function readCalls(ex: Extraction, calls: readonly Located[]): CallFacts {
  const facts: CallFacts = { registrations: [], constructions: [], registerCalls: [], customRegistries: [] };
  for (const call of calls) {
    const callee = calleeOf(call);
    const arity = callArguments(call).length;
    if (callee.kind === 'method' && ((callee.name === 'register' && arity === 3) || callee.name === 'register_with_unit')) {
      const registration = prometheusClientRegistration(ex, call);
      if (registration !== null) facts.registrations.push(registration);
      continue;
    }
    const registerCall = registerCallAt(ex, call);
    if (registerCall !== null) {
      facts.registerCalls.push(registerCall);
      continue;
    }
    const registry = customRegistryAt(ex, call);
    if (registry !== null) {
      facts.customRegistries.push(registry);
      continue;
    }
    const construction = constructionAt(ex, call);
    if (construction !== null) facts.constructions.push(construction);
  }
  return facts;
}

function byPosition(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

export interface SiteFactsRead {
  readonly registrations: RawRegistration[];
  readonly registerCalls: RawRegisterCall[];
  readonly customRegistries: RawCustomRegistry[];
  /** Possible wrapper calls, in file order, with their sites. */
  readonly calls: CallRead[];
}

/** Re-parses, in one batch, the macro arguments that reading the sites will need. */
export function prefetchSites(ex: Extraction, sites: Sites): void {
  prefetchMacroArguments(ex, [...sites.registrationMacros, ...valueMacrosIn(sites.calls), ...sites.macroCalls]);
}

const LIBRARY_CRATES = new Set(['metrics', 'prometheus']);

/**
 * A `counter!`-like invocation that may be a project's own macro of that name: one qualified by a
 * path that is not the library's (`common::counter!`), or a bare one the file says is its own
 * (`ownMacro`: defined or imported by name from elsewhere). Where a wrapper matches, that reading wins.
 */
function mayBeOwnMacro(macro: Located, ownMacro: (name: string) => boolean): boolean {
  const name = macroName(macro.node);
  if (!isFacadeMacro(name)) return false;
  const tree = tokenTreeOf(macro.node);
  if (tree === null || !hasNameLikeToken(tree)) return false;
  const path = macroPath(macro.node);
  return path.length > 1 ? !LIBRARY_CRATES.has(path[0] ?? '') : ownMacro(name);
}

/** Whether a bare macro name is the file's own: defined in it, or imported by name from a crate other than the libraries. */
export function ownMacros(defined: readonly string[], uses: readonly UseDecl[]): (name: string) => boolean {
  const own = new Set(defined);
  for (const use of uses) if (use.alias !== '*' && !LIBRARY_CRATES.has(use.path[0] ?? '')) own.add(use.alias);
  return (name) => own.has(name);
}

/** Registrations, register calls, registries and possible wrapper calls of collected sites, in file order. */
export function readSites(ex: Extraction, sites: Sites, imports: MacroImports, ownMacro: (name: string) => boolean = () => false): SiteFactsRead {
  prefetchSites(ex, sites);
  const registrations = sites.registrationMacros.map((macro) => macroRegistration(ex, macro, imports)).filter(nonNull);
  const calls = readCalls(ex, sites.calls);
  const linked = linkRegistrations(ex, calls.constructions, calls.registerCalls);
  registrations.push(...calls.registrations, ...linked.registrations);
  registrations.sort(byPosition);
  const own = sites.registrationMacros.filter((macro) => mayBeOwnMacro(macro, ownMacro));
  const wrapperCalls = [...sites.pathCalls, ...sites.macroCalls, ...own].map((site) => wrapperCallAt(ex, site)).filter(nonNull);
  wrapperCalls.sort((a, b) => byPosition(a.call, b.call));
  return { registrations, registerCalls: linked.registerCalls, customRegistries: calls.customRegistries, calls: wrapperCalls };
}
