/** The small pieces every renderer is built from: escaping, wrapping, kind labels, commit links and the JSON envelope. */
import { describe, expect, it } from 'vitest';
import { markdownCommit } from '../../src/render/commit-display.js';
import { envelope, metricJson, registryLabel } from '../../src/render/json.js';
import { kindLabel } from '../../src/render/kind-label.js';
import { markdownCode, markdownText, safeLinkUrl } from '../../src/render/markdown-text.js';
import { guardOutput, terminalLines, terminalText } from '../../src/render/terminal-text.js';
import { narrowestWidth, widthOf, wrapLines, wrapParagraph } from '../../src/render/wrap-text.js';
import { commitInfos, definition, definitionJson, sha } from './render-inputs.js';

describe('terminalText, terminalLines and guardOutput', () => {
  it('shows control characters, bidi overrides and lone surrogates as visible escapes', () => {
    expect(terminalText('a\u001b[31mb\r\n\tc\u202ed\ud800e')).toBe('a\\u001b[31mb\\r\\n\\tc\\u202ed\\ud800e');
    expect(terminalText('\udc80 byte')).toBe('\\x80 byte');
    expect(terminalText('plain – ünïcode ✓ 😀')).toBe('plain – ünïcode ✓ 😀');
  });

  it('terminalLines keeps newlines; guardOutput keeps the program’s own bold and a progress line’s CR and erase', () => {
    expect(terminalLines('a\nb\rc')).toBe('a\nb\\rc');
    expect(guardOutput('\u001b[1mHEAD\u001b[22m\n\u001b]8;;x\u0007')).toBe('\u001b[1mHEAD\u001b[22m\n\\u001b]8;;x\\u0007');
    expect(guardOutput('\rindexing 3/9 \u0007\u001b[K', true)).toBe('\rindexing 3/9 \\u0007\u001b[K');
    expect(guardOutput('nothing unsafe')).toBe('nothing unsafe');
  });
});

describe('markdownText, markdownCode and safeLinkUrl', () => {
  it('escapes what could start markup, and underscores only at a word boundary', () => {
    expect(markdownText('*a* `b` [c] <d> |e| ~f~ \\g')).toBe('\\*a\\* \\`b\\` \\[c\\] \\<d\\> \\|e\\| \\~f\\~ \\\\g');
    expect(markdownText('svc_errors_total _x_ line\r\nbreak')).toBe('svc_errors_total \\_x\\_ line break');
  });

  it('a code span holds anything: longer fences, padding, pipes escaped', () => {
    expect(markdownCode('main')).toBe('`main`');
    expect(markdownCode(' lead')).toBe('`  lead `');
    expect(markdownCode('a``b')).toBe('``` a``b ```');
    expect(markdownCode('a|b\u001b')).toBe('`a\\|b\\u001b`');
  });

  it('links only plain http(s) URLs', () => {
    expect(safeLinkUrl('https://github.com/acme/svc/commit/abc')).toBe('https://github.com/acme/svc/commit/abc');
    expect(safeLinkUrl('http://git.local:8080/c/abc?x=1#y')).toBe('http://git.local:8080/c/abc?x=1#y');
    for (const url of ['javascript:alert(1)', 'https://x.com/a b', 'https://x.com/a)', "https://x.com/a'", 'https://x.com/*', 'ftp://x.com/a']) expect(safeLinkUrl(url)).toBeNull();
  });
});

describe('markdownCommit', () => {
  const infos = commitInfos([[sha(2), 'Fix *everything*']]);
  it('a short SHA in code, linked when the template gives a safe URL, with its subject escaped', () => {
    expect(markdownCommit(sha(2), { infos, urlTemplate: 'https://git.example/c/{sha}' })).toBe(`[\`2222222222\`](https://git.example/c/${sha(2)}) "Fix \\*everything\\*"`);
    expect(markdownCommit(sha(2), { infos, urlTemplate: 'javascript:{sha}' })).toBe('`2222222222` "Fix \\*everything\\*"');
    expect(markdownCommit(sha(3), { infos, urlTemplate: null })).toBe('`3333333333`');
  });
});

describe('wrapping', () => {
  it('breaks between words, and inside a long word only after a slash or comma, never in a name', () => {
    expect(wrapLines('crates/ingester/src/firehose.rs:77 in follow', 20)).toEqual(['crates/ingester/src/', 'firehose.rs:77 in', 'follow']);
    expect(wrapLines('a_metric_name_longer_than_the_line', 10)).toEqual(['a_metric_name_longer_than_the_line']);
    expect(wrapLines('kept\nlines', 80)).toEqual(['kept', 'lines']);
    expect(narrowestWidth('crates/ingester/src x', true)).toBe(9);
    expect(narrowestWidth('crates/ingester/src x', false)).toBe(19);
    expect(widthOf('ab\nabcd\n')).toBe(4);
  });

  it('a paragraph: one line to a pipe; on a terminal a hanging indent, never narrower than 20 columns', () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    expect(wrapParagraph(text, Number.POSITIVE_INFINITY, 2)).toBe(`  ${text}\n`);
    expect(wrapParagraph(text, 30, 2)).toBe('  one two three four five\n    six seven eight nine ten\n    eleven twelve\n');
    expect(wrapParagraph(text, 10, 2)).toBe('  one two three four\n    five six seven eight\n    nine ten eleven\n    twelve\n');
  });
});

describe('kindLabel', () => {
  it('names the labels of a family; a Vec without labels still says vec', () => {
    expect(kindLabel({ kind: 'histogram', vec: false, labels: [] })).toBe('histogram');
    expect(kindLabel({ kind: 'counter', vec: true, labels: ['method', 'code'] })).toBe('counter vec(method, code)');
    expect(kindLabel({ kind: 'gauge', vec: true, labels: [] })).toBe('gauge vec()');
    expect(kindLabel({ kind: 'gauge', vec: false, labels: ['via_facade'] })).toBe('gauge vec(via_facade)');
  });
});

describe('the JSON contract', () => {
  it('an envelope with the schema version and command, two-space indented, one newline at the end', () => {
    expect(envelope('list', { a: [1] })).toBe('{\n  "schemaVersion": 1,\n  "command": "list",\n  "result": {\n    "a": [\n      1\n    ]\n  }\n}\n');
  });

  it('a metric: every field, and the optional ones only when they say something', () => {
    expect(metricJson(definition('svc_requests_total'))).toEqual(definitionJson('svc_requests_total'));
    const facade = definition('db_query_count', {
      library: 'metrics',
      writtenName: 'db.query.count',
      bucketsNotComputed: 'buckets_from_config()',
      registeredAt: { path: 'src/registry.rs', line: 4 },
      registry: { kind: 'custom', expression: 'REGISTRY', prefix: null },
    });
    expect(metricJson(facade)).toEqual({
      ...definitionJson('db_query_count', { library: 'metrics' }),
      registry: 'REGISTRY',
      registryPrefix: null,
      writtenName: 'db.query.count',
      bucketsNotComputed: 'buckets_from_config()',
      registeredAt: { path: 'src/registry.rs', line: 4 },
    });
    expect(Object.keys(metricJson(definition('x')))).not.toContain('writtenName');
  });

  it('registry labels', () => {
    expect(registryLabel({ kind: 'default' })).toBe('default');
    expect(registryLabel({ kind: 'unregistered' })).toBe('unregistered');
    expect(registryLabel({ kind: 'custom', expression: 'self.registry', prefix: 'app' })).toBe('self.registry');
  });
});
