/** Small, typed inputs for the renderer tests: metric definitions, commits and the table style of a pipe. */
import { tableStyle } from '../../src/commands/table-style.js';
import type { CommitInfo } from '../../src/git/repo.js';
import { captureIo } from '../../src/io.js';
import type { MetricDefinition } from '../../src/model/metric.js';
import type { CommitInfos } from '../../src/render/commit-infos.js';
import type { TableStyle } from '../../src/render/table.js';

/** The style a command gives its tables when stdout is a pipe: no colour, no width to fit. */
export const PIPE: TableStyle = tableStyle(captureIo());

/** The same, for a terminal `columns` wide (still without colour). */
export const terminal = (columns: number): TableStyle => tableStyle(captureIo({ env: { COLUMNS: String(columns) } }));

/** A commit id that is easy to read in an expected string: `sha(1)` is `1111111111` and 30 `a`s. */
export function sha(n: number): string {
  return `${String(n).repeat(10).slice(0, 10)}${'a'.repeat(30)}`;
}

/** An int counter defined in `src/metrics.rs` under a lazy static; fields as given. */
export function definition(name: string, fields: Partial<MetricDefinition> = {}): MetricDefinition {
  return {
    name,
    kind: 'int_counter',
    vec: false,
    labels: [],
    constLabels: {},
    help: `Help for ${name}`,
    buckets: null,
    namespace: null,
    subsystem: null,
    path: 'src/metrics.rs',
    line: 6,
    column: 9,
    static: 'REQUESTS',
    holder: 'lazy_static',
    crate: 'svc',
    library: 'prometheus',
    registry: { kind: 'default' },
    series: [name],
    test: false,
    ...fields,
  };
}

/** Subjects, authors and dates as git would describe these commits. */
export function commitInfos(entries: readonly (readonly [commit: string, subject: string])[]): CommitInfos {
  return new Map(
    entries.map(([commit, subject], i): [string, CommitInfo] => [
      commit,
      { oid: commit, subject, author: 'Ada Lovelace', authorEmail: 'ada@example.invalid', date: `2024-01-0${i + 1}T10:00:00+00:00`, parents: [] },
    ]),
  );
}

export const NO_INFOS: CommitInfos = new Map();

/** The `result` of a JSON document a renderer returns, after checking its envelope. */
export function resultOf(json: string, command: string): unknown {
  const doc = JSON.parse(json) as { schemaVersion: number; command: string; result: unknown };
  if (doc.schemaVersion !== 1 || doc.command !== command) throw new Error(`unexpected envelope: ${json.slice(0, 80)}`);
  if (!json.endsWith('}\n')) throw new Error('a JSON document ends with one newline');
  return doc.result;
}

/** What `metricJson` makes of `definition(name, fields)`: the JSON contract for a metric. */
export function definitionJson(name: string, fields: Partial<MetricDefinition> = {}) {
  const d = definition(name, fields);
  return {
    name: d.name,
    kind: d.kind,
    vec: d.vec,
    labels: d.labels,
    constLabels: d.constLabels,
    help: d.help,
    buckets: d.buckets,
    path: d.path,
    line: d.line,
    column: d.column,
    static: d.static,
    holder: d.holder,
    crate: d.crate,
    library: d.library,
    registry: d.registry.kind === 'custom' ? d.registry.expression : d.registry.kind,
    registryPrefix: d.registry.kind === 'custom' ? d.registry.prefix : null,
    series: d.series,
    test: d.test,
  };
}
