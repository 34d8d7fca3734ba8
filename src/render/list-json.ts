import type { MetricList } from '../analyses/list-metrics.js';
import type { WrapperEntry, WrapperList } from '../analyses/list-wrappers.js';
import { envelope, listJson } from './json.js';

function wrapperJson(w: WrapperEntry) {
  return {
    name: w.name,
    origin: w.origin,
    path: w.path,
    line: w.line,
    crate: w.crate,
    registers: w.registers.map((r) => ({ name: r.name, kind: r.kind, vec: r.vec })),
    registrations: w.registrations,
    unresolved: w.unresolved,
  };
}

export function renderListJson(list: MetricList, wrappers: WrapperList): string {
  return envelope('list', { ...listJson(list), wrappers: wrappers.wrappers.map(wrapperJson) });
}
