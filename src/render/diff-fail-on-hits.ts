import type { FailOnHit } from '../analyses/change-fail-on.js';

/** What goes to stderr, whatever the format: which `--fail-on` categories were hit. */
export function renderFailOnHits(hits: readonly FailOnHit[]): string {
  return hits.map((h) => `fail-on ${h.category}: ${h.metric}\n`).join('');
}
