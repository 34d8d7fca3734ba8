import type { ChangedMetric, FieldDiff, MetricDiff } from '../analyses/diff-metrics.js';
import { seriesNamesOf, type QuerySource } from '../analyses/query-usage.js';
import type { BreakReason, Breakage, ReleaseNotes } from '../analyses/release-notes.js';
import { markdownCommit, type CommitDisplay } from './commit-display.js';
import { fieldChangeText, NO_METRIC_CHANGES } from './diff-wording.js';
import { kindLabel } from './kind-label.js';
import { markdownCode as code, markdownText } from './markdown-text.js';

function sourceText(source: QuerySource): string {
  if (source.kind === 'panel') {
    const dashboard = source.dashboard === null ? '' : `dashboard "${markdownText(source.dashboard)}", `;
    return `panel "${markdownText(source.panel || '(untitled)')}" (${dashboard}${code(source.file)})`;
  }
  const kind = source.ruleKind === 'alerting' ? 'alert' : 'recording rule';
  return `${kind} ${code(source.name)} (${code(source.file)}, group ${code(source.group)})`;
}

function reasonText(reason: BreakReason): string | null {
  switch (reason.kind) {
    case 'metric-removed':
      return null;
    case 'labels-removed':
      return `uses label${reason.labels.length === 1 ? '' : 's'} ${reason.labels.map(code).join(', ')}`;
    case 'series-dropped':
      return `reads ${reason.series.map(code).join(', ')}, no longer exposed`;
    case 'buckets-removed':
      return `selects bucket${reason.buckets.length === 1 ? '' : 's'} ${reason.buckets.map((b) => code(`le="${b}"`)).join(', ')}`;
  }
}

function breakageLines(breaks: readonly Breakage[], checked: ReleaseNotes['checked'], what: string): string {
  if (checked === null) return '';
  if (breaks.length === 0) return `  - no given dashboard or rule ${what}\n`;
  return breaks
    .map((b) => {
      const details = [
        ...b.reasons.map(reasonText).filter((r): r is string => r !== null),
        ...(b.via.length > 0 ? [`through recording rule${b.via.length === 1 ? '' : 's'} ${b.via.map(code).join(', ')}`] : []),
      ];
      return `  - breaks ${sourceText(b.source)}${details.length > 0 ? `: ${details.join('; ')}` : ''}\n`;
    })
    .join('');
}

function attributed(a: { readonly commit: string | null; readonly baseSide: string | null }, diff: MetricDiff, display: CommitDisplay, verb: string): string {
  if (a.commit !== null) return `${verb} in ${markdownCommit(a.commit, display)}`;
  if (a.baseSide !== null) return `${code(diff.base.ref)} has ${markdownCommit(a.baseSide, display)}, which ${code(diff.head.ref)} lacks`;
  return '';
}

function changeLine(change: FieldDiff, metric: ChangedMetric, diff: MetricDiff, display: CommitDisplay): string {
  let text = markdownText(fieldChangeText(change));
  if (change.field === 'labels') {
    const removed = change.removed.map(code).join(', ');
    const added = change.added.map(code).join(', ');
    text = `labels: ${[removed && `removed ${removed}`, added && `added ${added}`].filter(Boolean).join(', ')}`;
    if (change.removed.length > 0) text += ', *breaking for queries that use the old labels*';
  }
  if (change.field === 'kind') {
    const dropped = seriesNamesOf(metric.before).filter((s) => !seriesNamesOf(metric.after).includes(s));
    if (dropped.length > 0) text += `, *breaking for queries of ${dropped.map(code).join(', ')}*`;
  }
  // A lazy static registers on first dereference: until then the series is absent, not zero.
  if (change.field === 'holder' && change.before === 'eager' && change.after !== 'eager') text += ', exposed only once the static is first used';
  if (change.field === 'holder' && change.before !== 'eager' && change.after === 'eager') text += ', now exposed from startup';
  const by = attributed(change, diff, display, 'changed');
  return `  - ${text}${by ? ` (${by})` : ''}\n`;
}

/** Markdown for a CHANGELOG: sorted, stable, no run timestamps; sections only where they have entries. */
export function renderReleaseNotesMarkdown(notes: ReleaseNotes, display: CommitDisplay): string {
  const { diff } = notes;
  let out = `## Metric changes: ${markdownText(diff.range)}\n`;
  if (notes.added.length + notes.removed.length + notes.changed.length === 0) return `${out}\n${NO_METRIC_CHANGES}\n`;

  if (notes.added.length > 0) {
    out += '\n### New metrics\n\n';
    for (const m of notes.added) {
      const help = m.definition.help === null || m.definition.help.trim() === '' ? '' : `: ${markdownText(sentence(m.definition.help))}`;
      const origin = [attributed(m, diff, display, 'introduced'), m.mergedBy ? `merged in ${markdownCommit(m.mergedBy, display)}` : ''].filter(Boolean).join(', ');
      out += `- ${code(m.name)} (${code(kindLabel(m.definition))})${help}${origin ? `${help ? ' ' : '. '}${capitalise(origin)}` : ''}\n`;
    }
  }
  if (notes.removed.length > 0) {
    out += '\n### Removed metrics\n\n';
    for (const { metric: m, breaks } of notes.removed) {
      const by = attributed(m, diff, display, 'removed');
      out += `- ${code(m.name)} (${code(kindLabel(m.definition))}): *breaking* for any dashboard or alert that uses it${by ? `. ${capitalise(by)}` : ''}\n`;
      out += breakageLines(breaks, notes.checked, 'uses it');
    }
  }
  if (notes.changed.length > 0) {
    out += '\n### Changed metrics\n\n';
    for (const { metric: m, breaks } of notes.changed) {
      out += `- ${code(m.name)} (${code(kindLabel(m.after))})\n`;
      for (const change of m.changes) out += changeLine(change, m, diff, display);
      if (breaks.length > 0) out += breakageLines(breaks, notes.checked, '');
    }
  }
  return out;
}

/** Help texts are written with or without a final period; a note always reads as one sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
