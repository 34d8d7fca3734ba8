/**
 * Reading a Prometheus rule file (YAML) into rules. Apart from the rules themselves (rules.ts): the
 * YAML parser is the largest module provenance loads, and only a run given `--rules` needs it.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type YAMLMap } from 'yaml';
import { InputFileError } from '../errors.js';
import { metricSelectorsIn, type PromqlScan } from './promql.js';
import type { Rule, RuleFile, RuleGroup } from './rules.js';
import { YamlView } from './yaml-view.js';

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
