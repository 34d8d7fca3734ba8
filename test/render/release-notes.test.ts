import { describe, expect, it } from 'vitest';
import type { ChangedMetric, FieldDiff, MetricDiff } from '../../src/analyses/diff-metrics.js';
import type { QuerySource } from '../../src/analyses/query-usage.js';
import type { ReleaseNotes } from '../../src/analyses/release-notes.js';
import type { CommitDisplay } from '../../src/render/commit-display.js';
import { renderReleaseNotesJson } from '../../src/render/release-notes-json.js';
import { renderReleaseNotesMarkdown } from '../../src/render/release-notes-markdown.js';
import { commitInfos, definition, definitionJson, resultOf, sha } from './render-inputs.js';

const DISPLAY: CommitDisplay = {
  infos: commitInfos([
    [sha(2), 'Count errors'],
    [sha(3), 'Merge feature'],
    [sha(4), 'Drop legacy'],
    [sha(5), 'Label by shard'],
  ]),
  urlTemplate: null,
};

const ERRORS = definition('svc_errors_total', { line: 8, static: 'ERRORS', vec: true, labels: ['kind'], help: 'Errors *by* kind' });
const QUIET = definition('svc_quiet_total', { line: 9, static: 'QUIET', help: '  ' });
const LEGACY = definition('svc_legacy_total', { line: 7, static: 'LEGACY' });
const REQUESTS_BEFORE = definition('svc_requests_total', { vec: true, labels: ['host', 'code'], help: 'a' });
const REQUESTS_AFTER = definition('svc_requests_total', { vec: true, labels: ['shard', 'code'], help: 'b' });
const LATENCY_BEFORE = definition('svc_latency', { kind: 'histogram', static: 'LATENCY', holder: 'eager', series: ['svc_latency_bucket', 'svc_latency_sum', 'svc_latency_count'] });
const LATENCY_AFTER = definition('svc_latency', { kind: 'counter', static: 'LATENCY', holder: 'lazy_static', series: ['svc_latency'] });

const LABELS: FieldDiff = { field: 'labels', before: ['host', 'code'], after: ['shard', 'code'], added: ['shard'], removed: ['host'], commit: sha(5), baseSide: null };
const HELP: FieldDiff = { field: 'help', before: 'a', after: 'b', commit: null, baseSide: null };
const KIND: FieldDiff = { field: 'kind', before: { kind: 'histogram', vec: false }, after: { kind: 'counter', vec: false }, commit: null, baseSide: sha(4) };
const HOLDER: FieldDiff = { field: 'holder', before: 'eager', after: 'lazy_static', commit: null, baseSide: null };

const REQUESTS: ChangedMetric = { name: 'svc_requests_total', before: REQUESTS_BEFORE, after: REQUESTS_AFTER, changes: [LABELS, HELP] };
const LATENCY: ChangedMetric = { name: 'svc_latency', before: LATENCY_BEFORE, after: LATENCY_AFTER, changes: [KIND, HOLDER] };

const DIFF: MetricDiff = {
  range: 'v1.0..v1.1',
  base: { ref: 'v1.0', commit: sha(1) },
  head: { ref: 'v1.1', commit: sha(7) },
  compareFrom: sha(1),
  ahead: 5,
  behind: 1,
  added: [
    { name: 'svc_errors_total', definition: ERRORS, commit: sha(2), baseSide: null, mergedBy: sha(3), atShallowBoundary: false },
    { name: 'svc_quiet_total', definition: QUIET, commit: null, baseSide: null, mergedBy: null, atShallowBoundary: false },
  ],
  removed: [{ name: 'svc_legacy_total', definition: LEGACY, commit: null, baseSide: sha(4) }],
  changed: [LATENCY, REQUESTS],
  moved: [],
  uncertain: false,
};

const PANEL: QuerySource = { kind: 'panel', file: 'dash.json', dashboard: 'Svc', panel: 'Legacy', path: 'panels[0]' };
const UNTITLED: QuerySource = { kind: 'panel', file: 'dash.json', dashboard: null, panel: '', path: 'panels[1]' };
const ALERT: QuerySource = { kind: 'rule', ruleKind: 'alerting', file: 'rules.yml', group: 'svc', name: 'LegacyHigh', line: 4 };
const RECORDING: QuerySource = { kind: 'rule', ruleKind: 'recording', file: 'rules.yml', group: 'svc', name: 'svc:latency:p99', line: 9 };

