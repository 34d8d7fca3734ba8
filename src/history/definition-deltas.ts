import type { MetricDefinition } from '../model/metric.js';

/**
 * Definitions stored as differences: a metric's definitions across a history differ mostly in where
 * they sit (a line moved by an edit above), so each one is stored as the fields in which it differs
 * from the previous definition of the same name. On a long history this is most of the index file.
 */
export type StoredDefinition = MetricDefinition | DefinitionDelta;

/** `^`: the number of the earlier definition it differs from; `-`: fields it lacks; the rest: fields set. */
export interface DefinitionDelta {
  readonly '^': number;
  readonly '-'?: readonly string[];
  readonly [field: string]: unknown;
}

/** The definitions from number `from` on, each against an earlier one (possibly before `from`). */
export function encodeDefinitions(defs: readonly MetricDefinition[], from = 0): StoredDefinition[] {
  const lastOfName = new Map<string, number>();
  const stored: StoredDefinition[] = [];
  for (let i = 0; i < defs.length; i++) {
    const def = defs[i] as MetricDefinition;
    const before = lastOfName.get(def.name);
    lastOfName.set(def.name, i);
    if (i >= from) stored.push(before === undefined ? def : (deltaFrom(defs[before] as MetricDefinition, before, def) ?? def));
  }
  return stored;
}

/** Fields as JSON keeps them: one whose value is `undefined` is absent. */
function fieldsOf(def: MetricDefinition): [string, unknown][] {
  return Object.entries(def).filter(([, value]) => value !== undefined);
}

/** The difference, or null when decoding it would not give the same fields in the same order (renderers print in field order). */
function deltaFrom(base: MetricDefinition, baseNumber: number, def: MetricDefinition): DefinitionDelta | null {
  const baseFields = new Map(fieldsOf(base));
  const fields = fieldsOf(def);
  const present = new Set(fields.map(([field]) => field));
  const lacking = [...baseFields.keys()].filter((field) => !present.has(field));
  const order = [...[...baseFields.keys()].filter((field) => present.has(field)), ...fields.map(([field]) => field).filter((field) => !baseFields.has(field))];
  if (order.some((field, i) => fields[i]?.[0] !== field)) return null;
  const delta: Record<string, unknown> = { '^': baseNumber };
  for (const [field, value] of fields) if (!sameValue(baseFields.get(field), value)) delta[field] = value;
  if (lacking.length > 0) delta['-'] = lacking;
  return delta as DefinitionDelta;
}

/**
 * The definitions back, appended to `defs` (those `encodeDefinitions` started after); throws on a
 * delta that does not apply (the caller treats the file as corrupt).
 */
export function decodeDefinitions(stored: readonly StoredDefinition[], defs: MetricDefinition[] = []): MetricDefinition[] {
  for (const entry of stored) {
    if (typeof entry !== 'object' || entry === null) throw new Error('not a definition');
    if (!('^' in entry)) {
      defs.push(entry);
      continue;
    }
    const base = defs[entry['^']] as Record<string, unknown> | undefined;
    if (base === undefined) throw new Error('a definition refers to one not before it');
    // Built field by field rather than copied and then deleted from: a deleted property turns an
    // object into a slow dictionary, and loading an index decodes thousands of these.
    const lacking = entry['-'];
    const def: Record<string, unknown> = {};
    for (const field in base) {
      const value = base[field];
      if (value !== undefined && (lacking === undefined || !lacking.includes(field))) def[field] = value;
    }
    for (const field in entry) if (field !== '^' && field !== '-') def[field] = entry[field];
    defs.push(def as unknown as MetricDefinition);
  }
  return defs;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
