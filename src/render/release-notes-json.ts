import type { QuerySource } from '../analyses/query-usage.js';
import type { Breakage, ReleaseNotes } from '../analyses/release-notes.js';
import type { CommitDisplay } from './commit-display.js';
import { diffJson } from './diff-json.js';
import { envelope } from './json.js';
// The contract carries the CHANGELOG text as the Markdown renderer writes it, hence this one import of another format.
import { renderReleaseNotesMarkdown } from './release-notes-markdown.js';

function sourceJson(source: QuerySource) {
  return source.kind === 'panel'
    ? { kind: 'panel', file: source.file, dashboard: source.dashboard, panel: source.panel, path: source.path, rule: null, group: null, line: null }
    : { kind: `${source.ruleKind}-rule`, file: source.file, dashboard: null, panel: null, path: null, rule: source.name, group: source.group, line: source.line };
}

function breakJson(b: Breakage) {
  return { source: sourceJson(b.source), reasons: b.reasons, via: b.via };
}

export function renderReleaseNotesJson(notes: ReleaseNotes, display: CommitDisplay): string {
  const diff = diffJson(notes.diff, display);
  return envelope('release-notes', {
    range: diff.range,
    base: diff.base,
    head: diff.head,
    compareFrom: diff.compareFrom,
    commitUrlTemplate: display.urlTemplate,
    added: diff.added,
    removed: diff.removed.map((m, i) => ({ ...m, breaks: (notes.removed[i]?.breaks ?? []).map(breakJson) })),
    changed: diff.changed.map((m, i) => ({ ...m, breaks: (notes.changed[i]?.breaks ?? []).map(breakJson) })),
    checked: notes.checked,
    markdown: renderReleaseNotesMarkdown(notes, display),
  });
}
