import { InputFileError } from '../errors.js';
import type { MetricKind } from './metric.js';

/** The repository's own configuration file, read from the analysed commit's tree. */
export const CONFIG_PATH = 'provenance.json';

/** A wrapper declared in `provenance.json`, for helpers that inference cannot see (another repository's crate). */
export interface ConfiguredWrapper {
  /** A function or a `macro_rules!` macro, by its last path segment. */
  readonly macro: boolean;
  readonly name: string;
  readonly kind: MetricKind;
  readonly vec: boolean;
  /** Argument positions, from 0. */
  readonly nameArg: number;
  readonly helpArg: number | null;
  readonly labelsArg: number | null;
  /** Put before the name given at the call site. */
  readonly prefix: string;
}

export interface WrapperConfig {
  readonly wrappers: readonly ConfiguredWrapper[];
}

export const NO_WRAPPER_CONFIG: WrapperConfig = { wrappers: [] };

const KINDS: readonly MetricKind[] = ['counter', 'int_counter', 'gauge', 'int_gauge', 'histogram'];
const KIND_NAMES = [...KINDS, ...KINDS.map((k) => `${k}_vec`)];
const WRAPPER_FIELDS = new Set(['function', 'macro', 'kind', 'nameArg', 'helpArg', 'labelsArg', 'prefix']);
const IDENTIFIER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*!?$/;

function fail(where: string, message: string): never {
  throw new InputFileError(`${where}: ${message}`, 'PROVENANCE_BAD_CONFIG');
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function argumentIndex(where: string, field: string, value: unknown, required: boolean): number | null {
  if (value === undefined && !required) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(where, `${field} must be an argument position (0, 1, ...), got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function wrapperAt(where: string, at: string, value: unknown): ConfiguredWrapper {
  const entry = record(value);
  if (entry === null) fail(where, `${at} must be an object like {"function": "name", "kind": "int_counter", "nameArg": 0}`);
  const unknown = Object.keys(entry).find((key) => !WRAPPER_FIELDS.has(key));
  if (unknown !== undefined) fail(where, `${at}.${unknown} is not a known field (use ${[...WRAPPER_FIELDS].join(', ')})`);
  const fn = entry['function'];
  const macro = entry['macro'];
  if ((fn === undefined) === (macro === undefined)) fail(where, `${at} needs exactly one of "function" and "macro"`);
  const field = fn !== undefined ? 'function' : 'macro';
  const target = fn ?? macro;
  if (typeof target !== 'string' || !IDENTIFIER_PATH.test(target)) {
    fail(where, `${at}.${field} must be a Rust name such as "try_create_int_counter", got ${JSON.stringify(target)}`);
  }
  const kind = entry['kind'];
  if (typeof kind !== 'string' || !KIND_NAMES.includes(kind)) {
    fail(where, `${at}.kind must be one of ${KIND_NAMES.join(', ')}, got ${JSON.stringify(kind) ?? 'nothing'}`);
  }
  const prefix = entry['prefix'] ?? '';
  if (typeof prefix !== 'string') fail(where, `${at}.prefix must be a string, got ${JSON.stringify(prefix)}`);
  const labelsArg = argumentIndex(where, `${at}.labelsArg`, entry['labelsArg'], false);
  const segments = target.replace(/!$/, '').split('::');
  return {
    macro: field === 'macro',
    name: segments[segments.length - 1] as string,
    kind: kind.replace(/_vec$/, '') as MetricKind,
    vec: kind.endsWith('_vec') || labelsArg !== null,
    nameArg: argumentIndex(where, `${at}.nameArg`, entry['nameArg'], true) as number,
    helpArg: argumentIndex(where, `${at}.helpArg`, entry['helpArg'], false),
    labelsArg,
    prefix,
  };
}

/**
 * Reads `provenance.json`: `{ "wrappers": [{ "function": "f", "kind": "int_counter", "nameArg": 0, ... }] }`.
 * Other top-level fields are left to other features. A malformed file throws one line naming the field.
 */
export function parseWrapperConfig(text: string, where: string): WrapperConfig {
  let parsed: unknown;
  try {
    // A byte order mark is how some editors start a UTF-8 file; JSON.parse rejects it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    fail(where, `not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const root = record(parsed);
  if (root === null) fail(where, 'must hold a JSON object');
  const wrappers = root['wrappers'];
  if (wrappers === undefined) return NO_WRAPPER_CONFIG;
  if (!Array.isArray(wrappers)) fail(where, `"wrappers" must be an array, got ${JSON.stringify(wrappers)}`);
  return { wrappers: wrappers.map((w, i) => wrapperAt(where, `wrappers[${i}]`, w)) };
}
