import { bindPattern, newSink, walkBody, type BodySink, type PendingMacro } from './function-bodies.js';
import { typeHintOf } from './type-hints.js';
import type { StartupCall, StartupFacts, StartupFunction, StartupItem, StartupStatic, StartupUse } from './fact-types.js';
import { lazyStaticsIn, staticMentionsIn, staticReadsIn } from './static-reads.js';
import { expandMacros } from './macros.js';
import { attributePathOf, pathOf, typeNameOf } from './rust-paths.js';
import { parsePlain, type PlainNode } from './plain-tree.js';
import { isTestBody, isTestItem, outerAttributes } from './test-items.js';
import { withoutTestModules } from './test-module-text.js';

const MAIN_ATTRIBUTES = new Set(['tokio::main', 'actix_web::main', 'actix_rt::main', 'async_std::main']);
const TYPE_ITEMS = new Set(['struct_item', 'enum_item', 'union_item', 'type_item', 'trait_item']);

interface Owner {
  readonly scope: readonly string[];
  readonly implType: string | null;
  readonly trait: string | null;
  readonly test: boolean;
  /** Directly in the file, outside any `mod`, `impl` or function. */
  readonly topLevel: boolean;
}

interface Draft {
  readonly fn: Omit<StartupFunction, 'calls' | 'statics'>;
  readonly sink: BodySink;
}

interface Collected {
  readonly drafts: Draft[];
  readonly derived: StartupStatic[];
  readonly uses: StartupUse[];
  readonly modules: StartupItem[];
  readonly types: StartupItem[];
  readonly macros: PendingMacro[];
}

