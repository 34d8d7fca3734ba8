import { describe, expect, it } from 'vitest';
import type { FieldDiff, MetricDiff } from '../../src/analyses/diff-metrics.js';
import type { CommitDisplay } from '../../src/render/commit-display.js';
import { renderFailOnHits } from '../../src/render/diff-fail-on-hits.js';
import { renderDiffJson } from '../../src/render/diff-json.js';
import { renderDiffMarkdown } from '../../src/render/diff-markdown.js';
import { renderDiffTable } from '../../src/render/diff-table.js';
import { fieldChangeText, summaryLine } from '../../src/render/diff-wording.js';
import { commitInfos, definition, definitionJson, NO_INFOS, PIPE, resultOf, sha } from './render-inputs.js';

const INFOS = commitInfos([
  [sha(2), 'Count errors'],
  [sha(3), 'Merge feature'],
  [sha(4), 'Drop legacy'],
  [sha(5), 'Label by shard'],
  [sha(6), 'Move queue'],
]);
const GITHUB: CommitDisplay = { infos: INFOS, urlTemplate: 'https://github.com/acme/svc/commit/{sha}' };
const PLAIN: CommitDisplay = { infos: INFOS, urlTemplate: null };

const ERRORS = definition('svc_errors_total', { line: 8, static: 'ERRORS', vec: true, labels: ['kind'], help: 'Errors *by* kind' });
const LEGACY = definition('svc_legacy_total', { line: 7, static: 'LEGACY', help: null });
const REQUESTS_BEFORE = definition('svc_requests_total', { vec: true, labels: ['host', 'code'], help: 'a' });
const REQUESTS_AFTER = definition('svc_requests_total', { vec: true, labels: ['shard', 'code'], help: 'b' });
const QUEUED_BEFORE = definition('svc_queued_total', { line: 9, static: 'QUEUED' });
const QUEUED_AFTER = definition('svc_queued_total', { path: 'src/queue.rs', static: 'QUEUED' });

const LABELS: FieldDiff = { field: 'labels', before: ['host', 'code'], after: ['shard', 'code'], added: ['shard'], removed: ['host'], commit: sha(5), baseSide: null };
const HELP: FieldDiff = { field: 'help', before: 'a', after: 'b', commit: null, baseSide: null };

function diff(fields: Partial<MetricDiff> = {}): MetricDiff {
  return {
    range: 'v1.0..v1.1',
    base: { ref: 'v1.0', commit: sha(1) },
    head: { ref: 'v1.1', commit: sha(7) },
    compareFrom: sha(1),
    ahead: 5,
    behind: 0,
    added: [{ name: 'svc_errors_total', definition: ERRORS, commit: sha(2), baseSide: null, mergedBy: sha(3), atShallowBoundary: false }],
    removed: [{ name: 'svc_legacy_total', definition: LEGACY, commit: null, baseSide: sha(4) }],
    changed: [{ name: 'svc_requests_total', before: REQUESTS_BEFORE, after: REQUESTS_AFTER, changes: [LABELS, HELP] }],
    moved: [{ name: 'svc_queued_total', before: QUEUED_BEFORE, after: QUEUED_AFTER, commit: sha(6), baseSide: null }],
    uncertain: false,
    ...fields,
  };
}

const EMPTY = diff({ added: [], removed: [], changed: [], moved: [] });

describe('summaryLine', () => {
  it('counts each section; moves only when there are some; singular and plural', () => {
    expect(summaryLine(diff())).toBe('deploying v1.1 over v1.0: +1 metric, −1, ~1 changed, 1 moved; v1.1 is 5 commits ahead and 0 behind');
    expect(summaryLine({ ...EMPTY, ahead: 1 })).toBe('deploying v1.1 over v1.0: +0 metrics, −0, ~0 changed; v1.1 is 1 commit ahead and 0 behind');
  });

  it('for A...B names the merge-base it compares from, and whom head is behind', () => {
    const threeDot = { ...EMPTY, range: 'main...feature', base: { ref: 'main', commit: sha(1) }, head: { ref: 'feature', commit: sha(2) }, compareFrom: sha(6), ahead: 2, behind: 1 };
    expect(summaryLine(threeDot)).toBe('deploying feature over the merge-base of main and feature (6666666666): +0 metrics, −0, ~0 changed; feature is 2 commits ahead and 1 behind main');
    expect(summaryLine(threeDot, (name) => `<${name}>`)).toBe(
      'deploying <feature> over the merge-base of <main> and <feature> (6666666666): +0 metrics, −0, ~0 changed; <feature> is 2 commits ahead and 1 behind <main>',
    );
  });
});

