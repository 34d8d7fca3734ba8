import type { LifecycleEvent } from '../analyses/metric-history.js';
import { terminalText } from './terminal-text.js';

/** One line on what an event did: the text prints it under the event, the JSON and the incident page carry it. */
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
