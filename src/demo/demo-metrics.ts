import { DEMO_METRICS_ON_BRANCH } from './demo-branch-metrics.js';
import { DEMO_METRICS_ON_MAIN } from './demo-main-metrics.js';
import type { DemoMetric } from './demo-metric.js';

/** Every metric of the demo repository; fixtures/repos/demo/README.md tells the same facts as prose. */
export const DEMO_METRICS: readonly DemoMetric[] = [...DEMO_METRICS_ON_MAIN, ...DEMO_METRICS_ON_BRANCH];
