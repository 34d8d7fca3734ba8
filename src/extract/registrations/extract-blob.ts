import { clearBlobScopedMaps } from '../syntax/blob-scoped.js';
import { collectSites, emptySites } from './collect-sites.js';
import { constDeclAt, modDeclAt, useDeclsAt } from './declarations.js';
import { EMPTY_FACTS } from '../empty-facts.js';
import type { Extraction } from './extraction.js';
import type { BlobFacts, ConstDecl, Diagnostic, ModDecl, RawMacroRules } from '../facts.js';
import { functionFacts } from './function-facts.js';
import { createLineIndex } from '../syntax/line-index.js';
import { macroImports } from './macro-imports.js';
import { macroRulesAt } from './macro-rules.js';
import { mayBuildOpts } from './opts.js';
import { parseRust } from '../syntax/parser.js';
import { ownMacros, prefetchSites, readSites } from './read-sites.js';
import { reportSyntaxErrors } from './syntax-errors.js';
import { decodeSource } from '../syntax/utf8.js';
import type { View } from '../syntax/view.js';

function nonNull<T>(value: T | null): value is T {
  return value !== null;
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
    mentionsOpts: mayBuildOpts(text),
    lines: createLineIndex(text),
    fileView,
    diagnostics,
    macroArguments: new Map(),
    arrays: new Map(),
    numbers: new Map(),
    registrationSites: new Map(),
  };
  reportSyntaxErrors(ex);
  const sites = emptySites();
  collectSites(ex, fileView, sites);
  prefetchSites(ex, sites);
  // Constants first: they also index the const arrays that label and bucket lookups need.
  const constants: ConstDecl[] = sites.items.map((item) => constDeclAt(ex, item)).filter(nonNull);
  const uses = sites.uses.flatMap(useDeclsAt);
  const modules: ModDecl[] = sites.modules.map(modDeclAt).filter(nonNull);
  const imports = macroImports(uses, sites.externCrates);
  const defined = sites.macroDefinitions.map((d) => d.node.childForFieldName('name')?.text ?? '');
  const read = readSites(ex, sites, imports, ownMacros(defined, uses));
  const wrapping = functionFacts(ex, read.registrations, read.calls);
  const macros: RawMacroRules[] = sites.macroDefinitions.map((definition) => macroRulesAt(ex, definition, imports)).filter(nonNull);
  return {
    registrations: wrapping.registrations,
    registerCalls: read.registerCalls,
    customRegistries: read.customRegistries,
    constants,
    uses,
    modules,
    diagnostics,
    functions: wrapping.functions,
    macros,
    calls: wrapping.calls,
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
      ...EMPTY_FACTS,
      diagnostics: [...diagnostics, { severity: 'error', line: 1, column: 1, message: `internal extractor error: ${message}` }],
    };
  } finally {
    clearBlobScopedMaps();
  }
}
