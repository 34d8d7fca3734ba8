/** Panel title → status as the page colours it, in dashboard order. */
export const DEMO_PANEL_STATUSES: Record<string, string> = {
  'Ingester up': 'external',
  'Firehose connected': 'ok',
  'Event processing p99': 'ok',
  'Postgres pool waits': 'lazy-never-used',
  'Firehose decode errors': 'lazy-error-path',
  'Database write errors': 'lazy-error-path',
  'Ingester errors': 'not-deployed',
  'Repos fetched': 'not-deployed',
  'Repos written': 'not-deployed',
  'Repo fetch errors': 'not-deployed',
  'Cursor skips': 'not-deployed',
  'Backfill complete': 'not-deployed',
  'CAR parse errors': 'not-deployed',
  'Verification errors': 'not-deployed',
  'Dead-lettered repos': 'not-deployed',
  'getRepo HTTP errors': 'lazy-error-path',
};
