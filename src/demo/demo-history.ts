/** The demo repository's history as the tests and the demo speak of it: its branches, tag and commit subjects. */

/** What production runs. */
export const DEMO_MAIN_BRANCH = 'main';
/** 20 commits ahead of main, 0 behind; the only place the 9 dashboard metrics are defined. */
export const DEMO_FEATURE_BRANCH = 'rude1/backfill';
/** One commit on top of the feature branch that registers every lazy metric at startup. */
export const DEMO_INIT_BRANCH = 'rude1/init-metrics';
export const DEMO_BRANCHES = [DEMO_MAIN_BRANCH, DEMO_FEATURE_BRANCH, DEMO_INIT_BRANCH] as const;
export type DemoBranch = (typeof DEMO_BRANCHES)[number];
/** Annotated, on main's third commit ("Consume the Jetstream firehose"). */
export const DEMO_TAG = 'v0.1.0';

export const DEMO_MAIN_COMMIT_COUNT = 8;
export const DEMO_FEATURE_AHEAD = 20;

export const DEMO_ADD_METRICS_SUBJECT = 'Add metrics';
export const DEMO_PARITY_SUBJECT = 'Parity with plugins';
export const DEMO_INIT_SUBJECT = 'Initialize metrics at startup';
