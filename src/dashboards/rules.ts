/** Prometheus rule files: which metrics each recording and alerting rule reads, resolvable through other recording rules. */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode, type YAMLMap } from 'yaml';
import { InputFileError } from '../errors.js';
import { metricSelectorsIn, type MetricRef, type PromqlScan } from './promql.js';

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

/** Reads every YAML document of the file: plain rule files and `PrometheusRule` resources (`spec.groups`). */
export function readRuleFile(text: string, file: string): RuleFile {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  const docs = Array.isArray(documents) ? documents : [];
  const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const fail = (node: YamlNode | null | undefined, what: string): InputFileError =>
    new InputFileError(`${file}:${lineOf(node)}: not a Prometheus rule file: ${what}; see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/`);

  const groups: RuleGroup[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = error.linePos?.[0];
      const where = pos === undefined ? '' : `:${pos.line}:${pos.col}`;
      const message = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
      throw new InputFileError(`${file}${where}: invalid YAML (${message}); fix the rule file`);
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) continue;
    if (!isMap(root)) throw fail(root, 'expected a mapping with a "groups" list at the top level');
    const spec = root.get('spec', true);
    const groupsNode = root.has('groups') ? root.get('groups', true) : isMap(spec) ? spec.get('groups', true) : undefined;
    if (groupsNode === undefined) throw fail(root, 'no "groups" list at the top level (nor under "spec")');
    if (isScalar(groupsNode) && groupsNode.value === null) continue;
    if (!isSeq(groupsNode)) throw fail(groupsNode as YamlNode, '"groups" must be a list');

    for (const groupNode of groupsNode.items) {
      if (!isMap(groupNode)) throw fail(groupNode as YamlNode, 'each group must be a mapping with "name" and "rules"');
      const name = stringField(groupNode, 'name');
      if (name === undefined) throw fail(groupNode, 'a group has no "name"');
      const rulesNode = groupNode.get('rules', true);
      const rules: Rule[] = [];
      if (rulesNode !== undefined && !(isScalar(rulesNode) && rulesNode.value === null)) {
        if (!isSeq(rulesNode)) throw fail(rulesNode as YamlNode, `"rules" of group ${name} must be a list`);
        for (const ruleNode of rulesNode.items) {
          if (!isMap(ruleNode)) throw fail(ruleNode as YamlNode, `each rule of group ${name} must be a mapping`);
          rules.push(readRule(ruleNode, name, file, lineOf(ruleNode), fail));
        }
      }
      groups.push({ name, line: lineOf(groupNode), rules });
    }
  }
  return { file, groups };
}

function readRule(
  node: YAMLMap,
  group: string,
  file: string,
  line: number,
  fail: (node: YamlNode | null | undefined, what: string) => InputFileError,
): Rule {
  const record = stringField(node, 'record');
  const alert = stringField(node, 'alert');
  if ((record === undefined) === (alert === undefined)) {
    throw fail(node, `a rule in group ${group} needs exactly one of "record" and "alert"`);
  }
  const exprNode = node.get('expr', true);
  const expr = isScalar(exprNode) && exprNode.value !== null ? String(exprNode.value) : undefined;
  if (expr === undefined || expr.trim() === '') {
    throw fail(node, `rule ${record ?? alert} in group ${group} has no "expr"`);
  }
  const scan = metricSelectorsIn(expr);
  const common = { expr, group, file, line, metrics: scan.names, scan };
  return record !== undefined ? { kind: 'recording', name: record, ...common } : { kind: 'alerting', name: alert as string, ...common };
}

function stringField(map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true);
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

/** The scraped metrics behind `name`, following recording rules through any depth. */
export function resolveRuleMetrics(name: string, index: RecordingRuleIndex): RuleResolution {
  const metrics: string[] = [];
  const recordingRules: string[] = [];
  const unresolved: string[] = [];
  const nonLiteral: MetricRef[] = [];
  const cycles: string[][] = [];
  const done = new Set<string>();

  const visit = (current: string, chain: readonly string[]): void => {
    const rules = index.get(current);
    if (rules === undefined) {
      const list = current.includes(':') ? unresolved : metrics;
      if (!list.includes(current)) list.push(current);
      return;
    }
    if (chain.includes(current)) {
      cycles.push([...chain.slice(chain.indexOf(current)), current]);
      return;
    }
    if (done.has(current)) return;
    done.add(current);
    recordingRules.push(current);
    for (const rule of rules) {
      for (const selector of rule.scan.selectors) {
        if (selector.metric.kind === 'name') visit(selector.metric.name, [...chain, current]);
        else nonLiteral.push(selector.metric);
      }
    }
  };
  visit(name, []);
  return { metrics, recordingRules, unresolved, nonLiteral, cycles };
}