/** `use` trees flattened: `use a::{b, c as d, e::*}` → `a::b` as `b`, `a::c` as `d`, `a::e` as `*`. */
function usesOf(node: PlainNode, prefix: readonly string[], scope: readonly string[], out: StartupUse[]): void {
  switch (node.type) {
    case 'use_as_clause': {
      const path = node.childForFieldName('path');
      const alias = node.childForFieldName('alias');
      const segments = path === null ? null : pathOf(path);
      if (segments !== null && alias !== null) out.push({ scope, path: [...prefix, ...segments], alias: alias.text });
      return;
    }
    case 'scoped_use_list': {
      const path = node.childForFieldName('path');
      const list = node.childForFieldName('list');
      const segments = path === null ? [] : pathOf(path);
      if (segments !== null && list !== null) usesOf(list, [...prefix, ...segments], scope, out);
      return;
    }
    case 'use_list':
      for (const child of node.namedChildren) usesOf(child, prefix, scope, out);
      return;
    case 'use_wildcard': {
      const path = node.namedChildren.find((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
      const segments = path === undefined ? [] : pathOf(path);
      if (segments !== null) out.push({ scope, path: [...prefix, ...segments], alias: '*' });
      return;
    }
    case 'self': {
      const last = prefix[prefix.length - 1];
      if (last !== undefined) out.push({ scope, path: prefix, alias: last });
      return;
    }
    default: {
      const segments = pathOf(node);
      const last = segments?.[segments.length - 1];
      if (segments !== null && last !== undefined) out.push({ scope, path: [...prefix, ...segments], alias: last });
    }
  }
}

function readFunction(node: PlainNode, owner: Owner, text: string, out: Collected): void {
  const name = node.childForFieldName('name')?.text ?? '';
  const attributes = outerAttributes(node);
  const mainAttribute = attributes.map(attributePathOf).find((path): path is string => path !== null && MAIN_ATTRIBUTES.has(path)) ?? null;
  const parameters = node.childForFieldName('parameters');
  const hasSelf = parameters?.namedChildren.some((p) => p.type === 'self_parameter') ?? false;
  const sink = newSink();
  for (const parameter of parameters?.namedChildren ?? []) {
    const pattern = parameter.childForFieldName('pattern');
    bindPattern(pattern, sink);
    const type = typeHintOf(parameter.childForFieldName('type'));
    if (pattern?.type === 'identifier' && type !== null) sink.bindings.set(pattern.text, type);
  }
  out.drafts.push({
    fn: {
      name,
      line: node.row + 1,
      scope: owner.scope,
      implType: owner.implType,
      trait: owner.trait,
      hasSelf,
      main: name === 'main' && owner.topLevel,
      mainAttribute,
      test: owner.test || isTestItem(node, attributes),
    },
    sink,
  });
  const body = node.childForFieldName('body');
  if (body === null) return;
  const items: PlainNode[] = [];
  walkBody(body, { conditional: false, errorPath: false }, { text, lineAt: (row) => row + 1, sink, macros: out.macros, items });
  // Items nested in a function belong to the enclosing module, as far as paths are concerned.
  const inner: Owner = { scope: owner.scope, implType: null, trait: null, test: owner.test, topLevel: false };
  for (const item of items) readItem(item, inner, text, out);
}

/**
 * `macro_rules! m { .. => { $crate::metrics::X.inc() } }`: where the macro expands is not known, so
 * the statics its rules name are read as uses by a function `m!` that nothing in sight calls.
 */
function readMacroDefinition(node: PlainNode, owner: Owner, out: Collected): void {
  const name = node.childForFieldName('name')?.text;
  if (name === undefined) return;
  // Same length, so offsets still count lines: `$crate::m::X` reads as `crate::m::X`.
  const text = node.text.replace(/\$crate\b/g, ' crate');
  const mentions = staticMentionsIn(text);
  if (mentions.length === 0) return;
  const sink = newSink();
  for (const mention of mentions) {
    const line = node.row + 1 + (text.slice(0, mention.offset).match(/\n/g)?.length ?? 0);
    sink.statics.push({ path: mention.path, how: 'use', labelValues: false, line, conditional: true, errorPath: false });
  }
  const fn = { name: `${name}!`, line: node.row + 1, scope: owner.scope, implType: null, trait: null, hasSelf: false, main: false, mainAttribute: null, test: owner.test };
  out.drafts.push({ fn, sink });
}

function readItem(node: PlainNode, owner: Owner, text: string, out: Collected): void {
  switch (node.type) {
    case 'function_item':
      readFunction(node, owner, text, out);
      return;
    case 'impl_item':
    case 'trait_item': {
      const isTrait = node.type === 'trait_item';
      const typeName = isTrait ? (node.childForFieldName('name')?.text ?? null) : typeNameOf(node.childForFieldName('type'));
      const traitName = isTrait ? typeName : typeNameOf(node.childForFieldName('trait'));
      if (isTrait && typeName !== null) out.types.push({ scope: owner.scope, name: typeName });
      const test = owner.test || isTestItem(node);
      const inner: Owner = { scope: owner.scope, implType: typeName, trait: traitName, test, topLevel: false };
      for (const child of node.childForFieldName('body')?.namedChildren ?? []) {
        if (child.type === 'function_item') readFunction(child, inner, text, out);
      }
      return;
    }
    case 'mod_item': {
      const name = node.childForFieldName('name')?.text;
      const body = node.childForFieldName('body');
      if (name === undefined || body === null) return;
      out.modules.push({ scope: owner.scope, name });
      const inner: Owner = { scope: [...owner.scope, name], implType: null, trait: null, test: owner.test || isTestItem(node), topLevel: false };
      for (const child of body.namedChildren) readItem(child, inner, text, out);
      return;
    }
    case 'use_declaration': {
      const argument = node.childForFieldName('argument');
      if (argument !== null) usesOf(argument, [], owner.scope, out.uses);
      return;
    }
    case 'macro_definition':
      readMacroDefinition(node, owner, out);
      return;
    case 'static_item': {
      const name = node.childForFieldName('name')?.text;
      const value = node.childForFieldName('value');
      if (owner.test || name === undefined || value === null) return;
      const reads = staticReadsIn(value.text, name);
      if (reads.length > 0) out.derived.push({ scope: owner.scope, name, reads });
      return;
    }
    case 'macro_invocation': {
      const macro = node.childForFieldName('macro');
      if (owner.test || macro === null || (pathOf(macro) ?? []).pop() !== 'lazy_static') return;
      for (const item of lazyStaticsIn(node.lastChild?.text ?? '')) out.derived.push({ scope: owner.scope, ...item });
      return;
    }
    default:
      if (TYPE_ITEMS.has(node.type)) {
        const name = node.childForFieldName('name')?.text;
        if (name !== undefined) out.types.push({ scope: owner.scope, name });
      }
  }
}

function isLocalCall(call: StartupCall, sink: BodySink): boolean {
  return call.kind === 'path' && call.path.length === 1 && sink.locals.has(call.path[0] as string);
}

/** A start-up walk needs only the first call of each callee (and whether some call of it is unconditional). */
function firstOfEach(calls: readonly StartupCall[]): StartupCall[] {
  const seen = new Set<string>();
  return calls.filter((call) => {
    const where = `${call.conditional}|${call.errorPath}`;
    const key = call.kind === 'path' ? `p|${call.path.join('::')}|${where}|${call.reference}` : `m|${call.method}|${call.receiverType ?? ''}|${where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Functions, uses, inline modules and type names of one file, with each function's calls and touches. */
export function collectStartupItems(source: string): Omit<StartupFacts, 'diagnostics'> {
  const text = withoutTestModules(source);
  const root = parsePlain(text, isTestBody);
  const out: Collected = { drafts: [], derived: [], uses: [], modules: [], types: [], macros: [] };
  const top: Owner = { scope: [], implType: null, trait: null, test: false, topLevel: true };
  for (const child of root.namedChildren) readItem(child, top, text, out);
  expandMacros(out.macros);
  const byPosition = <T extends { readonly line: number }>(list: readonly T[]): T[] =>
    list.map((item, i) => [item, i] as const).sort((a, b) => a[0].line - b[0].line || a[1] - b[1]).map(([item]) => item);
  return {
    functions: out.drafts
      .map((d) => ({ ...d.fn, calls: firstOfEach(byPosition(d.sink.calls.filter((c) => !isLocalCall(c, d.sink)))), statics: byPosition(d.sink.statics) }))
      .sort((a, b) => a.line - b.line),
    derived: out.derived,
    uses: out.uses,
    modules: out.modules,
    types: out.types,
  };
}
