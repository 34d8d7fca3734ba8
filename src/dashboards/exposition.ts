/**
 * The metric families in a Prometheus text exposition (`/metrics` output, format 0.0.4 and OpenMetrics).
 * A bad line becomes a warning and the rest is still read, because a partial scrape is still evidence.
 */
import { seriesCandidates } from './series-names.js';

export type ExpositionMetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'unknown'
  | 'untyped';

const TYPES: ReadonlySet<string> = new Set<ExpositionMetricType>([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
  'untyped',
]);

export interface MetricFamily {
  readonly name: string;
  /** `untyped` when no `# TYPE` line names the family. */
  readonly type: ExpositionMetricType;
  readonly help: string | null;
  readonly unit: string | null;
  /** Distinct sample names seen, e.g. `x_bucket`, `x_sum`, `x_count`. */
  readonly sampleNames: readonly string[];
  /** Distinct label names over all samples, including `le` and `quantile`. */
  readonly labelNames: readonly string[];
  readonly sampleCount: number;
  /** 1-based line of the first HELP, TYPE or sample of the family. */
  readonly line: number;
}

export interface ExpositionWarning {
  readonly line: number;
  readonly message: string;
}

export interface Exposition {
  readonly families: readonly MetricFamily[];
  readonly warnings: readonly ExpositionWarning[];
  /** Whether the text ended with OpenMetrics' `# EOF`. */
  readonly eof: boolean;
}

interface FamilyBuilder {
  name: string;
  type: ExpositionMetricType;
  typeLine: number | null;
  help: string | null;
  unit: string | null;
  sampleNames: Set<string>;
  labelNames: Set<string>;
  sampleCount: number;
  line: number;
}

interface Sample {
  readonly name: string;
  readonly labels: readonly string[];
}

class LineError extends Error {}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, FamilyBuilder>();
  const warnings: ExpositionWarning[] = [];
  let eof = false;
  let lineStart = 0;
  let lineNumber = 0;

  const family = (name: string, line: number): FamilyBuilder => {
    let f = families.get(name);
    if (f === undefined) {
      f = { name, type: 'untyped', typeLine: null, help: null, unit: null, sampleNames: new Set(), labelNames: new Set(), sampleCount: 0, line };
      families.set(name, f);
    }
    return f;
  };

  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let line = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    lineNumber++;
    if (line.endsWith('\r')) line = line.slice(0, -1);

    if (eof) {
      if (line.trim() !== '') {
        warnings.push({ line: lineNumber, message: 'content after # EOF is ignored' });
        break;
      }
      continue;
    }
    if (line.trim() === '') continue;
    try {
      if (line.startsWith('#')) {
        eof = readComment(line, lineNumber, family, warnings);
        continue;
      }
      const sample = readSample(line);
      const f = familyOf(sample.name, families) ?? family(sample.name, lineNumber);
      f.sampleNames.add(sample.name);
      for (const label of sample.labels) f.labelNames.add(label);
      f.sampleCount++;
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      warnings.push({ line: lineNumber, message: error.message });
    }
  }

  return {
    families: [...families.values()].map((f) => ({
      name: f.name,
      type: f.type,
      help: f.help,
      unit: f.unit,
      sampleNames: [...f.sampleNames],
      labelNames: [...f.labelNames],
      sampleCount: f.sampleCount,
      line: f.line,
    })),
    warnings,
    eof,
  };
}

/** The declared family a sample belongs to: its own name, or a name it is a suffixed series of. */
function familyOf(sample: string, families: ReadonlyMap<string, FamilyBuilder>): FamilyBuilder | undefined {
  for (const candidate of seriesCandidates(sample)) {
    const f = families.get(candidate.name);
    if (f === undefined) continue;
    if (candidate.suffix === null || (candidate.types as readonly string[]).includes(f.type)) return f;
  }
  return undefined;
}

/** Returns whether the line is `# EOF`. */
function readComment(
  line: string,
  lineNumber: number,
  family: (name: string, line: number) => FamilyBuilder,
  warnings: ExpositionWarning[],
): boolean {
  if (line === '# EOF') return true;
  const keyword = /^#\s+(HELP|TYPE|UNIT)(?:[ \t]|$)/.exec(line);
  if (keyword === null) return false;
  const cursor = { text: line, at: keyword[0].length };
  skipSpaces(cursor);
  const name = cursor.text[cursor.at] === '"' ? readQuoted(cursor) : readName(cursor);
  if (name === '') throw new LineError(`# ${keyword[1]} without a metric name`);
  const rest = line.slice(cursor.at).replace(/^[ \t]/, '');
  const type = rest.trim().toLowerCase();
  if (keyword[1] === 'TYPE' && !TYPES.has(type)) throw new LineError(`unknown metric type '${rest.trim()}' for ${name}`);
  const f = family(name, lineNumber);
  switch (keyword[1]) {
    case 'HELP':
      if (f.help !== null) warnings.push({ line: lineNumber, message: `second # HELP for ${name}` });
      f.help = unescapeHelp(rest);
      break;
    case 'UNIT':
      f.unit = rest.trim();
      break;
    default: {
      if (f.typeLine !== null) warnings.push({ line: lineNumber, message: `second # TYPE for ${name}` });
      else if (f.sampleCount > 0) warnings.push({ line: lineNumber, message: `# TYPE for ${name} after its samples` });
      f.type = type as ExpositionMetricType;
      f.typeLine = lineNumber;
    }
  }
  return false;
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(.)/g, (whole, ch: string) => (ch === 'n' ? '\n' : ch === '\\' ? '\\' : ch === '"' ? '"' : whole));
}