const NOTES: ReleaseNotes = {
  diff: DIFF,
  added: DIFF.added,
  removed: [{ metric: DIFF.removed[0] as MetricDiff['removed'][number], breaks: [{ source: PANEL, reasons: [{ kind: 'metric-removed' }], via: [] }, { source: ALERT, reasons: [{ kind: 'metric-removed' }], via: ['svc:legacy:rate5m'] }] }],
  changed: [
    { metric: LATENCY, breaks: [{ source: RECORDING, reasons: [{ kind: 'series-dropped', series: ['svc_latency_bucket'] }, { kind: 'buckets-removed', buckets: ['0.5'] }], via: [] }] },
    { metric: REQUESTS, breaks: [{ source: UNTITLED, reasons: [{ kind: 'labels-removed', labels: ['host'] }], via: [] }] },
  ],
  checked: { dashboards: 1, ruleFiles: 1 },
};

const MARKDOWN = [
  '## Metric changes: v1.0..v1.1',
  '',
  '### New metrics',
  '',
  '- `svc_errors_total` (`int_counter vec(kind)`): Errors \\*by\\* kind. Introduced in `2222222222` "Count errors", merged in `3333333333` "Merge feature"',
  '- `svc_quiet_total` (`int_counter`)',
  '',
  '### Removed metrics',
  '',
  '- `svc_legacy_total` (`int_counter`): *breaking* for any dashboard or alert that uses it. `v1.0` has `4444444444` "Drop legacy", which `v1.1` lacks',
  '  - breaks panel "Legacy" (dashboard "Svc", `dash.json`)',
  '  - breaks alert `LegacyHigh` (`rules.yml`, group `svc`): through recording rule `svc:legacy:rate5m`',
  '',
  '### Changed metrics',
  '',
  '- `svc_latency` (`counter`)',
  '  - kind: histogram → counter, *breaking for queries of `svc_latency_bucket`, `svc_latency_sum`, `svc_latency_count`* (`v1.0` has `4444444444` "Drop legacy", which `v1.1` lacks)',
  '  - holder: eager → lazy_static, exposed only once the static is first used',
  '  - breaks recording rule `svc:latency:p99` (`rules.yml`, group `svc`): reads `svc_latency_bucket`, no longer exposed; selects bucket `le="0.5"`',
  '- `svc_requests_total` (`int_counter vec(shard, code)`)',
  '  - labels: removed `host`, added `shard`, *breaking for queries that use the old labels* (changed in `5555555555` "Label by shard")',
  '  - help: "a" → "b"',
  '  - breaks panel "(untitled)" (`dash.json`): uses label `host`',
  '',
].join('\n');

describe('renderReleaseNotesMarkdown', () => {
  it('new, removed and changed metrics with their commits, and every panel and rule each change breaks', () => {
    expect(renderReleaseNotesMarkdown(NOTES, DISPLAY)).toBe(MARKDOWN);
  });

  it('with dashboards checked but nothing broken, a removal says so; without any checked, nothing is said', () => {
    const removedOnly: ReleaseNotes = { ...NOTES, added: [], changed: [], removed: [{ metric: DIFF.removed[0] as MetricDiff['removed'][number], breaks: [] }] };
    const removal = '- `svc_legacy_total` (`int_counter`): *breaking* for any dashboard or alert that uses it. `v1.0` has `4444444444` "Drop legacy", which `v1.1` lacks\n';
    expect(renderReleaseNotesMarkdown(removedOnly, DISPLAY)).toBe(`## Metric changes: v1.0..v1.1\n\n### Removed metrics\n\n${removal}  - no given dashboard or rule uses it\n`);
    expect(renderReleaseNotesMarkdown({ ...removedOnly, checked: null }, DISPLAY)).toBe(`## Metric changes: v1.0..v1.1\n\n### Removed metrics\n\n${removal}`);
  });

  it('a holder made eager is now exposed from startup; plural labels and buckets', () => {
    const eager: ChangedMetric = { name: 'svc_latency', before: LATENCY_AFTER, after: LATENCY_AFTER, changes: [{ ...HOLDER, before: 'once_cell::Lazy', after: 'eager' }] };
    const notes: ReleaseNotes = {
      ...NOTES,
      added: [],
      removed: [],
      changed: [{ metric: eager, breaks: [{ source: PANEL, reasons: [{ kind: 'labels-removed', labels: ['a', 'b'] }, { kind: 'buckets-removed', buckets: ['1', '2'] }], via: [] }] }],
    };
    expect(renderReleaseNotesMarkdown(notes, DISPLAY)).toBe(
      [
        '## Metric changes: v1.0..v1.1',
        '',
        '### Changed metrics',
        '',
        '- `svc_latency` (`counter`)',
        '  - holder: once_cell::Lazy → eager, now exposed from startup',
        '  - breaks panel "Legacy" (dashboard "Svc", `dash.json`): uses labels `a`, `b`; selects buckets `le="1"`, `le="2"`',
        '',
      ].join('\n'),
    );
  });

  it('a range with only moves has no metric changes to note', () => {
    expect(renderReleaseNotesMarkdown({ ...NOTES, added: [], removed: [], changed: [] }, DISPLAY)).toBe('## Metric changes: v1.0..v1.1\n\nno metric changes\n');
  });
});

