import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/errors.js';
import { parseWrapperConfig } from '../../src/model/wrapper-config.js';

describe('parseWrapperConfig', () => {
  it('reads functions and macros, with defaults for the optional fields', () => {
    const config = parseWrapperConfig(
      JSON.stringify({
        wrappers: [
          { function: 'lighthouse_metrics::try_create_int_counter', kind: 'int_counter', nameArg: 0, helpArg: 1, prefix: '' },
          { macro: 'vendor_histogram!', kind: 'histogram', nameArg: 1, labelsArg: 2, prefix: 'vendor_' },
          { function: 'gauges', kind: 'int_gauge_vec', nameArg: 0 },
        ],
        startup: { other: 'features may add fields' },
      }),
      'provenance.json',
    );
    expect(config.wrappers).toEqual([
      { macro: false, name: 'try_create_int_counter', kind: 'int_counter', vec: false, nameArg: 0, helpArg: 1, labelsArg: null, prefix: '' },
      { macro: true, name: 'vendor_histogram', kind: 'histogram', vec: true, nameArg: 1, helpArg: null, labelsArg: 2, prefix: 'vendor_' },
      { macro: false, name: 'gauges', kind: 'int_gauge', vec: true, nameArg: 0, helpArg: null, labelsArg: null, prefix: '' },
    ]);
    expect(parseWrapperConfig('{}', 'provenance.json').wrappers).toEqual([]);
  });

  it.each([
    ['not JSON', '{ wrappers: [', /^provenance\.json: not valid JSON \(/],
    ['not an object', '[]', /^provenance\.json: must hold a JSON object$/],
    ['wrappers not an array', '{"wrappers": {}}', /^provenance\.json: "wrappers" must be an array, got \{\}$/],
    ['an entry not an object', '{"wrappers": ["f"]}', /^provenance\.json: wrappers\[0\] must be an object like/],
    ['neither function nor macro', '{"wrappers": [{"kind": "counter", "nameArg": 0}]}', /^provenance\.json: wrappers\[0\] needs exactly one of "function" and "macro"$/],
    ['both function and macro', '{"wrappers": [{"function": "f", "macro": "m", "kind": "counter", "nameArg": 0}]}', /needs exactly one of "function" and "macro"$/],
    ['a function that is no Rust name', '{"wrappers": [{"function": "f()", "kind": "counter", "nameArg": 0}]}', /^provenance\.json: wrappers\[0\]\.function must be a Rust name such as "try_create_int_counter", got "f\(\)"$/],
    ['an unknown kind', '{"wrappers": [{"function": "f", "kind": "summary", "nameArg": 0}]}', /^provenance\.json: wrappers\[0\]\.kind must be one of counter, int_counter, gauge, int_gauge, histogram, counter_vec, .*, got "summary"$/],
    ['a missing nameArg', '{"wrappers": [{"function": "f", "kind": "counter"}]}', /^provenance\.json: wrappers\[0\]\.nameArg must be an argument position \(0, 1, \.\.\.\), got nothing$/],
    ['a fractional helpArg', '{"wrappers": [{"function": "f", "kind": "counter", "nameArg": 0, "helpArg": 1.5}]}', /wrappers\[0\]\.helpArg must be an argument position \(0, 1, \.\.\.\), got 1\.5$/],
    ['a prefix that is no string', '{"wrappers": [{"function": "f", "kind": "counter", "nameArg": 0, "prefix": 1}]}', /wrappers\[0\]\.prefix must be a string, got 1$/],
    ['a misspelt field', '{"wrappers": [{"function": "f", "kind": "counter", "nameArg": 0}, {"function": "g", "kind": "gauge", "nameArgs": 0}]}', /^provenance\.json: wrappers\[1\]\.nameArgs is not a known field \(use function, macro, kind, nameArg, helpArg, labelsArg, prefix\)$/],
  ])('rejects %s with one line naming the field', (_name, text, message) => {
    let error: unknown;
    try {
      parseWrapperConfig(text, 'provenance.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputFileError);
    const e = error as InputFileError;
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('\n');
    expect(e.code).toBe('PROVENANCE_BAD_CONFIG');
    expect(e.exitCode).toBe(2);
  });
});
