/**
 * The rules between the macro name sets that the extractor's stages rely on. collect-sites.ts returns
 * early for a value macro (never searched for registrations, never a wrapper call); token-tree.ts and
 * read-sites.ts re-parse the nested value macros' arguments as values.
 */
import { describe, expect, it } from 'vitest';
import { FOREIGN_MACROS, ITEM_MACROS, NESTED_VALUE_MACROS, NON_EXPRESSION_MACROS, VALUE_MACROS } from '../../src/extract/macro-vocabulary.js';

describe('macro vocabulary', () => {
  it('has every nested value macro read as a value, except vec!', () => {
    const notValues = [...NESTED_VALUE_MACROS].filter((name) => !VALUE_MACROS.has(name));
    expect(notValues).toEqual(['vec']);
  });

  it('searches vec! for registrations, but never reads it as a wrapper call', () => {
    expect(VALUE_MACROS.has('vec')).toBe(false);
    expect(FOREIGN_MACROS.has('vec')).toBe(true);
  });

  it('has start-up reading skip the bodies of item macros', () => {
    expect([...ITEM_MACROS].filter((name) => !NON_EXPRESSION_MACROS.has(name))).toEqual([]);
  });
});
