import { describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION, extractorFingerprint } from '../../src/extract/pool/fingerprint.js';

describe('extractorFingerprint', () => {
  it('is a stable sha-256 over the extractor version, grammar versions and query files', () => {
    expect(EXTRACTOR_VERSION).toMatch(/^\d+$/);
    const fingerprint = extractorFingerprint();
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(extractorFingerprint()).toBe(fingerprint);
  });
});
