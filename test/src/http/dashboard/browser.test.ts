import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../../../helpers/browser.js';
import type { TestCore } from '../../../helpers/core.js';
import { askForLink, createDashboardWorld } from '../../../helpers/dashboard.js';
import { ROOT } from '../../../helpers/wrangler.js';
import { rows } from '../../../helpers/meetings.js';

/** Where the screenshots go for a person to look at (not committed: .gitignore). */
const ARTIFACTS = join(ROOT, 'test/artifacts');
/** Series each chart of the branch page draws (src/http/dashboard/charts.ts). */
const SERIES = { quarter: 2, attendance: 2, notices: 1, hours: 1 };

if (!hasChromium()) throw new Error('Chromium is missing: apt-get install -y chromium (bash .ci/run does this)');

describe('the dashboard (看板) in headless Chromium, signed in through the link the bot sent', () => {
  let t: TestCore;
  let server: Server;
  let base: string;
  let browser: Browser;
  let units: Map<string, string>;
  const errors: string[] = [];

  beforeAll(async () => {
    // The server first (its port goes into PUBLIC_URL, the base of the links the bot sends).
    let handler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
    const started = await new Promise<{ server: Server; port: number }>((resolve) => {
      const s = serve({ fetch: (req) => handler(req), port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ server: s as Server, port: info.port }),
      );
    });
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
    t = await createDashboardWorld({ env: { PUBLIC_URL: base } });
    handler = (req) => t.app.fetch(req);
    units = new Map((await rows(t, 'SELECT id, name FROM units')).map((r) => [String(r.name), String(r.id)]));
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await t?.close();
  });

  async function open(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    // Refused pages (403, 401, 410) are expected; a CSP refusal or a script error is not.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('pageerror', (e) => void errors.push(String(e)));
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/dashboard/assets/') && r.status() !== 200) errors.push(r.url());
    });
    return { context, page };
  }

  /** Opens the link and waits for the page the sign-in leads to. */
  async function signIn(page: Page, url: string): Promise<void> {
    await page.goto(url);
    await page.waitForURL((u) => u.pathname.startsWith('/dashboard/unit/'));
  }

  /** Waits until the 党委 page shows every row (it reloads itself while rows are still computed). */
  async function settled(page: Page): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const pending = await page
        .locator('[data-pending]')
        .count()
        .catch(() => 1);
      if (pending === 0) return;
      await page.waitForTimeout(100);
    }
    throw new Error('the 党委 page kept rows pending');
  }

  /** Each chart: its canvas drew something, and uPlot holds (and lists in its legend) the expected series. */
  async function checkCharts(page: Page): Promise<void> {
    await page.waitForSelector('main[data-charts="ready"]');
    for (const [key, series] of Object.entries(SERIES)) {
      const box = page.locator(`[data-chart="${key}"]`);
      expect(await box.getAttribute('data-series'), key).toBe(String(series));
      expect(await box.locator('.u-legend .u-series').count(), key).toBe(series + 1);
      const painted = await box.locator('canvas').evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return { n, width: c.width, height: c.height };
      });
      expect(painted.width, key).toBeGreaterThan(100);
      expect(painted.n, key).toBeGreaterThan(50);
    }
  }

  it('signs a 委员 in with the bot’s link and draws the branch page’s charts, on a desktop and at 375 px', async () => {
    const { url, result } = await askForLink(t, 'com');
    // The link is a secret: the answer is marked so it is never stored for replay.
    expect(result.replies).toHaveLength(1);
    expect(result.replies[0]!.sensitive).toBe(true);
    const desktop = await open();
    await signIn(desktop.page, url);
    expect(new URL(desktop.page.url()).pathname).toBe(`/dashboard/unit/${units.get('第一支部')}`);
    await expect(desktop.page.locator('h1').textContent()).resolves.toBe('第一支部');
    await checkCharts(desktop.page);
    const absent = desktop.page.locator('[data-table="absent"] tbody tr');
    await expect(absent.count()).resolves.toBe(1);
    await expect(absent.first().textContent()).resolves.toContain('外出务工');
    await desktop.page.screenshot({ path: join(ARTIFACTS, 'dashboard-branch-desktop.png'), fullPage: true });

    // The same session on a phone: the page fits 375 px, the charts are redrawn to its width.
    const phone = await open({ width: 375, height: 812 });
    await phone.context.addCookies(await desktop.context.cookies());
    await phone.page.goto(`${base}/dashboard/unit/${units.get('第一支部')}`);
    await checkCharts(phone.page);
    const widths = await phone.page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      charts: [...document.querySelectorAll('[data-chart] canvas')].map((c) => c.getBoundingClientRect().width),
    }));
    expect(widths.page).toBeLessThanOrEqual(375);
    for (const w of widths.charts) expect(w).toBeLessThanOrEqual(375);
    await phone.page.screenshot({ path: join(ARTIFACTS, 'dashboard-branch-375.png'), fullPage: true });

    // Another branch's page and data are refused.
    const other = `${base}/dashboard/unit/${units.get('第二支部')}`;
    expect((await desktop.page.goto(other))?.status()).toBe(403);
    expect((await desktop.page.goto(`${base}/dashboard/api/unit/${units.get('第二支部')}`))?.status()).toBe(403);
    expect((await desktop.page.goto(`${base}/dashboard/unit/${units.get('泰山区某社区党委')}`))?.status()).toBe(403);

    // The link was spent: opening it again signs nobody in.
    const again = await open();
    await again.page.goto(url);
    const status = again.page.locator('#login-status[data-error]');
    await expect(status.getAttribute('data-error')).resolves.toBe('link_used');
    await expect(status.textContent()).resolves.toContain('已经用过');
    expect((await again.page.goto(`${base}/dashboard/unit/${units.get('第一支部')}`))?.status()).toBe(401);
    await Promise.all([desktop.context.close(), phone.context.close(), again.context.close()]);
    expect(errors).toEqual([]);
  });

  it('refuses a link opened after 10 minutes', async () => {
    const { url } = await askForLink(t, 'sec');
    t.clock.advance(10 * 60_000 + 1);
    const late = await open();
    await late.page.goto(url);
    const status = late.page.locator('#login-status[data-error]');
    await expect(status.getAttribute('data-error')).resolves.toBe('link_expired');
    await expect(status.textContent()).resolves.toContain('已过期');
    await late.context.close();
  });

  it('shows the 党委 one sortable, coloured row per branch, and a click opens the branch', async () => {
    const { url } = await askForLink(t, 'admin');
    const desktop = await open();
    await signIn(desktop.page, url);
    const page = desktop.page;
    await settled(page);
    expect(new URL(page.url()).pathname).toBe(`/dashboard/unit/${units.get('泰山区某社区党委')}`);
    const branches = (await rows(t, "SELECT name FROM units WHERE type = 'branch' ORDER BY name")).map((r) => r.name);
    const names = () => page.locator('[data-table="branches"] tbody tr td:first-child').allTextContents();
    expect((await names()).sort()).toEqual(branches);
    // Every figure cell is coloured by how far behind it is.
    const cells = page.locator('[data-table="branches"] tbody td.num');
    for (const cls of await cells.evaluateAll((tds) => tds.map((td) => td.className))) {
      expect(cls).toMatch(/heat-[0-3]/);
    }
    // Sorting by 本季度还差会议, most behind first: 第二支部 owes 7, 第一支部 6.
    await page.getByRole('button', { name: '本季度还差会议' }).click();
    expect(await names()).toEqual(['第二支部', '第一支部']);
    await page.getByRole('button', { name: '本季度还差会议' }).click();
    expect(await names()).toEqual(['第一支部', '第二支部']);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-committee-desktop.png'), fullPage: true });
    const phone = await open({ width: 375, height: 812 });
    await phone.context.addCookies(await desktop.context.cookies());
    await phone.page.goto(page.url());
    await phone.page.screenshot({ path: join(ARTIFACTS, 'dashboard-committee-375.png'), fullPage: true });

    await page.getByRole('link', { name: '第二支部' }).click();
    await page.waitForURL(`${base}/dashboard/unit/${units.get('第二支部')}`);
    await page.waitForSelector('main[data-charts="ready"]');
    await expect(page.locator('h1').textContent()).resolves.toBe('第二支部');
    await Promise.all([desktop.context.close(), phone.context.close()]);
    expect(errors).toEqual([]);
  });

  it('ends a demoted officer’s session at their next request, for good', async () => {
    const { url } = await askForLink(t, 'com');
    const { context, page } = await open();
    await signIn(page, url);
    const demoted = await t.say({
      from: 'sec',
      chat: 'g1',
      text: '任命 @周委员 党员',
      mentions: [{ id: 'com', name: '周委员' }],
    });
    expect(demoted).toContain('周委员');
    expect((await page.reload())?.status()).toBe(401);
    await expect(page.locator('h1').textContent()).resolves.toBe('看板会话已结束');
    const ended = await rows(
      t,
      "SELECT end_reason FROM dashboard_sessions WHERE identity = 'playground:com' AND ended_at IS NOT NULL",
    );
    expect(ended.map((r) => r.end_reason)).toContain('not_officer');
    // Made 委员 again, the old session stays ended: only a new link opens a new one.
    await t.say({ from: 'sec', chat: 'g1', text: '任命 @周委员 委员', mentions: [{ id: 'com', name: '周委员' }] });
    expect((await page.reload())?.status()).toBe(401);
    await context.close();
    expect(errors).toEqual([]);
  });
});
