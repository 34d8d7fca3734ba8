/**
 * What a dashboard shows when it is opened: its time range and the current value of each template
 * variable. Read from the same JSON as grafana.ts; only what asking Prometheus needs.
 */

export interface VariableValue {
  readonly name: string;
  /** The selected values (`$__all` already expanded), or null when the export does not say. */
  readonly values: readonly string[] | null;
  /** Multi-value or include-All variables are interpolated as a regex alternation. */
  readonly regexFormatted: boolean;
  /** The custom "All" value, which is used as written. */
  readonly allValue: string | null;
  readonly all: boolean;
}

export interface DashboardSettings {
  /** `time.from` as written, e.g. `now-6h`. */
  readonly timeFrom: string | null;
  readonly variables: ReadonlyMap<string, VariableValue>;
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Never throws on shapes it does not know: grafana.ts has already validated what it needs. */
export function readDashboardSettings(text: string): DashboardSettings {
  let root: Json;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Json;
  } catch {
    return { timeFrom: null, variables: new Map() };
  }
  if (!isObject(root)) return { timeFrom: null, variables: new Map() };
  const dashboard = !('panels' in root) && !('rows' in root) && isObject(root.dashboard) ? root.dashboard : root;
  const time = dashboard.time;
  const timeFrom = isObject(time) && typeof time.from === 'string' ? time.from : null;
  const variables = new Map<string, VariableValue>();
  const templating = dashboard.templating;
  const list = isObject(templating) && Array.isArray(templating.list) ? (templating.list as readonly Json[]) : [];
  for (const raw of list) {
    if (!isObject(raw) || typeof raw.name !== 'string') continue;
    variables.set(raw.name, variableValue(raw, raw.name));
  }
  return { timeFrom, variables };
}

function variableValue(v: JsonObject, name: string): VariableValue {
  const allValue = typeof v.allValue === 'string' && v.allValue !== '' ? v.allValue : null;
  const regexFormatted = v.multi === true || v.includeAll === true;
  const current = isObject(v.current) ? v.current.value : undefined;
  let values = strings(current);
  // A constant or a textbox keeps its value in `query` when `current` is missing.
  if (values === null && (v.type === 'constant' || v.type === 'textbox') && typeof v.query === 'string') values = [v.query];
  const all = values !== null && values.includes('$__all');
  if (all) {
    const options = Array.isArray(v.options) ? (v.options as readonly Json[]) : [];
    const listed = options.flatMap((o) => (isObject(o) && typeof o.value === 'string' && o.value !== '$__all' ? [o.value] : []));
    values = allValue !== null ? [allValue] : listed.length > 0 ? listed : null;
  }
  return { name, values, regexFormatted, allValue, all };
}

function strings(value: Json | undefined): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'string')) return value as string[];
  return null;
}

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.[^:^}]+)?(?::([^}]+))?\}/g;

/**
 * A label matcher's value with its template variables replaced as Grafana's Prometheus data source
 * does, or null when a variable's value is unknown (the matcher is then not applied).
 */
export function interpolateMatcherValue(value: string, variables: ReadonlyMap<string, VariableValue>): string | null {
  let unknown = false;
  const out = value.replace(VARIABLE, (whole, a?: string, b?: string, bFormat?: string, c?: string, cFormat?: string) => {
    const name = a ?? b ?? c ?? '';
    if (/^\d+$/.test(name)) return whole;
    const variable = variables.get(name);
    const format = bFormat ?? cFormat ?? null;
    if (!variable || variable.values === null || (format !== null && !['raw', 'regex', 'pipe'].includes(format))) {
      unknown = true;
      return whole;
    }
    if (variable.all && variable.allValue !== null) return variable.allValue;
    const values = variable.values;
    if (format === 'raw') return values.join(',');
    if (format === 'pipe') return values.join('|');
    if (format === 'regex' || variable.regexFormatted) {
      const escaped = values.map(escapeRegex);
      return escaped.length === 1 ? (escaped[0] as string) : `(${escaped.join('|')})`;
    }
    return values.join(',');
  });
  return unknown ? null : out;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$*+?.()|{}[\]]/g, '\\$&');
}

/**
 * The window a relative `time.from` (`now-6h`, `now-7d`) covers, in seconds; null for absolute times
 * and anything else.
 */
export function relativeWindowSeconds(from: string | null): number | null {
  const m = from === null ? null : /^now-(\d+)([smhdwy])$/.exec(from.trim());
  if (!m) return null;
  return Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** `1h`, `30m`, `1h30m`, `2d` (Prometheus durations) in seconds, or null. */
export function parseDuration(text: string): number | null {
  if (!/^(\d+(ms|[smhdwy]))+$/.test(text)) return null;
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g)) total += m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
  return total > 0 ? total : null;
}
