import type { MetricHistory } from '../analyses/metric-history.js';
import type { CommitInfos } from './commit-infos.js';
import { detail } from './history-wording.js';
import { envelope, metricJson } from './json.js';

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
