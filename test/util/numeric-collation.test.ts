import { describe, expect, it } from 'vitest';
import { numericCollationCompare } from '../../src/util/numeric-collation.js';
import { seededRandom } from '../../src/util/seeded-random.js';

const collator = new Intl.Collator('en', { numeric: true });

/** Random texts over `alphabet`, up to `maxLength` characters. */
function texts(seed: number, alphabet: string, count: number, maxLength: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = Math.floor(random() * (maxLength + 1));
    for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
    out.push(text);
  }
  return out;
}

function disagreements(samples: readonly string[]): string[] {
  const found: string[] = [];
  for (let k = 0; k + 1 < samples.length; k++) {
    const a = samples[k] as string;
    const b = samples[k + 1] as string;
    if (Math.sign(collator.compare(a, b)) !== numericCollationCompare(a, b)) found.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return found;
}

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

describe('numericCollationCompare', () => {
  it.each([
    ['feature/b2', 'feature/b10', -1],
    ['a01', 'a1', 0],
    ['0', '00', 0],
    ['a0', 'a', 1],
    ['a-b', 'ab', -1],
    ['aB', 'Ab', -1],
    ['ab', 'A', 1],
    ['a', 'B', -1],
    ['release/1.10', 'release/1.9', 1],
    ['', 'x', -1],
  ])('%s vs %s: %i, as the collator', (a, b, expected) => {
    expect(numericCollationCompare(a, b)).toBe(expected);
    expect(Math.sign(collator.compare(a, b))).toBe(expected);
  });

  it('agrees with Intl.Collator on ref-like texts: digits with zeros, both cases, separators', () => {
    expect(disagreements(texts(1, 'aAbBzZ0019-_/. ~$', 60_000, 8))).toEqual([]);
  });

  it('agrees with Intl.Collator on any printable ASCII', () => {
    expect(disagreements(texts(2, PRINTABLE, 60_000, 6))).toEqual([]);
  });

  it('agrees where the text is not ASCII or a number is too long to compute here (the collator answers)', () => {
    const long = `v${'9'.repeat(40)}`;
    const samples = ['é', 'e', 'É', 'ä1', 'a1', long, `v${'9'.repeat(39)}`, 'Straße', 'strasse', 'x\u0000', 'x'];
    for (const a of samples) for (const b of samples) expect(numericCollationCompare(a, b), `${a} vs ${b}`).toBe(Math.sign(collator.compare(a, b)));
  });

  it('agrees on near-equal texts: the case of one letter flipped, or a zero put before a number', () => {
    const random = seededRandom(4);
    const pairs = texts(5, 'aAbB0019-/.', 30_000, 9).flatMap((text) => {
      const at = Math.floor(random() * (text.length + 1));
      const flipped = text.slice(0, at) + (text[at] ?? '').replace(/[a-zA-Z]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())) + text.slice(at + 1);
      return [text, flipped, `${text.slice(0, at)}0${text.slice(at)}`];
    });
    expect(disagreements(pairs)).toEqual([]);
  });

  it('sorts as the collator sorts', () => {
    const refs = texts(3, 'abAB019/-._', 2_000, 10);
    expect([...refs].sort(numericCollationCompare)).toEqual([...refs].sort((a, b) => collator.compare(a, b)));
  });
});
