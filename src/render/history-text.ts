import type { MetricHistory } from '../analyses/metric-history.js';
import { describeCommit, type CommitInfos } from './commit-infos.js';
import { detail } from './history-wording.js';
import { compactRefList } from './ref-list.js';

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
