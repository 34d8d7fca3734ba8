import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/render/report/html-page.js';
import type { ReportData } from '../../src/render/report/report-data.js';
import { esc, safeHref } from '../../src/render/report/html-escape.js';
import { largeReportData } from '../helpers/large-report.js';

/** A report whose every piece of repository and dashboard text tries to break out of the page. */
function hostileData(): ReportData {
  const base = largeReportData(13, 4);
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
  const [row] = base.dashboard?.rows ?? [];
  const panel = row?.panels[0];
  if (!panel || !row || !base.dashboard) throw new Error('no panel');
  const sha = Object.keys(base.commits)[0] as string;
  return {
    ...base,
    summary: [`${evil} headline`],
    dashboard: { ...base.dashboard, title: evil, rows: [{ ...row, title: evil, panels: [{ ...panel, title: evil, path: evil, evidence: [evil], problems: [evil] }] }] },
    commits: { ...base.commits, [sha]: { ...(base.commits[sha] as ReportData['commits'][string]), subject: evil, author: evil, url: 'javascript:alert(3)' } },
    metrics: base.metrics.map((m) => ({ ...m, help: evil, sites: [{ path: evil, line: 1, static: evil, holder: 'lazy_static', refs: [evil] }] })),
    branches: base.branches.map((b) => ({ ...b, lanes: b.lanes.map((l) => ({ ...l, ref: evil })) })),
    startup: base.startup.map((s) => ({ ...s, path: evil, uses: [{ path: evil, line: 1, function: evil }] })),
  };
}

describe('report page', () => {
  it('escapes every piece of repository and dashboard text, and links only http(s) commit pages', () => {
    const html = renderReportHtml(hostileData());
    // The page's own single script, and no other: no tag, handler or URL from the data survives.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&#39;&amp;');
  });

  it('loads nothing from the network: no src or external stylesheet, and a policy that forbids it', () => {
    const html = renderReportHtml(largeReportData(20, 30));
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/url\(/);
    expect(html).toContain(`content="default-src 'none';`);
  });

  it('is deterministic: the same data gives the same bytes', () => {
    expect(renderReportHtml(largeReportData(40, 60))).toBe(renderReportHtml(largeReportData(40, 60)));
  });

  it('stays under 2 MB for 300 panels and 500 metrics', () => {
    const html = renderReportHtml(largeReportData(300, 500));
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    expect(html.match(/class="tile /g)).toHaveLength(300);
    expect(html.match(/<article class="metric"/g)).toHaveLength(500);
  });

  it('escape helpers', () => {
    expect(esc('a\u0000b\u001bc\td')).toBe('a\ufffdb\ufffdc\td');
    expect(safeHref('https://github.com/o/r/commit/abc')).toBe('https://github.com/o/r/commit/abc');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://x/" onmouseover="a')).toBeNull();
  });
});
