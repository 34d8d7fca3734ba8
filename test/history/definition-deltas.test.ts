import { describe, expect, it } from 'vitest';
import { decodeDefinitions, encodeDefinitions } from '../../src/history/definition-deltas.js';
import type { MetricDefinition } from '../../src/model/metric.js';
import { sampleDefinition } from '../helpers/sample-definition.js';

const base: MetricDefinition = sampleDefinition;

/** What a definition is once written as JSON and read back (fields set to undefined are gone). */
const asStored = (defs: readonly MetricDefinition[]) => JSON.parse(JSON.stringify(defs)) as MetricDefinition[];

describe('definition deltas', () => {
  const history: MetricDefinition[] = [
    base,
    { ...base, line: 12 },
    { ...base, name: 'app_errors_total', static: 'ERRORS', line: 20 },
    { ...base, line: 14, labels: ['method', 'code'], help: null },
    // A field appears (the decoded order puts it last: stored whole unless it is last already).
    { ...base, line: 15, registeredAt: { path: 'src/main.rs', line: 3 } },
    { ...base, writtenName: 'app.requests', line: 16 },
    // A field disappears, and one is undefined (absent once stored).
    { ...base, line: 17, help: undefined as unknown as string },
    { ...base, name: 'app_errors_total', static: 'ERRORS', line: 21, buckets: [0.1, 1], kind: 'histogram' },
  ];

  it('encodes the definitions after a prefix against earlier ones, and decodes them onto the prefix (an index tail)', () => {
    for (let from = 0; from <= history.length; from++) {
      const tail = JSON.parse(JSON.stringify(encodeDefinitions(history, from))) as ReturnType<typeof encodeDefinitions>;
      expect(tail).toEqual(JSON.parse(JSON.stringify(encodeDefinitions(history))).slice(from));
      const decoded = decodeDefinitions(tail, asStored(history.slice(0, from)));
      expect(JSON.stringify(decoded)).toBe(JSON.stringify(asStored(history)));
    }
  });

  it('decodes to exactly what was stored, field order included', () => {
    const stored = JSON.parse(JSON.stringify(encodeDefinitions(history))) as ReturnType<typeof encodeDefinitions>;
    const decoded = decodeDefinitions(stored);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(asStored(history)));
  });

  it('stores a moved definition as its new line only', () => {
    expect(encodeDefinitions(history)[1]).toEqual({ '^': 0, line: 12 });
    expect(encodeDefinitions(history)[6]).toEqual({ '^': 5, line: 17, '-': ['help', 'writtenName'] });
  });

  it('rejects a delta that refers forward', () => {
    expect(() => decodeDefinitions([{ '^': 3, line: 1 }])).toThrow();
  });
});
