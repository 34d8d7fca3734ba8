import { fieldNode, namedChildrenOf } from '../syntax/node-cache.js';
import { outerAttributes } from '../syntax/attributes.js';
import { collectSites, emptySites } from './collect-sites.js';
import { positionOf, type Extraction } from './extraction.js';
import type { RawMacroArm, RawMacroRules } from '../facts.js';
import { namedByParameter } from './function-facts.js';
import type { MacroImports } from './macro-imports.js';
import { bindMetavariables } from '../syntax/parameters.js';
import { parseRust, type SyntaxNode } from '../syntax/parser.js';
import { readSites } from './read-sites.js';
import { contextOf } from './scopes.js';
import { locate, type Located, type View } from '../syntax/view.js';

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
/** An arm body parses as the body of a function: statements, items and a tail expression are all allowed there. */
const BODY_PREFIX = 'fn __m(){';
const BODY_SUFFIX = '\n}\n';
const TRAILING_COMMA = new Set(['$(,)?', '$(,)*']);

/** `($name:expr, $help:expr $(,)?)` → `['name', 'help']`; null for any other shape of matcher. */
function matcherParams(pattern: SyntaxNode): string[] | null {
  const children = pattern.children;
  const params: string[] = [];
  let expectParam = true;
  for (const child of children.slice(1, -1)) {
    if (child.type === 'line_comment' || child.type === 'block_comment') continue;
    if (expectParam && child.type === 'token_binding_pattern') {
      const name = fieldNode(child, 'name')?.text;
      if (name === undefined) return null;
      params.push(name.replace(/^\$/, ''));
      expectParam = false;
    } else if (!expectParam && child.type === ',') expectParam = true;
    else if (child.type === 'token_repetition_pattern' && TRAILING_COMMA.has(child.text.replace(/\s+/g, ''))) continue;
    else return null;
  }
  return params;
}

/** The arm body between its delimiters, re-parsed as Rust; `$name`s parse as metavariables. */
function bodyView(right: Located, definition: Located, name: string): View | null {
  const node = right.node;
  const open = node.firstChild;
  const close = node.lastChild;
  const closed = open !== null && close !== null && node.childCount > 1 && close.type === CLOSERS[open.type];
  const start = node.startIndex + 1;
  const end = closed && close !== null ? close.startIndex : node.endIndex;
  const text = `${BODY_PREFIX}${right.view.text.slice(start, end)}${BODY_SUFFIX}`;
  const tree = parseRust(text);
  const fn = tree.rootNode.firstNamedChild;
  const body = fn === null ? null : fieldNode(fn, 'body');
  if (body === null) return null;
  return { tree, text, kind: 'body', delta: right.view.delta + start - BODY_PREFIX.length, container: body, host: definition, macroName: name };
}

/**
 * A `macro_rules!` definition and, for each arm with a plain `$name:fragment` matcher, the
 * registrations named by a metavariable and the calls passing one on. Null when no arm has either.
 */
export function macroRulesAt(ex: Extraction, definition: Located, imports: MacroImports): RawMacroRules | null {
  const name = fieldNode(definition.node, 'name')?.text;
  if (name === undefined) return null;
  const arms: RawMacroArm[] = [];
  for (const rule of namedChildrenOf(definition.node)) {
    if (rule.type !== 'macro_rule') continue;
    const left = fieldNode(rule, 'left');
    const right = fieldNode(rule, 'right');
    const params = left === null ? null : matcherParams(left);
    if (params === null || params.length === 0 || right === null) continue;
    const view = bodyView(locate(right, definition.view), definition, name);
    if (view === null) continue;
    bindMetavariables(view, params);
    const sites = emptySites();
    collectSites(ex, view, sites);
    const read = readSites(ex, sites, imports);
    const registrations = read.registrations.filter(namedByParameter);
    const calls = read.calls.filter((c) => c.forwarded.length > 0).map((c) => c.call);
    if (registrations.length + calls.length > 0) arms.push({ params, registrations, calls });
  }
  if (arms.length === 0) return null;
  const context = contextOf(definition);
  const { line, column } = positionOf(ex, definition);
  return {
    name,
    exported: outerAttributes(definition.node).some((a) => /^#\[\s*macro_export\b/.test(a.text)),
    scope: context.scope,
    line,
    column,
    test: context.test,
    arms,
  };
}
