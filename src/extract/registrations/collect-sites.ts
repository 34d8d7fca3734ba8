import type { Extraction } from './extraction.js';
import { isFacadeMacro } from './metrics-facade.js';
import type Parser from 'tree-sitter';
import { CursorAncestors } from '../syntax/cursor-ancestors.js';
import { cursorType } from '../syntax/node-types.js';
import { mightDefineMetricsText } from './prefilter.js';
import { isMetricTypeName } from './prometheus-calls.js';
import { prometheusMacroFamily } from './prometheus-macros.js';
import { macroArguments, macroItems, macroName, prefetchMacroArguments, tokenTreeOf } from './token-tree.js';
import { locate, startOf, type Located, type View } from '../syntax/view.js';
import { CALL_METHOD_NAMES, CALL_PATH_NAMES, CONSTRUCTORS } from './registration-vocabulary.js';
import { FOREIGN_MACROS, ITEM_MACROS, VALUE_MACROS } from '../macro-vocabulary.js';

/** The nodes worth a closer look, in document order, across the file and re-parsed macro bodies. */
export interface Sites {
  readonly registrationMacros: Located[];
  readonly calls: Located[];
  /** Calls of a plain path (`f(..)`, `m::f(..)`, `Type::f(..)`): possible calls of a project's wrapper. */
  readonly pathCalls: Located[];
  /** Invocations of a project's own macros with a literal or `$` argument: possible wrapper calls. */
  readonly macroCalls: Located[];
  readonly macroDefinitions: Located[];
  readonly items: Located[];
  readonly uses: Located[];
  readonly modules: Located[];
  readonly externCrates: Located[];
}

export function emptySites(): Sites {
  return {
    registrationMacros: [],
    calls: [],
    pathCalls: [],
    macroCalls: [],
    macroDefinitions: [],
    items: [],
    uses: [],
    modules: [],
    externCrates: [],
  };
}

const SCREAMING = /^[A-Z][A-Z0-9_]*$/;

/** Whether a macro's top-level tokens include a string literal, a constant-like name or a `$`: worth reading as a call. */
export function hasNameLikeToken(tree: Parser.SyntaxNode): boolean {
  const cursor = tree.walk();
  if (!cursor.gotoFirstChild()) return false;
  do {
    const type = cursorType(cursor);
    if (type === 'string_literal' || type === 'raw_string_literal' || type === '$') return true;
    if (type === 'identifier' && SCREAMING.test(cursor.nodeText)) return true;
  } while (cursor.gotoNextSibling());
  return false;
}

/** Subtrees that cannot contain a site (macro token trees are handled at their invocation). */
const OPAQUE = new Set([
  'token_tree',
  'string_literal',
  'raw_string_literal',
  'char_literal',
  'line_comment',
  'block_comment',
  'attribute_item',
  'inner_attribute_item',
  'macro_definition',
  'use_declaration',
  'type_arguments',
  'parameters',
]);


/** The text of the last child of the cursor's node, leaving the cursor where it was. */
function lastChildText(cursor: Parser.TreeCursor): string | null {
  if (!cursor.gotoLastChild()) return null;
  const text = cursor.nodeText;
  cursor.gotoParent();
  return text;
}

/** The last path segment of a constructor's type (`IntCounter` in `prometheus::IntCounter::new`). */
function typeSegment(cursor: Parser.TreeCursor): string | null {
  switch (cursorType(cursor)) {
    case 'identifier':
    case 'type_identifier':
      return cursor.nodeText;
    case 'scoped_identifier':
      return lastChildText(cursor);
    case 'generic_type': {
      if (!cursor.gotoFirstChild()) return null;
      const name = typeSegment(cursor);
      cursor.gotoParent();
      return name;
    }
    default:
      return null;
  }
}

/** Whether the call at the cursor calls a plain path with arguments (`f(x)`, `a::b(x)`, `f::<T>(x)`). */
function isPathCall(cursor: Parser.TreeCursor): boolean {
  if (!cursor.gotoFirstChild()) return false;
  const type = cursorType(cursor);
  const path = type === 'identifier' || type === 'scoped_identifier' || type === 'generic_function';
  let withArguments = false;
  if (path && cursor.gotoNextSibling() && cursorType(cursor) === 'arguments' && cursor.gotoFirstChild()) {
    withArguments = cursor.gotoNextSibling() && cursorType(cursor) !== ')';
    cursor.gotoParent();
  }
  cursor.gotoParent();
  return withArguments;
}

