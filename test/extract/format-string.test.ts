import { describe, expect, it } from 'vitest';
import { parseFormatString } from '../../src/extract/syntax/format-string.js';

describe('parseFormatString', () => {
  it.each([
    ['app_{name}', [{ kind: 'text', value: 'app_' }, { kind: 'argument', position: null, name: 'name' }]],
    ['{}_{}_total', [{ kind: 'argument', position: null, name: null }, { kind: 'text', value: '_' }, { kind: 'argument', position: null, name: null }, { kind: 'text', value: '_total' }]],
    ['{1}{0}', [{ kind: 'argument', position: 1, name: null }, { kind: 'argument', position: 0, name: null }]],
    ['{{literal}}_{x:}', [{ kind: 'text', value: '{literal}_' }, { kind: 'argument', position: null, name: 'x' }]],
    ['plain', [{ kind: 'text', value: 'plain' }]],
  ])('%s', (format, pieces) => {
    expect(parseFormatString(format)).toEqual(pieces);
  });

  it.each(['{:?}', '{x:>8}', '{', 'a}b', '{0.5}'])('gives up on %s (not the plain text of an argument)', (format) => {
    expect(parseFormatString(format)).toBeNull();
  });
});
