/** Prometheus rule files: which metrics each recording and alerting rule reads, resolvable through other recording rules. */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type YAMLMap } from 'yaml';
import { InputFileError } from '../errors.js';
import { metricSelectorsIn, type PromqlScan } from './promql.js';
import type { MetricRef } from './promql-selector-use.js';
import { YamlView } from './yaml-view.js';

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

/**
 * Reads every YAML document of the file: plain rule files and `PrometheusRule` resources (`spec.groups`).
 * Anchors, aliases and `<<` merge keys are followed as Prometheus follows them, within a budget (`YamlView`).
 */
export function readRuleFile(text: string, file: string): RuleFile {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, merge: true });
  const docs = Array.isArray(documents) ? documents : [];
  const lineOf = (node: unknown): number => (isNode(node) && node.range ? lines.linePos(node.range[0]).line : 1);
  const fail = (node: unknown, what: string): InputFileError =>
    new InputFileError(`${file}:${lineOf(node)}: not a Prometheus rule file: ${what}; see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/`);
  const isNull = (node: unknown): boolean => node === null || (isScalar(node) && node.value === null);
  // Rules reached through aliases share their expression: each distinct one is parsed once.
  const scans = new Map<string, PromqlScan>();

  const groups: RuleGroup[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = error.linePos?.[0];
      const where = pos === undefined ? '' : `:${pos.line}:${pos.col}`;
      const message = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
      throw new InputFileError(`${file}${where}: invalid YAML (${message}); fix the rule file`);
    }
    const view = new YamlView(doc, file);
    const root = view.deref(doc.contents);
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) continue;
    if (!isMap(root)) throw fail(root, 'expected a mapping with a "groups" list at the top level');
    const spec = view.get(root, 'spec');
    const ownGroups = view.get(root, 'groups');
    const groupsNode = ownGroups !== undefined ? ownGroups : isMap(spec) ? view.get(spec, 'groups') : undefined;
    if (groupsNode === undefined) throw fail(root, 'no "groups" list at the top level (nor under "spec")');
    if (isNull(groupsNode)) continue;
    if (!isSeq(groupsNode)) throw fail(groupsNode, '"groups" must be a list');

    for (const groupNode of view.items(groupsNode, false)) {
      if (!isMap(groupNode)) throw fail(groupNode, 'each group must be a mapping with "name" and "rules"');
      const name = stringField(view, groupNode, 'name');
      if (name === undefined) throw fail(groupNode, 'a group has no "name"');
      const rulesNode = view.get(groupNode, 'rules');
      const rules: Rule[] = [];
      if (rulesNode !== undefined && !isNull(rulesNode)) {
        if (!isSeq(rulesNode)) throw fail(rulesNode, `"rules" of group ${name} must be a list`);
        for (const ruleNode of view.items(rulesNode, true)) {
          if (!isMap(ruleNode)) throw fail(ruleNode, `each rule of group ${name} must be a mapping`);
          rules.push(readRule(view, ruleNode, name, file, lineOf(ruleNode), fail, scans));
        }
      }
      groups.push({ name, line: lineOf(groupNode), rules });
    }
  }
  return { file, groups };
}

function readRule(
  view: YamlView,
  node: YAMLMap,
  group: string,
  file: string,
  line: number,
  fail: (node: unknown, what: string) => InputFileError,
  scans: Map<string, PromqlScan>,
): Rule {
  const record = stringField(view, node, 'record');
  const alert = stringField(view, node, 'alert');
  if ((record === undefined) === (alert === undefined)) {
    throw fail(node, `a rule in group ${group} needs exactly one of "record" and "alert"`);
  }
  const expr = stringField(view, node, 'expr');
  if (expr === undefined || expr.trim() === '') {
    throw fail(node, `rule ${record ?? alert} in group ${group} has no "expr"`);
  }
  let scan = scans.get(expr);
  if (scan === undefined) {
    scan = metricSelectorsIn(expr);
    scans.set(expr, scan);
  }
  const common = { expr, group, file, line, metrics: scan.names, scan };
  return record !== undefined ? { kind: 'recording', name: record, ...common } : { kind: 'alerting', name: alert as string, ...common };
}

function stringField(view: YamlView, map: YAMLMap, key: string): string | undefined {
  const node = view.get(map, key);
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
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
