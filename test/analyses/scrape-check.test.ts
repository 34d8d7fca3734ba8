import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardReport, type DashboardReport } from '../../src/analyses/dashboard-report.js';
import { applicationNames, checkScrape, rankCommits } from '../../src/analyses/scrape-check.js';
import { startupAt } from '../../src/analyses/startup-at.js';
import { parseExposition } from '../../src/dashboards/exposition.js';
import { DASHBOARD, RULES } from './dashboard-inputs.js';
import { openLifecycleRepository, type OpenedLifecycle } from './lifecycle-repository.js';

let o: OpenedLifecycle;
let report: DashboardReport;
beforeAll(async () => {
  o = await openLifecycleRepository();
  const deployed = o.tip('v1.1');
  const startup = await startupAt(o.context, deployed.commit, { includeTests: true });
  report = dashboardReport(DASHBOARD, { view: o.indexed.view, tips: o.indexed.tips, deployed, startup: { ...deployed, ...startup.analysis } }, RULES);
});
afterAll(async () => {
  await o?.close();
});

/** What the experiment branch exposes once its handler ran: no errors yet, and the process collector. */
const SCRAPE = [
  '# TYPE svc_requests_total counter',
  'svc_requests_total{host="a"} 3',
  '# TYPE svc_latency_seconds histogram',
  'svc_latency_seconds_bucket{le="+Inf"} 1',
  'svc_latency_seconds_sum 0.1',
  'svc_latency_seconds_count 1',
  '# TYPE svc_queue_jobs_total counter',
  'svc_queue_jobs_total 4',
  '# TYPE process_cpu_seconds_total counter',
  'process_cpu_seconds_total 1',
  '',
].join('\n');

describe('checkScrape', () => {
  it('confirms or contradicts each lazy prediction, flags metrics v1.1 lacks, and names the ref the scrape fits best', () => {
    const { c2, c6, c7 } = o.commits;
    const check = checkScrape(parseExposition(SCRAPE), report, o.indexed.view, o.indexed.tips, o.tip('v1.1'));
    expect(check).toEqual({
      findings: [
        'svc_errors_total: absent from the scrape, as lazy registration predicts: not used since the last restart (confirmed)',
        'svc_latency_seconds_bucket: present in the scrape, so its first use has already happened since the last restart',
        'svc_old_api_total: absent from the scrape, as predicted: nothing uses it (confirmed)',
        'svc_queue_jobs_total: in the scrape but not defined on v1.1: v1.1 is not what runs',
        '1 application metric(s) in the scrape are not defined on v1.1: svc_queue_jobs_total',
        `the scrape matches experiment at ${c7.slice(0, 10)} (3 of 3 metrics)`,
      ],
      // Each distinct metric set once, by the ref at it closest to v1.1; most matched first, then nearest to v1.1.
      bestMatch: [
        { ref: 'experiment', commit: c7, matched: 3, unexplained: 0 },
        { ref: 'main', commit: c6, matched: 2, unexplained: 1 },
        { ref: 'feature/errors', commit: c2, matched: 2, unexplained: 1 },
      ],
    });
  });

  it('a scrape of exactly what v1.1 registers at start-up: a lazy metric present anyway says so, nothing is foreign', () => {
    const scrape = parseExposition('svc_requests_total{host="a"} 1\nsvc_old_api_total 2\n');
    expect(checkScrape(scrape, report, o.indexed.view, o.indexed.tips, o.tip('v1.1'))).toEqual({
      findings: [
        'svc_errors_total: absent from the scrape, as lazy registration predicts: not used since the last restart (confirmed)',
        'svc_latency_seconds_bucket: absent from the scrape, as lazy registration predicts: not used since the last restart (confirmed)',
        'svc_old_api_total: present in the scrape although nothing in the code of v1.1 uses it: v1.1 is probably not what runs',
      ],
      bestMatch: null,
    });
  });
});

describe('applicationNames and rankCommits', () => {
  it('names behind the samples that some ref defined, by the code’s name; external and unknown names left out', () => {
    const samples = new Set(['svc_latency_seconds_count', 'svc_legacy_total', 'up', 'process_cpu_seconds_total', 'other_total']);
    expect([...applicationNames(samples, o.indexed.view)].sort()).toEqual(['svc_latency_seconds', 'svc_legacy_total']);
  });

  it('the old names fit v1.0 best: every metric matched there, and nothing else explains the legacy counter', () => {
    const names = new Set(['svc_latency_seconds', 'svc_legacy_total', 'svc_requests_total']);
    const { c1, c2, c6 } = o.commits;
    expect(rankCommits(names, o.indexed.view, o.indexed.tips, o.tip('main'))).toEqual([
      { ref: 'feature/errors', commit: c2, matched: 3, unexplained: 0 },
      { ref: 'v1.0', commit: c1, matched: 3, unexplained: 0 },
      { ref: 'main', commit: c6, matched: 2, unexplained: 1 },
    ]);
  });
});
