import { collectSites, emptySites } from './collect-sites.js';
import { constDeclAt, modDeclAt, useDeclsAt } from './declarations.js';
import type { Extraction } from './extraction.js';
import type { BlobFacts, ConstDecl, Diagnostic, ModDecl, RawCustomRegistry, RawRegistration } from './facts.js';
import { createLineIndex } from './line-index.js';
import { macroImports, type MacroImports } from './macro-imports.js';
import { facadeRegistration, isFacadeMacro, looksLikeFacadeRegister, SHARED_WITH_PROMETHEUS } from './metrics-facade.js';
import { parseRust } from './parser.js';
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
import { calleeOf, callArguments } from './rust-syntax.js';
import { reportSyntaxErrors } from './syntax-errors.js';
import { isNestedValueMacro, macroName, macroPath, prefetchMacroArguments } from './token-tree.js';
import { decodeSource } from './utf8.js';
import { locate, type Located, type View } from './view.js';

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

function byPosition(a: RawRegistration, b: RawRegistration): number {
  return a.line - b.line || a.column - b.column;
}

function invalidUtf8Diagnostic(bytes: Buffer, offset: number): Diagnostic {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = [...bytes.subarray(lineStart, offset).toString('utf8')].length + 1;
  return {
    severity: 'warning',
    line,
    column,
    message: `invalid UTF-8 at byte ${offset}; bad bytes were read as U+FFFD`,
  };
}

function extract(source: Buffer | string, diagnostics: Diagnostic[]): BlobFacts {
  const { text, invalidAt } = decodeSource(source);
  if (invalidAt !== null && typeof source !== 'string') diagnostics.push(invalidUtf8Diagnostic(source, invalidAt));
  const tree = parseRust(text);
  const fileView: View = { tree, text, kind: 'file', delta: 0, container: tree.rootNode, host: null, macroName: null };
  const ex: Extraction = {
    text,
    lines: createLineIndex(text),
    fileView,
    diagnostics,
    macroArguments: new Map(),
    arrays: new Map(),
  };
  reportSyntaxErrors(ex);
  const sites = emptySites();
  collectSites(ex, fileView, sites);
  prefetchMacroArguments(ex, [...sites.registrationMacros, ...valueMacrosIn(sites.calls)]);
  // Constants first: they also index the const arrays that label and bucket lookups need.
  const constants: ConstDecl[] = sites.items.map((item) => constDeclAt(ex, item)).filter(nonNull);
  const uses = sites.uses.flatMap(useDeclsAt);
  const modules: ModDecl[] = sites.modules.map(modDeclAt).filter(nonNull);
  const imports = macroImports(uses, sites.externCrates);
  const registrations = sites.registrationMacros.map((macro) => macroRegistration(ex, macro, imports)).filter(nonNull);
  const calls = readCalls(ex, sites.calls);
  const linked = linkRegistrations(ex, calls.constructions, calls.registerCalls);
  registrations.push(...calls.registrations, ...linked.registrations);
  registrations.sort(byPosition);
  return {
    registrations,
    registerCalls: linked.registerCalls,
    customRegistries: calls.customRegistries,
    constants,
    uses,
    modules,
    diagnostics,
  };
}

/**
 * Everything one Rust blob says about metric registrations, before cross-file resolution.
 * Never throws: bad input becomes warnings, an internal failure an `error` diagnostic. The facts
 * depend on the bytes only (they are cached by blob id), so `_path` does not reach them.
 */
export function extractBlob(source: Buffer | string, _path: string): BlobFacts {
  const diagnostics: Diagnostic[] = [];
  try {
    return extract(source, diagnostics);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      registrations: [],
      registerCalls: [],
      customRegistries: [],
      constants: [],
      uses: [],
      modules: [],
      diagnostics: [...diagnostics, { severity: 'error', line: 1, column: 1, message: `internal extractor error: ${message}` }],
    };
  }
}