describe('fieldChangeText', () => {
  it('says each kind of change in a few words', () => {
    const cases: [FieldDiff, string][] = [
      [{ field: 'kind', before: { kind: 'histogram', vec: false }, after: { kind: 'counter', vec: true }, commit: null, baseSide: null }, 'kind: histogram → counter vec'],
      [LABELS, 'labels: -host +shard'],
      [{ field: 'help', before: null, after: 'say "hi"', commit: null, baseSide: null }, 'help: none → "say \\"hi\\""'],
      [{ field: 'buckets', before: [0.1, 1], after: null, commit: null, baseSide: null }, 'buckets: [0.1, 1] → none'],
      [{ field: 'namespace', before: null, after: 'svc', commit: null, baseSide: null }, 'namespace: none → svc'],
      [{ field: 'subsystem', before: 'http', after: null, commit: null, baseSide: null }, 'subsystem: http → none'],
      [{ field: 'holder', before: 'eager', after: 'lazy_static', commit: null, baseSide: null }, 'holder: eager → lazy_static'],
      [{ field: 'constLabels', before: {}, after: { zone: 'b', app: 'svc' }, commit: null, baseSide: null }, 'const labels: {} → {app="svc", zone="b"}'],
      [{ field: 'registry', before: { kind: 'default' }, after: { kind: 'custom', expression: 'REGISTRY', prefix: null }, commit: null, baseSide: null }, 'registry: default → REGISTRY'],
    ];
    for (const [change, text] of cases) expect(fieldChangeText(change)).toBe(text);
  });
});

describe('renderDiffTable', () => {
  it('the summary, then a table per section; commits with subjects, a base-only commit marked, a missing one as -', () => {
    expect(renderDiffTable(diff(), INFOS, PIPE)).toBe(
      [
        'deploying v1.1 over v1.0: +1 metric, −1, ~1 changed, 1 moved; v1.1 is 5 commits ahead and 0 behind',
        '',
        'added (1)',
        'METRIC            KIND                   DEFINED AT                 INTRODUCED BY            MERGED BY',
        'svc_errors_total  int_counter vec(kind)  src/metrics.rs:8 (ERRORS)  2222222222 Count errors  3333333333 Merge feature',
        '',
        'removed (1)',
        'METRIC            KIND         WAS AT                     REMOVED BY',
        'svc_legacy_total  int_counter  src/metrics.rs:7 (LEGACY)  4444444444 Drop legacy (only in v1.0)',
        '',
        'changed (1)',
        'METRIC              CHANGE                COMMIT',
        'svc_requests_total  labels: -host +shard  5555555555 Label by shard',
        '                    help: "a" → "b"       -',
        '',
        'moved (1)',
        'METRIC            FROM                       TO                       COMMIT',
        'svc_queued_total  src/metrics.rs:9 (QUEUED)  src/queue.rs:6 (QUEUED)  6666666666 Move queue',
        '',
      ].join('\n'),
    );
  });

  it('an introduction at a shallow boundary says it may be older; no merge is -', () => {
    const shallow = diff({ removed: [], changed: [], moved: [], added: [{ name: 'svc_errors_total', definition: ERRORS, commit: sha(9), baseSide: null, mergedBy: null, atShallowBoundary: true }] });
    expect(renderDiffTable(shallow, NO_INFOS, PIPE).split('\n')[4]).toBe('svc_errors_total  int_counter vec(kind)  src/metrics.rs:8 (ERRORS)  9999999999 (or older: shallow clone)  -');
  });

  it('no change is the summary and one sentence', () => {
    expect(renderDiffTable(EMPTY, NO_INFOS, PIPE)).toBe('deploying v1.1 over v1.0: +0 metrics, −0, ~0 changed; v1.1 is 5 commits ahead and 0 behind\nno metric changes\n');
  });
});

