/**
 * The incident page in a real browser: Debian's Chromium through playwright-core (no browser
 * download). Screenshots go to test-artifacts/screenshots/, which CI keeps; with
 * UPDATE_README_SCREENSHOT=1 the demo's screenshot also replaces docs/report-demo.png.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepository, DEMO_DASHBOARD_PATH } from '../../src/demo/build-demo.js';
import type { Scenario } from '../../src/demo/git-fixture.js';
import { renderReportHtml } from '../../src/render/report/html-page.js';
import { statusLabel, type DisplayStatus } from '../../src/render/report/status-display.js';
import { ARTIFACTS, BROWSER_REQUIRED, HAVE_BROWSER, launchBrowser } from '../helpers/browser.js';
import { DEMO_PANEL_STATUSES } from '../helpers/demo-report.js';
import { largeReportData } from '../helpers/large-report.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const README_SCREENSHOT = path.resolve(ARTIFACTS, '../docs/report-demo.png');
/** Not a speed claim (the bench measures speed): only a bound that tells a hang from a slow machine. */
const HANG_MS = 30_000;

describe.skipIf(!HAVE_BROWSER && !BROWSER_REQUIRED)('the incident report in Chromium', () => {
  let demo: Scenario;
  let dir: string;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    demo = buildDemoRepository();
    dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-browser-'));
    const file = path.join(dir, 'report.html');
    const run = await spawnCli(['report', '--deployed', 'main', '--dashboard', DEMO_DASHBOARD_PATH, '--out', file, '--repo', demo.dir]);
    expect(run.stderr).toContain('wrote');
    expect(run.code).toBe(0);
    url = pathToFileURL(file).href;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    demo?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A page at this width that records console errors and uncaught exceptions. */
  async function open(width: number, javaScriptEnabled = true): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) errors.push(`network request: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors };
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it('shows every panel with its status and metrics, without console errors or horizontal overflow at 1280 px', async () => {
    const { page, errors } = await open(1280);
    const tiles = await page.$$eval('.tile', (els) =>
      els.map((el) => ({
        title: el.querySelector('.t-title')?.textContent,
        label: el.querySelector('.t-status')?.textContent,
        status: el.getAttribute('data-status'),
        metrics: el.querySelector('.t-metrics')?.textContent ?? '',
      })),
    );
    expect(Object.fromEntries(tiles.map((t) => [t.title, t.status]))).toEqual(DEMO_PANEL_STATUSES);
    for (const tile of tiles) expect(tile.label).toBe(statusLabel(tile.status as DisplayStatus));
    expect(tiles.find((t) => t.title === 'Ingester errors')?.metrics).toBe('ingester_errors_total');
    expect(tiles.find((t) => t.title === 'Postgres pool waits')?.metrics).toBe('ingester_store_pool_waits_total');
    const headline = await page.textContent('.headline');
    expect(headline).toBe('10 panels show No data (of 16 with Prometheus queries); 3 more panels may show No data until an error or a first use.');
    expect(await page.$$eval('#branches svg.lanes', (s) => s.length)).toBe(1);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-report-1280-full.png'), fullPage: true });
    // The README's picture: the root cause and the panel grid.
    const bottom = await page.$eval('#panels', (el) => el.getBoundingClientRect().bottom + window.scrollY);
    const shot = path.join(SCREENSHOTS, 'demo-report-1280.png');
    await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 }, fullPage: true });
    if (process.env['UPDATE_README_SCREENSHOT'] === '1') copyFileSync(shot, README_SCREENSHOT);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('clicking a panel shows its explanation', async () => {
    const { page, errors } = await open(1280);
    await page.click('.tile:has-text("Ingester errors")');
    await page.waitForFunction(() => location.hash === '#panel-6');
    const explanation = page.locator('#panel-6');
    await explanation.waitFor({ state: 'visible' });
    expect(await explanation.evaluate((el) => el.matches(':target'))).toBe(true);
    // Scrolled into view.
    await page.waitForFunction(() => {
      const r = document.getElementById('panel-6')?.getBoundingClientRect();
      return r !== undefined && r.top >= 0 && r.top < window.innerHeight;
    });
    const text = await explanation.textContent();
    expect(text).toContain('Ingester errors');
    expect(text).toContain('ingester_errors_total');
    expect(text).toContain('only on rude1/backfill (20 ahead)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-report-explanation.png') });

    // Filtering by status (JS): other panels dim, this status's stay.
    await page.click('[data-filter="lazy-error-path"]');
    const dimmed = await page.$$eval('.tile', (els) => els.filter((el) => el.classList.contains('dim')).map((el) => el.getAttribute('data-status')));
    expect(dimmed).toHaveLength(13);
    expect(dimmed).not.toContain('lazy-error-path');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits a 390 px phone without horizontal overflow', async () => {
    const { page, errors } = await open(390);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await page.locator('.tile').count()).toBe(16);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-report-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('is readable with JavaScript disabled: tiles, pictures and explanations are all there', async () => {
    const { page, errors } = await open(1280, false);
    expect(await page.locator('.tile').count()).toBe(16);
    expect(await page.locator('svg.lanes circle.mark').count()).toBe(4);
    expect(await page.locator('svg.timeline').count()).toBeGreaterThan(10);
    expect(await page.locator('#panel-6').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('renders 300 panels and 500 metrics (a file under 2 MB) and records how long it took', async () => {
    const html = renderReportHtml(largeReportData(300, 500));
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    const file = path.join(dir, 'large.html');
    writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: HANG_MS });
    // Load plus the first layout and paint of the whole page.
    const ms = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          void document.body.getBoundingClientRect();
          requestAnimationFrame(() => resolve(performance.now()));
        }),
    );
    expect(await page.locator('.tile').count()).toBe(300);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(ms).toBeLessThan(HANG_MS);
    expect(errors).toEqual([]);
    const timings = path.join(ARTIFACTS, 'report-render.json');
    writeFileSync(timings, `${JSON.stringify({ panels: 300, metrics: 500, bytes, renderMs: Math.round(ms) }, null, 2)}\n`);
    console.log(`report of 300 panels, 500 metrics: ${(bytes / 1024).toFixed(0)} KiB, rendered in ${Math.round(ms)} ms (${timings})`);
    await context.close();
    expect(readFileSync(timings, 'utf8')).toContain('renderMs');
  });
});