interface Cursor {
  readonly text: string;
  at: number;
}

function skipSpaces(c: Cursor): void {
  while (c.text[c.at] === ' ' || c.text[c.at] === '\t') c.at++;
}

function readName(c: Cursor): string {
  const start = c.at;
  while (c.at < c.text.length && /[A-Za-z0-9_:]/.test(c.text[c.at] as string)) c.at++;
  const name = c.text.slice(start, c.at);
  if (/^[0-9]/.test(name)) throw new LineError(`invalid metric or label name '${name}'`);
  return name;
}

/** A double-quoted string with `\\`, `\"` and `\n` escapes; linear in its length however long. */
function readQuoted(c: Cursor): string {
  const start = c.at;
  c.at++;
  let value = '';
  let chunk = c.at;
  while (c.at < c.text.length) {
    const ch = c.text[c.at];
    if (ch === '"') {
      value += c.text.slice(chunk, c.at);
      c.at++;
      return value;
    }
    if (ch === '\\') {
      value += c.text.slice(chunk, c.at);
      const next = c.text[c.at + 1];
      value += next === 'n' ? '\n' : (next ?? '');
      c.at += 2;
      chunk = c.at;
      continue;
    }
    c.at++;
  }
  throw new LineError(`unterminated quoted string starting at column ${start + 1}`);
}

function readSample(line: string): Sample {
  const c: Cursor = { text: line, at: 0 };
  let name = line[0] === '{' ? '' : readName(c);
  if (line[0] !== '{' && name === '') throw new LineError(`invalid sample line starting '${line.slice(0, 20)}'`);
  const labels: string[] = [];
  // A line may carry 100,000 labels: a set keeps the duplicate check linear.
  const seen = new Set<string>();
  if (c.text[c.at] === '{') {
    c.at++;
    for (;;) {
      skipSpaces(c);
      if (c.text[c.at] === '}') {
        c.at++;
        break;
      }
      const quoted = c.text[c.at] === '"';
      const label = quoted ? readQuoted(c) : readName(c);
      skipSpaces(c);
      if (quoted && name === '' && (c.text[c.at] === ',' || c.text[c.at] === '}')) {
        name = label;
      } else {
        if (label === '') throw new LineError(`expected a label name at column ${c.at + 1}`);
        if (c.text[c.at] !== '=') throw new LineError(`expected '=' after label ${label} at column ${c.at + 1}`);
        c.at++;
        skipSpaces(c);
        if (c.text[c.at] !== '"') throw new LineError(`expected a quoted value for label ${label} at column ${c.at + 1}`);
        readQuoted(c);
        if (!seen.has(label)) {
          seen.add(label);
          labels.push(label);
        }
        skipSpaces(c);
      }
      if (c.text[c.at] === ',') c.at++;
      else if (c.text[c.at] !== '}') throw new LineError(`expected ',' or '}' at column ${c.at + 1}`);
    }
  }
  if (name === '') throw new LineError('sample without a metric name');
  if (c.at >= line.trimEnd().length) throw new LineError(`sample ${name} has no value`);
  if (c.text[c.at] !== ' ' && c.text[c.at] !== '\t') throw new LineError(`expected a space before the value of ${name}`);
  // OpenMetrics exemplars follow ` # `; only the value and timestamp before them are checked.
  const exemplar = line.indexOf(' # ', c.at);
  const fields = line
    .slice(c.at, exemplar === -1 ? undefined : exemplar)
    .trim()
    .split(/[ \t]+/);
  const [value, timestamp, extra] = fields;
  if (value === undefined || value === '' || !isFloat(value)) throw new LineError(`invalid value '${value ?? ''}' for sample ${name}`);
  if (timestamp !== undefined && !isFloat(timestamp)) throw new LineError(`invalid timestamp '${timestamp}' for sample ${name}`);
  if (extra !== undefined) throw new LineError(`unexpected '${extra}' after the timestamp of sample ${name}`);
  return { name, labels };
}

function isFloat(text: string): boolean {
  if (/^[+-]?(inf|infinity|nan)$/i.test(text)) return true;
  return text !== '' && !Number.isNaN(Number(text));
}