describe('renderReleaseNotesJson', () => {
  it('the diff sections, each removal and change with its breaks, what was checked, and the Markdown', () => {
    const result = resultOf(renderReleaseNotesJson(NOTES, DISPLAY), 'release-notes') as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['range', 'base', 'head', 'compareFrom', 'commitUrlTemplate', 'added', 'removed', 'changed', 'checked', 'markdown']);
    expect(result).toMatchObject({ range: 'v1.0..v1.1', base: { ref: 'v1.0', commit: sha(1) }, head: { ref: 'v1.1', commit: sha(7) }, compareFrom: sha(1), commitUrlTemplate: null });
    expect(result['removed']).toEqual([
      {
        name: 'svc_legacy_total',
        definition: definitionJson('svc_legacy_total', { line: 7, static: 'LEGACY' }),
        removedBy: null,
        baseSide: { sha: sha(4), subject: 'Drop legacy', author: 'Ada Lovelace', date: '2024-01-03T10:00:00+00:00', url: null },
        breaks: [
          { source: { kind: 'panel', file: 'dash.json', dashboard: 'Svc', panel: 'Legacy', path: 'panels[0]', rule: null, group: null, line: null }, reasons: [{ kind: 'metric-removed' }], via: [] },
          { source: { kind: 'alerting-rule', file: 'rules.yml', dashboard: null, panel: null, path: null, rule: 'LegacyHigh', group: 'svc', line: 4 }, reasons: [{ kind: 'metric-removed' }], via: ['svc:legacy:rate5m'] },
        ],
      },
    ]);
    const changed = result['changed'] as { name: string; breaks: unknown[] }[];
    expect(changed.map((c) => [c.name, c.breaks])).toEqual([
      [
        'svc_latency',
        [
          {
            source: { kind: 'recording-rule', file: 'rules.yml', dashboard: null, panel: null, path: null, rule: 'svc:latency:p99', group: 'svc', line: 9 },
            reasons: [{ kind: 'series-dropped', series: ['svc_latency_bucket'] }, { kind: 'buckets-removed', buckets: ['0.5'] }],
            via: [],
          },
        ],
      ],
      ['svc_requests_total', [{ source: { kind: 'panel', file: 'dash.json', dashboard: null, panel: '', path: 'panels[1]', rule: null, group: null, line: null }, reasons: [{ kind: 'labels-removed', labels: ['host'] }], via: [] }]],
    ]);
    expect((result['added'] as { name: string }[]).map((a) => a.name)).toEqual(['svc_errors_total', 'svc_quiet_total']);
    expect(result['checked']).toEqual({ dashboards: 1, ruleFiles: 1 });
    expect(result['markdown']).toBe(MARKDOWN);
  });

  it('nothing checked: checked is null and no change has breaks', () => {
    const result = resultOf(renderReleaseNotesJson({ ...NOTES, checked: null, removed: NOTES.removed.map((r) => ({ ...r, breaks: [] })), changed: NOTES.changed.map((c) => ({ ...c, breaks: [] })) }, { ...DISPLAY, urlTemplate: 'https://example.com/c/{sha}' }), 'release-notes') as {
      checked: unknown;
      commitUrlTemplate: string;
      removed: { breaks: unknown[]; baseSide: { url: string } }[];
    };
    expect(result.checked).toBeNull();
    expect(result.commitUrlTemplate).toBe('https://example.com/c/{sha}');
    expect(result.removed.map((r) => [r.breaks, r.baseSide.url])).toEqual([[[], `https://example.com/c/${sha(4)}`]]);
  });
});
