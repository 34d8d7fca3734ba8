import type { LifecycleEvent, MetricHistory } from '../analyses/metric-history.js';
import { describeCommit, type CommitInfos } from './commit-infos.js';
import { envelope, metricJson } from './json.js';
import { compactRefList } from './ref-list.js';
import { terminalText } from './terminal-text.js';

export function detail(e: LifecycleEvent): string {
  switch (e.kind) {
    case 'introduced':
    case 're-added': {
      const at = `${terminalText(e.definition.path)}:${e.definition.line}`;
      const rename = e.renamedFrom.length > 0 ? `   renamed from ${e.renamedFrom.join(' or ')}?` : '';
      return (e.atShallowBoundary ? `${at} (at or before this commit: shallow clone)` : at) + rename;
    }
    case 'changed':
      return e.changes.map((c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join('; ');
    case 'moved':
      return `${terminalText(e.from.path)}:${e.from.line} (${e.from.static ?? '-'}) → ${terminalText(e.definition.path)}:${e.definition.line} (${e.definition.static ?? '-'})`;
    case 'merged':
      return `brought in from ${e.fromParent.slice(0, 10)}`;
    case 'removed':
      return `${e.viaMerge ? 'by a merge' : `was ${terminalText(e.definition.path)}:${e.definition.line}`}${e.renamedTo.length > 0 ? `   renamed to ${e.renamedTo.join(' or ')}?` : ''}`;
  }
}

export function renderHistoryText(h: MetricHistory, infos: CommitInfos): string {
  if (!h.name) return `${h.query}   never defined${h.closest.length > 0 ? `; closest defined names: ${h.closest.join(', ')}` : ''}\n`;
  let out = `${h.name}\n`;
  for (const e of h.events) {
    out += `  ${e.kind.padEnd(11)}${describeCommit(e.commit, infos)}\n`;
    out += `  ${''.padEnd(11)}${detail(e)}\n`;
    out += `  ${''.padEnd(11)}reached: ${e.reached.length > 0 ? compactRefList(e.reached) : 'no current ref'}\n`;
  }
  return out;
}

export function renderHistoryJson(h: MetricHistory, infos: CommitInfos): string {
  return envelope('history', {
    query: h.query,
    name: h.name,
    closest: h.closest,
    events: h.events.map((e) => {
      const info = infos.get(e.commit);
      return {
        kind: e.kind,
        commit: { sha: e.commit, subject: info?.subject ?? null, author: info?.author ?? null, date: info?.date ?? null },
        definition: metricJson(e.definition),
        detail: detail(e),
        renamedFrom: e.kind === 'introduced' || e.kind === 're-added' ? e.renamedFrom : [],
        renamedTo: e.kind === 'removed' ? e.renamedTo : [],
        changes: e.kind === 'changed' ? e.changes : [],
        reached: e.reached,
      };
    }),
  });
}