describe('renderDiffMarkdown', () => {
  it('a heading, the summary with code spans, and a Markdown table per section with linked commits', () => {
    expect(renderDiffMarkdown(diff(), GITHUB)).toBe(
      [
        '### Metric changes in `v1.0..v1.1`',
        '',
        'deploying `v1.1` over `v1.0`: +1 metric, −1, ~1 changed, 1 moved; `v1.1` is 5 commits ahead and 0 behind',
        '',
        '**Added (1)**',
        '',
        '| Metric | Kind | Help | Introduced by |',
        '| --- | --- | --- | --- |',
        `| \`svc_errors_total\` | \`int_counter vec(kind)\` | Errors \\*by\\* kind | [\`2222222222\`](https://github.com/acme/svc/commit/${sha(2)}) "Count errors", merged by [\`3333333333\`](https://github.com/acme/svc/commit/${sha(3)}) "Merge feature" |`,
        '',
        '**Removed (1)**',
        '',
        '| Metric | Kind | Removed by |',
        '| --- | --- | --- |',
        `| \`svc_legacy_total\` | \`int_counter\` | [\`4444444444\`](https://github.com/acme/svc/commit/${sha(4)}) "Drop legacy" (only in \`v1.0\`) |`,
        '',
        '**Changed (1)**',
        '',
        '| Metric | Change | Commit |',
        '| --- | --- | --- |',
        `| \`svc_requests_total\` | labels: -host +shard | [\`5555555555\`](https://github.com/acme/svc/commit/${sha(5)}) "Label by shard" |`,
        '|  | help: "a" → "b" | - |',
        '',
        '**Moved (1)**',
        '',
        '| Metric | From | To | Commit |',
        '| --- | --- | --- | --- |',
        `| \`svc_queued_total\` | \`src/metrics.rs:9 (QUEUED)\` | \`src/queue.rs:6 (QUEUED)\` | [\`6666666666\`](https://github.com/acme/svc/commit/${sha(6)}) "Move queue" |`,
        '',
      ].join('\n'),
    );
  });

  it('without a URL template commits are plain code spans; a help text is escaped; a ref with a backtick keeps its code span whole', () => {
    const odd = diff({
      range: 'v1.0..fix`1',
      head: { ref: 'fix`1', commit: sha(7) },
      added: [{ name: 'svc_errors_total', definition: { ...ERRORS, help: 'pipes | and <b>tags</b>' }, commit: sha(2), baseSide: null, mergedBy: null, atShallowBoundary: false }],
      removed: [],
      changed: [],
      moved: [],
    });
    expect(renderDiffMarkdown(odd, PLAIN)).toBe(
      [
        '### Metric changes in `` v1.0..fix`1 ``',
        '',
        'deploying `` fix`1 `` over `v1.0`: +1 metric, −0, ~0 changed; `` fix`1 `` is 5 commits ahead and 0 behind',
        '',
        '**Added (1)**',
        '',
        '| Metric | Kind | Help | Introduced by |',
        '| --- | --- | --- | --- |',
        '| `svc_errors_total` | `int_counter vec(kind)` | pipes \\| and \\<b\\>tags\\</b\\> | `2222222222` "Count errors" |',
        '',
      ].join('\n'),
    );
  });

  it('no change', () => {
    expect(renderDiffMarkdown(EMPTY, PLAIN)).toBe(
      '### Metric changes in `v1.0..v1.1`\n\ndeploying `v1.1` over `v1.0`: +0 metrics, −0, ~0 changed; `v1.1` is 5 commits ahead and 0 behind\n\nno metric changes\n',
    );
  });
});

