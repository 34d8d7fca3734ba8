import { blobScopedMap } from '../syntax/blob-scoped.js';
import { fieldNode, typeOf } from '../syntax/node-cache.js';
import type { Holder } from '../metric-kinds.js';
import { innerAttributes, isCfgTest, isTestFunctionAttribute, outerAttributes } from '../syntax/attributes.js';
import { calleeOf, pathSegments, valuePath } from '../syntax/rust-syntax.js';
import { field, parentOf, type Located, type View } from '../syntax/view.js';

export interface SiteContext {
  /** Enclosing inline modules, outermost first. */
  readonly scope: readonly string[];
  readonly test: boolean;
  readonly holder: Holder;
  /** The static whose initialiser contains the site, for lazily initialised holders. */
  readonly holderStatic: string | null;
  /** The innermost enclosing `impl` block, for `Self::CONST` lookups. */
  readonly impl: Located | null;
}

/** Nodes that can carry `#[cfg(test)]` or `#[test]` as preceding attribute siblings. */
const ATTRIBUTED = new Set([
  'function_item',
  'mod_item',
  'impl_item',
  'static_item',
  'const_item',
  'let_declaration',
  'expression_statement',
  'macro_invocation',
  'struct_item',
  'enum_item',
  'trait_item',
]);

const LAZY_HOLDERS: Readonly<Record<string, Holder>> = {
  Lazy: 'once_cell::Lazy',
  LazyLock: 'LazyLock',
};

/** Initialisers run once, by the first caller: `OnceLock`/`OnceCell` fill a value, `Once` runs a closure. */
const ONCE_METHODS: Readonly<Record<string, Holder>> = {
  get_or_init: 'OnceLock',
  get_or_try_init: 'OnceLock',
  call_once: 'Once',
  call_once_force: 'Once',
};

function attributesMarkTest(node: Located): boolean {
  for (const attribute of outerAttributes(node.node)) {
    if (isCfgTest(attribute)) return true;
    if (typeOf(node.node) === 'function_item' && isTestFunctionAttribute(attribute)) return true;
  }
  return false;
}

function lazyHolderOf(item: Located): Holder | null {
  const value = field(item, 'value');
  if (value !== null && typeOf(value.node) === 'call_expression') {
    const callee = calleeOf(value);
    if (callee.kind === 'path') {
      const type = callee.segments[callee.segments.length - 2];
      const holder = type === undefined ? undefined : LAZY_HOLDERS[type];
      if (holder !== undefined) return holder;
    }
  }
  const type = field(item, 'type');
  if (type !== null) {
    const segments = pathSegments(type.node);
    const holder = LAZY_HOLDERS[segments[segments.length - 1] ?? ''];
    if (holder !== undefined) return holder;
  }
  return null;
}

interface PartialContext {
  readonly scope: readonly string[];
  readonly test: boolean;
  readonly holder: Holder | null;
  readonly holderStatic: string | null;
  readonly impl: Located | null;
}

const FILE_CONTEXT: PartialContext = { scope: [], test: false, holder: null, holderStatic: null, impl: null };

// All sites of a re-parsed macro body share the context of the macro invocation.
const hostContexts = blobScopedMap<View, PartialContext>();

function hostContext(view: View): PartialContext {
  if (view.host === null) return FILE_CONTEXT;
  let context = hostContexts.get(view);
  if (context === undefined) {
    context = partialContext(view.host);
    hostContexts.set(view, context);
  }
  return context;
}

function partialContext(site: Located): PartialContext {
  const scope: string[] = [];
  let test = false;
  let holder: Holder | null = null;
  let holderStatic: string | null = null;
  let impl: Located | null = null;
  let previous: Located = site;
  let current: Located | null = site;
  for (; current !== null && current.view === site.view; previous = current, current = parentOf(current)) {
    const node = current.node;
    const type = typeOf(node);
    if (!test && ATTRIBUTED.has(type) && attributesMarkTest(current)) test = true;
    switch (type) {
      case 'mod_item': {
        const name = fieldNode(node, 'name')?.text;
        if (name !== undefined) scope.unshift(name);
        const body = fieldNode(node, 'body');
        if (!test && body !== null && innerAttributes(body).some(isCfgTest)) test = true;
        break;
      }
      case 'source_file':
        if (!test && current.view.kind === 'file' && innerAttributes(node).some(isCfgTest)) test = true;
        break;
      case 'impl_item':
        impl ??= current;
        break;
      case 'function_item':
        holder ??= 'eager';
        break;
      case 'static_item':
        if (holder === null) {
          const name = fieldNode(node, 'name')?.text ?? null;
          const lazy = current.view.kind === 'items' && current.view.macroName === 'lazy_static';
          holder = lazy ? 'lazy_static' : (lazyHolderOf(current) ?? 'eager');
          holderStatic = holder === 'eager' ? null : name;
        }
        break;
      case 'call_expression':
        if (holder === null && typeOf(previous.node) === 'arguments') {
          const callee = calleeOf(current);
          const once = callee.kind === 'method' && Object.hasOwn(ONCE_METHODS, callee.name) ? ONCE_METHODS[callee.name] : undefined;
          if (callee.kind === 'method' && once !== undefined) {
            holder = once;
            const path = valuePath(callee.receiver);
            holderStatic = path === null ? null : (path[path.length - 1] ?? null);
          }
        }
        break;
      default:
        break;
    }
  }
  const outer = hostContext(site.view);
  return {
    scope: [...outer.scope, ...scope],
    test: test || outer.test,
    holder: holder ?? outer.holder,
    holderStatic: holder === null ? outer.holderStatic : holderStatic,
    impl: impl ?? outer.impl,
  };
}

/** Scope, test-ness and holder of a site, found by walking up through re-parsed macros. */
export function contextOf(site: Located): SiteContext {
  const context = partialContext(site);
  return { ...context, holder: context.holder ?? 'eager' };
}
