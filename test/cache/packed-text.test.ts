import { describe, expect, it } from 'vitest';
import { packText, unpackText } from '../../src/cache/packed-text.js';

describe('packed text', () => {
  it('gives back exactly the text it packed, in fewer characters when the text repeats, and on one line', () => {
    const entries = Array.from({ length: 400 }, (_, i) => [`src/storage/region_${i % 37}/mod.rs`, (i * 7919).toString(16).padStart(40, '0')]);
    const text = JSON.stringify({ set: entries, del: ['src/ü/ünïcode.rs', 'a\tb'] });
    const packed = packText(text);
    expect(unpackText(packed)).toBe(text);
    expect(packed.length).toBeLessThan(text.length / 2);
    expect(packed).not.toMatch(/[\n\t]/);
    expect(unpackText(packText(''))).toBe('');
  });

  it('answers null for a record that is not packed text (an older format, or damage)', () => {
    expect(unpackText('{"set":[],"del":[]}')).toBeNull();
    const packed = packText('x'.repeat(1000));
    expect(unpackText(packed.slice(0, packed.length - 4))).toBeNull();
  });
});