describe('renderDiffJson', () => {
  const commit = (n: number, subject: string | null, url = true) => ({
    sha: sha(n),
    subject,
    author: subject === null ? null : 'Ada Lovelace',
    date: subject === null ? null : `2024-01-0${n - 1}T10:00:00+00:00`,
    url: url ? `https://github.com/acme/svc/commit/${sha(n)}` : null,
  });

  it('every section in the contract, commits with URLs, each change with its text, and the --fail-on hits', () => {
    const result = resultOf(renderDiffJson(diff(), GITHUB, { categories: ['removed'], hits: [{ category: 'removed', metric: 'svc_legacy_total' }] }), 'diff');
    expect(result).toEqual({
      range: 'v1.0..v1.1',
      base: { ref: 'v1.0', commit: sha(1) },
      head: { ref: 'v1.1', commit: sha(7) },
      compareFrom: sha(1),
      ahead: 5,
      behind: 0,
      summary: 'deploying v1.1 over v1.0: +1 metric, −1, ~1 changed, 1 moved; v1.1 is 5 commits ahead and 0 behind',
      added: [
        {
          name: 'svc_errors_total',
          definition: definitionJson('svc_errors_total', { line: 8, static: 'ERRORS', vec: true, labels: ['kind'], help: 'Errors *by* kind' }),
          introducedBy: commit(2, 'Count errors'),
          mergedBy: commit(3, 'Merge feature'),
          baseSide: null,
          atShallowBoundary: false,
        },
      ],
      removed: [{ name: 'svc_legacy_total', definition: definitionJson('svc_legacy_total', { line: 7, static: 'LEGACY', help: null }), removedBy: null, baseSide: commit(4, 'Drop legacy') }],
      changed: [
        {
          name: 'svc_requests_total',
          before: definitionJson('svc_requests_total', { vec: true, labels: ['host', 'code'], help: 'a' }),
          after: definitionJson('svc_requests_total', { vec: true, labels: ['shard', 'code'], help: 'b' }),
          changes: [
            { field: 'labels', commit: commit(5, 'Label by shard'), baseSide: null, text: 'labels: -host +shard', before: ['host', 'code'], after: ['shard', 'code'], added: ['shard'], removed: ['host'] },
            { field: 'help', commit: null, baseSide: null, text: 'help: "a" → "b"', before: 'a', after: 'b', added: [], removed: [] },
          ],
        },
      ],
      moved: [{ name: 'svc_queued_total', from: { path: 'src/metrics.rs', line: 9, static: 'QUEUED' }, to: { path: 'src/queue.rs', line: 6, static: 'QUEUED' }, commit: commit(6, 'Move queue'), baseSide: null }],
      uncertain: false,
      failOn: { categories: ['removed'], hits: [{ category: 'removed', metric: 'svc_legacy_total' }] },
    });
  });

  it('a registry change is written as labels; no --fail-on is null; no URL template gives null URLs', () => {
    const registry: FieldDiff = { field: 'registry', before: { kind: 'unregistered' }, after: { kind: 'custom', expression: 'R', prefix: 'p' }, commit: sha(9), baseSide: null };
    const one = diff({ added: [], removed: [], moved: [], changed: [{ name: 'svc_requests_total', before: REQUESTS_BEFORE, after: REQUESTS_BEFORE, changes: [registry] }] });
    const result = resultOf(renderDiffJson(one, PLAIN, null), 'diff') as { changed: { changes: unknown[] }[]; failOn: unknown };
    expect(result.changed[0]?.changes).toEqual([
      { field: 'registry', commit: { sha: sha(9), subject: null, author: null, date: null, url: null }, baseSide: null, text: 'registry: unregistered → R', before: 'unregistered', after: 'R', added: [], removed: [] },
    ]);
    expect(result.failOn).toBeNull();
  });
});

describe('renderFailOnHits', () => {
  it('a line per hit for stderr, nothing without hits', () => {
    expect(renderFailOnHits([{ category: 'removed', metric: 'a_total' }, { category: 'changed-labels', metric: 'b_total' }])).toBe('fail-on removed: a_total\nfail-on changed-labels: b_total\n');
    expect(renderFailOnHits([])).toBe('');
  });
});