/** Whether the call at the cursor may construct, register or create a registry; read with the cursor only. */
function isInterestingCall(cursor: Parser.TreeCursor): boolean {
  if (!cursor.gotoFirstChild()) return false;
  let interesting = false;
  switch (cursorType(cursor)) {
    case 'field_expression':
      interesting = CALL_METHOD_NAMES.has(lastChildText(cursor) ?? '');
      break;
    case 'identifier':
      interesting = cursor.nodeText === 'register';
      break;
    case 'scoped_identifier': {
      const name = lastChildText(cursor) ?? '';
      if (CALL_PATH_NAMES.has(name)) interesting = true;
      else if (CONSTRUCTORS.has(name) && cursor.gotoFirstChild()) {
        interesting = isMetricTypeName(typeSegment(cursor) ?? undefined);
        cursor.gotoParent();
      }
      break;
    }
    default:
      break;
  }
  cursor.gotoParent();
  return interesting;
}

interface Nested {
  readonly items: Located[];
  readonly expressions: Located[];
}

function visitMacro(macro: Located, sites: Sites, nested: Nested): void {
  const name = macroName(macro.node);
  if (prometheusMacroFamily(name) !== null || isFacadeMacro(name)) {
    sites.registrationMacros.push(macro);
    return;
  }
  if (VALUE_MACROS.has(name)) return;
  const tree = tokenTreeOf(macro.node);
  if (tree === null) return;
  if (ITEM_MACROS.has(name)) {
    // A static's initialiser may call a project's wrapper (`static ref X: T = app_counter("x");`).
    if (mightDefineMetricsText(tree.text) || tree.text.includes('"')) nested.items.push(macro);
    return;
  }
  const wrapperCall = !FOREIGN_MACROS.has(name) && hasNameLikeToken(tree);
  if (wrapperCall) sites.macroCalls.push(macro);
  // Any other macro (`assert!`, `vec!`, a project's own) may wrap registrations in expressions.
  if (wrapperCall || mightDefineMetricsText(tree.text)) nested.expressions.push(macro);
}

function walkView(view: View, sites: Sites, nested: Nested): void {
  const cursor = view.container.walk();
  const ancestors = new CursorAncestors(cursor, view.container);
  let depth = 0;
  const here = (): Located => locate(ancestors.current(depth), view);
  for (;;) {
    const type = ancestors.type;
    let descend = !OPAQUE.has(type);
    switch (type) {
      case 'macro_invocation':
        visitMacro(here(), sites, nested);
        descend = false;
        break;
      case 'call_expression': {
        const interesting = isInterestingCall(cursor);
        const pathCall = isPathCall(cursor);
        if (interesting) sites.calls.push(here());
        if (pathCall) sites.pathCalls.push(here());
        break;
      }
      case 'macro_definition':
        sites.macroDefinitions.push(here());
        break;
      case 'const_item':
      case 'static_item':
        sites.items.push(here());
        break;
      case 'use_declaration':
        sites.uses.push(here());
        break;
      case 'mod_item':
        sites.modules.push(here());
        break;
      case 'extern_crate_declaration':
        sites.externCrates.push(here());
        break;
      default:
        break;
    }
    if (descend && cursor.gotoFirstChild()) {
      depth++;
      ancestors.enteredFirstChild(depth);
      continue;
    }
    for (;;) {
      if (depth === 0) return;
      if (cursor.gotoNextSibling()) {
        ancestors.enteredNextSibling(depth);
        break;
      }
      cursor.gotoParent();
      depth--;
    }
  }
}

function byOffset(list: Located[]): void {
  const keyed = list.map((loc) => ({ loc, at: startOf(loc) }));
  keyed.sort((a, b) => a.at - b.at);
  keyed.forEach((k, i) => (list[i] = k.loc));
}

/**
 * One cursor walk over a view, then over the re-parsed bodies of macros that may hold registrations
 * (macro arguments re-parsed in one batch per level). Sites come out in file order.
 */
export function collectSites(ex: Extraction, view: View, sites: Sites): void {
  let views = [view];
  for (let level = 0; views.length > 0 && level < 8; level++) {
    const nested: Nested = { items: [], expressions: [] };
    for (const current of views) walkView(current, sites, nested);
    prefetchMacroArguments(ex, nested.expressions);
    views = [
      ...nested.items.map(macroItems).filter((v): v is View => v !== null),
      ...nested.expressions.map((m) => macroArguments(ex, m)?.view).filter((v): v is View => v !== undefined),
    ];
  }
  for (const list of Object.values(sites) as Located[][]) byOffset(list);
}
