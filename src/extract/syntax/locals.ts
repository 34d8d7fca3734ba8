import { blobScopedMap } from './blob-scoped.js';
import { startIndexOf, typeOf } from './node-cache.js';
import type { SyntaxNode } from './parser.js';
import { identifierName } from './rust-syntax.js';
import { codeChildren, field, parentOf, startOf, type Located, type View } from './view.js';

export type LocalBinding =
  /** `index` counts the parameters of a `fn` (without `self`); null for a closure's. */
  | { readonly kind: 'parameter'; readonly type: Located | null; readonly index: number | null }
  | { readonly kind: 'let'; readonly value: Located | null; readonly type: Located | null };

function patternName(pattern: Located | null): string | null {
  if (pattern === null) return null;
  if (typeOf(pattern.node) === 'mut_pattern') {
    const [inner] = codeChildren(pattern);
    return inner === undefined ? null : identifierName(inner.node);
  }
  return identifierName(pattern.node);
}

function parameterBinding(parameters: Located, name: string, numbered: boolean): LocalBinding | null {
  let index = 0;
  for (const parameter of codeChildren(parameters)) {
    const type = typeOf(parameter.node);
    if (type === 'self_parameter') continue;
    if (type === 'identifier' && parameter.node.text === name) return { kind: 'parameter', type: null, index: numbered ? index : null };
    if (type === 'parameter' && patternName(field(parameter, 'pattern')) === name) {
      return { kind: 'parameter', type: field(parameter, 'type'), index: numbered ? index : null };
    }
    index++;
  }
  return null;
}

/** A `let` of a block: where it starts (in its tree), the name it binds, and its value and type. */
interface LetEntry {
  readonly start: number;
  readonly name: string | null;
  readonly value: SyntaxNode | null;
  readonly type: SyntaxNode | null;
}

/**
 * Each block's `let`s, read once: a long function body is asked about its locals at every call, and
 * reading its statements each time made extraction quadratic in the body's length.
 */
const letsByBlock = blobScopedMap<SyntaxNode, readonly LetEntry[]>();

function letsOf(block: Located): readonly LetEntry[] {
  let lets = letsByBlock.get(block.node);
  if (lets === undefined) {
    const found: LetEntry[] = [];
    for (const child of codeChildren(block)) {
      if (typeOf(child.node) !== 'let_declaration') continue;
      found.push({
        start: startIndexOf(child.node),
        name: patternName(field(child, 'pattern')),
        value: field(child, 'value')?.node ?? null,
        type: field(child, 'type')?.node ?? null,
      });
    }
    letsByBlock.set(block.node, (lets = found));
  }
  return lets;
}

/** The last `let name` in `block` before `offset`. */
function letBinding(block: Located, name: string, offset: number): LocalBinding | null {
  let found: LetEntry | null = null;
  for (const entry of letsOf(block)) {
    if (entry.start + block.view.delta >= offset) break;
    if (entry.name === name) found = entry;
  }
  if (found === null) return null;
  return {
    kind: 'let',
    value: found.value === null ? null : { node: found.value, view: block.view },
    type: found.type === null ? null : { node: found.type, view: block.view },
  };
}

/**
 * Resolves a local variable used at `site`: a parameter of the enclosing function or closure, or
 * the latest `let` before the site in an enclosing block. Null when the name is not local.
 */
export function lookupLocal(site: Located, name: string): LocalBinding | null {
  // An argument is looked up by each reader that tries it (options, lists, strings): answer once.
  let byName = lookups.get(site.node);
  if (byName === undefined) lookups.set(site.node, (byName = new Map()));
  const known = byName.get(name);
  if (known !== undefined && known.view === site.view) return known.binding;
  const binding = findLocal(site, name);
  byName.set(name, { view: site.view, binding });
  return binding;
}

const lookups = blobScopedMap<SyntaxNode, Map<string, { readonly view: View; readonly binding: LocalBinding | null }>>();

function findLocal(site: Located, name: string): LocalBinding | null {
  const offset = startOf(site);
  for (let current = parentOf(site); current !== null; current = parentOf(current)) {
    switch (typeOf(current.node)) {
      case 'block': {
        const found = letBinding(current, name, offset);
        if (found !== null) return found;
        break;
      }
      case 'closure_expression': {
        const parameters = field(current, 'parameters');
        const found = parameters === null ? null : parameterBinding(parameters, name, false);
        if (found !== null) return found;
        break;
      }
      case 'function_item': {
        const parameters = field(current, 'parameters');
        return parameters === null ? null : parameterBinding(parameters, name, true);
      }
      default:
        break;
    }
  }
  return null;
}
