/** Prometheus rule files: which metrics each recording and alerting rule reads, resolvable through other recording rules. */
import type { PromqlScan } from './promql.js';
import type { MetricRef } from './promql-selector-use.js';

interface RuleCommon {
  readonly name: string;
  readonly expr: string;
  readonly group: string;
  readonly file: string;
  /** 1-based line of the rule in its file. */
  readonly line: number;
  /** Literal metric names its expression reads (recording rules among them). */
  readonly metrics: readonly string[];
  readonly scan: PromqlScan;
}

export interface RecordingRule extends RuleCommon {
  readonly kind: 'recording';
}

export interface AlertingRule extends RuleCommon {
  readonly kind: 'alerting';
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly line: number;
  readonly rules: readonly Rule[];
}

export interface RuleFile {
  readonly file: string;
  readonly groups: readonly RuleGroup[];
}

/** Recording rules by the name they record; Prometheus allows one name to be recorded by several rules. */
export type RecordingRuleIndex = ReadonlyMap<string, readonly RecordingRule[]>;

export interface RuleResolution {
  /** Metric names that no recording rule produces: what must be scraped. */
  readonly metrics: readonly string[];
  /** Recording rules passed through, in the order they were reached. */
  readonly recordingRules: readonly string[];
  /** Names with a `:` that no rule in the index records. */
  readonly unresolved: readonly string[];
  /** Selectors without a literal name (`{__name__=~"..."}`), which cannot be followed. */
  readonly nonLiteral: readonly MetricRef[];
  /** Each cycle as the chain of rule names, first name repeated at the end. */
  readonly cycles: readonly (readonly string[])[];
}

export function indexRecordingRules(files: readonly RuleFile[]): RecordingRuleIndex {
  const index = new Map<string, RecordingRule[]>();
  for (const file of files) {
    for (const group of file.groups) {
      for (const rule of group.rules) {
        if (rule.kind !== 'recording') continue;
        const list = index.get(rule.name);
        if (list === undefined) index.set(rule.name, [rule]);
        else list.push(rule);
      }
    }
  }
  return index;
}

/**
 * The scraped metrics behind `name`, following recording rules through any depth: depth first, with
 * an explicit stack (a chain of thousands of recording rules would overflow the call stack).
 */
export function resolveRuleMetrics(name: string, index: RecordingRuleIndex): RuleResolution {
  const metrics = new Set<string>();
  const recordingRules: string[] = [];
  const unresolved = new Set<string>();
  const nonLiteral: MetricRef[] = [];
  const cycles: string[][] = [];
  const done = new Set<string>();
  // The rules being expanded, outermost first, each with the selectors still to follow.
  const path: string[] = [];
  const onPath = new Set<string>();
  const pending: Iterator<MetricRef>[] = [];

  const visit = (current: string): void => {
    const rules = index.get(current);
    if (rules === undefined) {
      (current.includes(':') ? unresolved : metrics).add(current);
      return;
    }
    if (onPath.has(current)) {
      cycles.push([...path.slice(path.indexOf(current)), current]);
      return;
    }
    if (done.has(current)) return;
    done.add(current);
    recordingRules.push(current);
    path.push(current);
    onPath.add(current);
    pending.push(rules.flatMap((rule) => rule.scan.selectors.map((selector) => selector.metric))[Symbol.iterator]());
  };
  visit(name);
  while (pending.length > 0) {
    const next = (pending[pending.length - 1] as Iterator<MetricRef>).next();
    if (next.done === true) {
      pending.pop();
      onPath.delete(path.pop() as string);
    } else if (next.value.kind === 'name') {
      visit(next.value.name);
    } else {
      nonLiteral.push(next.value);
    }
  }
  return { metrics: [...metrics], recordingRules, unresolved: [...unresolved], nonLiteral, cycles };
}
