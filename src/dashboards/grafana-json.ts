/** Reading a dashboard file as JSON, with errors that say where it is not the shape of a Grafana dashboard. */
import { InputFileError } from '../errors.js';
import { locateJsonError } from './json-position.js';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export function parseJson(text: string, file: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const at = locateJsonError(text, error);
    throw new InputFileError(
      `${file}:${at.line}:${at.column}: invalid JSON (${at.reason}); fix the file or export the dashboard again`
    );
  }
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: Json, path: string, file: string): JsonObject {
  if (!isObject(value)) throw shapeError(file, path, `expected an object, found ${describe(value)}`);
  return value;
}

export function expectArray(value: Json, path: string, file: string): readonly Json[] {
  if (!Array.isArray(value)) throw shapeError(file, path, `expected an array, found ${describe(value)}`);
  return value as readonly Json[];
}

export function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function shapeError(file: string, path: string, what: string): InputFileError {
  const where = path === '' ? '' : ` at ${path}`;
  return new InputFileError(`${file}: not a Grafana dashboard${where}: ${what}; pass a dashboard exported from Grafana`);
}
