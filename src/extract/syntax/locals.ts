import { typeOf } from './node-cache.js';
import { identifierName } from './rust-syntax.js';
import { codeChildren, field, parentOf, startOf, type Located } from './view.js';

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

/** The last `let name` in `block` before `offset`. */
function letBinding(block: Located, name: string, offset: number): LocalBinding | null {
  let found: LocalBinding | null = null;
  for (const child of codeChildren(block)) {
    if (startOf(child) >= offset) break;
    if (typeOf(child.node) === 'let_declaration' && patternName(field(child, 'pattern')) === name) {
      found = { kind: 'let', value: field(child, 'value'), type: field(child, 'type') };
    }
  }
  return found;
}

/**
 * Resolves a local variable used at `site`: a parameter of the enclosing function or closure, or
 * the latest `let` before the site in an enclosing block. Null when the name is not local.
 */
export function lookupLocal(site: Located, name: string): LocalBinding | null {
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
