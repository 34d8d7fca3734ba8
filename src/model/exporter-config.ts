import type { MetricExporter } from '../dashboards/dependency-exporters.js';
import { InputFileError } from '../errors.js';

const EXPORTER_FIELDS = new Set(['crate', 'prefixes']);
const PACKAGE_NAME = /^[A-Za-z0-9_-]+$/;
/** A metric name prefix: what a metric name may start with. */
const PREFIX = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function fail(where: string, message: string): never {
  throw new InputFileError(`${where}: ${message}`, 'PROVENANCE_BAD_CONFIG');
}

function exporterAt(where: string, at: string, value: unknown): MetricExporter {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(where, `${at} must be an object like {"crate": "opendal", "prefixes": ["opendal_"]}`);
  }
  const entry = value as Record<string, unknown>;
  const unknown = Object.keys(entry).find((key) => !EXPORTER_FIELDS.has(key));
  if (unknown !== undefined) fail(where, `${at}.${unknown} is not a known field (use crate, prefixes)`);
  const crate = entry['crate'];
  if (typeof crate !== 'string' || !PACKAGE_NAME.test(crate)) {
    fail(where, `${at}.crate must be a Cargo package name such as "raft-engine", got ${JSON.stringify(crate) ?? 'nothing'}`);
  }
  const prefixes = entry['prefixes'];
  if (!Array.isArray(prefixes) || prefixes.length === 0) {
    fail(where, `${at}.prefixes must be a non-empty array of metric name prefixes such as ["${crate.replace(/-/g, '_')}_"], got ${JSON.stringify(prefixes) ?? 'nothing'}`);
  }
  prefixes.forEach((prefix: unknown, i) => {
    if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
      fail(where, `${at}.prefixes[${i}] must be the start of a metric name (letters, digits, _ and :), got ${JSON.stringify(prefix)}`);
    }
  });
  return { crate, prefixes: prefixes as string[], source: 'provenance.json' };
}

/**
 * The `exporters` of `provenance.json`: `{ "exporters": [{ "crate": "mycrate", "prefixes": ["my_"] }] }`.
 * Other top-level fields belong to other features (`wrappers`). A malformed entry throws one line naming the field.
 */
export function parseExporterConfig(text: string, where: string): readonly MetricExporter[] {
  let parsed: unknown;
  try {
    // A byte order mark is how some editors start a UTF-8 file; JSON.parse rejects it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    fail(where, `not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail(where, 'must hold a JSON object');
  const exporters = (parsed as Record<string, unknown>)['exporters'];
  if (exporters === undefined) return [];
  if (!Array.isArray(exporters)) fail(where, `"exporters" must be an array, got ${JSON.stringify(exporters)}`);
  return exporters.map((e, i) => exporterAt(where, `exporters[${i}]`, e));
}
