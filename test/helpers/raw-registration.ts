import type { RawRegistration } from '../../src/extract/facts.js';

/** A `register_int_counter!` registration as the extractor records it, with the given fields changed. */
export function rawRegistration(overrides: Partial<RawRegistration> = {}): RawRegistration {
  return {
    library: 'prometheus',
    via: ['register_int_counter'],
    kind: 'int_counter',
    vec: false,
    name: { kind: 'literal', value: 'x_total' },
    namespace: null,
    subsystem: null,
    help: { kind: 'literal', value: 'help' },
    labels: [],
    constLabels: [],
    buckets: null,
    registry: { kind: 'default' },
    unit: null,
    role: 'define',
    static: 'X',
    holder: 'lazy_static',
    scope: [],
    line: 3,
    column: 5,
    test: false,
    expression: 'register_int_counter!(..)',
    ...overrides,
  };
}
