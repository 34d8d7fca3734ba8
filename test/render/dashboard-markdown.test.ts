import { describe, expect, it } from 'vitest';
import { markdownCell, markdownCodeSpan, renderDashboardMarkdown } from '../../src/render/dashboard-markdown.js';
import { INFOS, REPORT, SCRAPE, SUMMARY } from './dashboard-inputs.js';
import { NO_INFOS } from './render-inputs.js';

describe('renderDashboardMarkdown', () => {
  it('the headline in bold, the other sentences as a list, a table of panels and one of metrics, and the scrape', () => {
    expect(renderDashboardMarkdown(REPORT, SUMMARY, SCRAPE, INFOS)).toBe(
      [
        '### Dashboard "Svc overview" against `v1.0` (`1111111111`)',
        '',
        '**2 panels show No data (of 4 with Prometheus queries); 1 more panel may show No data until an error or a first use.**',
        '',
        '- 1 metric is not defined on v1.0: it exists on main (2 commits ahead, introduced in 2222222222 "Count errors"). Deploy main or merge it into v1.0.',
        '- 1 metric appears only after its first error (used only in error handling): svc_retries_total (src/db.rs:9 in retry). Until then the panel may show No data.',
        '- Force RETRIES at startup: in src/metrics.rs, add a function that calls lazy_static::initialize on each, and call it from the main of src/main.rs.',
        '',
        '#### Panels (4)',
        '',
        '| Panel | Status | Metrics |',
        '| --- | --- | --- |',
        '| Requests | ok | `svc_requests_total` |',
        '| Errors | not-deployed | `svc_errors_total` |',
        '| Retries | lazy (error-path) | `svc_retries_total` |',
        '| panels\\[3\\] | unknown | $metric (a template variable names the metric) |',
        '',
        '#### Metrics (3)',
        '',
        '| Metric | Status | Why |',
        '| --- | --- | --- |',
        '| `svc_errors_total` | not-deployed | only on main (2 ahead), introduced by 2222222222 "Count errors" |',
        '| `svc_requests_total` | ok | registered at startup |',
        '| `svc_retries_total` (via recording rule svc:retries:rate5m) | lazy | lazy, used only in error handling: appears after the first error at src/db.rs:9 in retry |',
        '',
        '#### Scrape',
        '',
        '- svc_retries_total: absent from the scrape, as predicted: it appears only after its first error (confirmed)',
        '',
      ].join('\n'),
    );
  });

  it('with every panel fine: the headline alone, no list; a panel without metrics shows a dash; an empty scrape adds nothing', () => {
    const report = { ...REPORT, title: null, panels: [{ ...REPORT.panels[0]!, metrics: [] }], metrics: [] };
    const summary = { ...SUMMARY, panelsWithoutData: 0, panelsUntilFirstUse: 0, panelsAnalysed: 1, causes: [], initialize: [] };
    expect(renderDashboardMarkdown(report, summary, { findings: [], bestMatch: null }, NO_INFOS)).toBe(
      [
        '### Dashboard against `v1.0` (`1111111111`)',
        '',
        '**All 1 panel query metrics that v1.0 registers at startup.**',
        '',
        '#### Panels (1)',
        '',
        '| Panel | Status | Metrics |',
        '| --- | --- | --- |',
        '| Requests | ok | \u2014 |',
        '',
        '#### Metrics (0)',
        '',
        '| Metric | Status | Why |',
        '| --- | --- | --- |',
        '',
      ].join('\n'),
    );
  });

  it('a dashboard without Prometheus queries', () => {
    expect(renderDashboardMarkdown({ ...REPORT, prometheusTargets: 0 }, SUMMARY, null, NO_INFOS)).toBe(
      '### Dashboard "Svc overview" against `v1.0` (`1111111111`)\n\nNo Prometheus queries in this dashboard: nothing to check.\n',
    );
  });

  it('a hostile title and ref stay text: markup escaped, the ref in a code span that holds its backticks', () => {
    const text = renderDashboardMarkdown({ ...REPORT, title: '<img src=x> | *b*', deployed: { ref: 'v`1', commit: REPORT.deployed.commit }, prometheusTargets: 0 }, SUMMARY, null, NO_INFOS);
    expect(text.split('\n')[0]).toBe('### Dashboard "\\<img src=x\\> \\| \\*b\\*" against `` v`1 `` (`1111111111`)');
  });
});

describe('markdownCell', () => {
  it('one line with markup, pipes and ampersands escaped; blank text is a dash', () => {
    expect(markdownCell('a & b | c\nd')).toBe('a \\& b \\| c d');
    expect(markdownCell('&lt;tag&gt; [link](x)')).toBe('\\&lt;tag\\&gt; \\[link\\](x)');
    // The tab is shown as \t, and that backslash is escaped for Markdown, so a reader sees `tab\there`.
    expect(markdownCell('tab\there\u0007')).toBe('tab\\\\there ');
    expect(markdownCell(' ')).toBe('\u2014');
    expect(markdownCell('')).toBe('\u2014');
    expect(markdownCell('_leading and in_word_')).toBe('\\_leading and in_word\\_');
  });
});

describe('markdownCodeSpan', () => {
  it('a fence longer than any run of backticks inside, padded when needed; pipes escaped in a table only', () => {
    expect(markdownCodeSpan('rate(x[5m])')).toBe('`rate(x[5m])`');
    expect(markdownCodeSpan('a`b')).toBe('`` a`b ``');
    expect(markdownCodeSpan('a``b`')).toBe('``` a``b` ```');
    expect(markdownCodeSpan('x|y')).toBe('`x\\|y`');
    expect(markdownCodeSpan('x|y', false)).toBe('`x|y`');
    expect(markdownCodeSpan('one\ntwo')).toBe('`one two`');
  });
});
