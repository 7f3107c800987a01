import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../../helpers/browser.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { Playground } from './driver.js';

// What a newcomer meets on the page: links, errors in Chinese, a favicon, messages in the order they
// were sent, a long history kept and paged, a header without ids, unread direct messages counted.
if (!hasChromium()) throw new Error('Chromium is missing: apt-get install -y chromium (bash .ci/run does this)');

const json = (route: Route, body: unknown, status = 200) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

describe('playground page details in headless Chromium', () => {
  let t: TestCore;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestCore();
    const started = await new Promise<{ server: Server; port: number }>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ server: s as Server, port: info.port }),
      );
    });
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await t?.close();
  });

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    return context;
  }

  it('has a favicon of its own, and no ids in the header', { timeout: 60_000 }, async () => {
    const icon = await fetch(`${base}/playground/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
    const context = await newContext();
    const pg = await Playground.open(context, `${base}/`);
    const { page } = pg;
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/playground/favicon.svg');
    // The page's own policy lets it load the icon (what the browser's tab does).
    const status = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href;
      return (await fetch(href)).status;
    });
    expect(status).toBe(200);
    const options = await page.getByTestId('persona').locator('option').allTextContents();
    expect(options).toEqual(['管理员', '王书记', '张三', '李四', '赵大爷']);
    for (const chat of ['g1', 'admin']) {
      await pg.chat(chat);
      const head = `${await page.locator('header').textContent()} ${await page.locator('.chat-head').textContent()}`;
      expect(head).not.toMatch(/chatId|\bg1\b|\badmin\b|sec1|\bm[123]\b/);
    }
    await pg.chat('g1');
    await pg.send('帮助');
    expect(await pg.log.getByTestId('user-msg').last().locator('.meta').textContent()).not.toContain('admin');
    expect(pg.errors).toEqual([]);
    await context.close();
  });

  it('makes links clickable without running what a message holds', { timeout: 60_000 }, async () => {
    const context = await newContext();
    const text =
      '导出：https://pioneer.example.org/exports/a.b.csv。\n' +
      '<img src=x onerror="document.title=1"> javascript:alert(1) 看板 http://127.0.0.1:8787/d?x=1&y=2';
    await context.route('**/playground/send', (route) => json(route, { replies: [{ chatId: 'g1', text }] }));
    const pg = await Playground.open(context, `${base}/`);
    await pg.chat('g1');
    expect(await pg.send('导出 本季度')).toEqual([text]);
    const bubble = pg.log.getByTestId('bot-msg').last().locator('[data-role="text"]');
    const links = await bubble.locator('a').evaluateAll((as) =>
      as.map((a) => ({
        href: a.getAttribute('href'),
        text: a.textContent,
        target: a.getAttribute('target'),
        rel: a.getAttribute('rel'),
      })),
    );
    expect(links).toEqual([
      {
        href: 'https://pioneer.example.org/exports/a.b.csv',
        text: 'https://pioneer.example.org/exports/a.b.csv',
        target: '_blank',
        rel: 'noopener noreferrer',
      },
      {
        href: 'http://127.0.0.1:8787/d?x=1&y=2',
        text: 'http://127.0.0.1:8787/d?x=1&y=2',
        target: '_blank',
        rel: 'noopener noreferrer',
      },
    ]);
    expect(await bubble.locator('img').count()).toBe(0);
    expect(await pg.page.title()).toBe('先锋助手 · 调试台');
    expect(pg.errors).toEqual([]);
    await context.close();
  });

  it('says in Chinese what went wrong with a send', { timeout: 60_000 }, async () => {
    const context = await newContext();
    const answers: ((r: Route) => Promise<void>)[] = [
      (r) => json(r, { error: 'boom' }, 500),
      (r) => json(r, { error: 'senderId is not a persona id', field: 'senderId' }, 403),
      (r) => r.abort('connectionrefused'),
    ];
    await context.route('**/playground/send', (route) => answers.shift()!(route));
    const pg = await Playground.open(context, `${base}/`);
    await pg.chat('g1');
    for (const text of ['签到', '收到', '我的']) await pg.send(text, 'error');
    const shown = await pg.log.getByTestId('system-msg').allTextContents();
    expect(shown).toEqual([
      '没有发出：先锋助手出错了（HTTP 500），请查看运行 npm start 的终端。',
      '没有发出：请求被拒绝（身份不符合要求）。',
      '发送失败：连不上先锋助手，请确认 npm start 仍在运行，然后重试。',
    ]);
    await context.close();
  });

  it('shows a reply before what the command sent on, though the poll got that first', { timeout: 60_000 }, async () => {
    const context = await newContext();
    let polled!: () => void;
    const eventServed = new Promise<void>((resolve) => (polled = resolve));
    let sending = false;
    let served = false;
    await context.route('**/playground/events*', (route) => {
      const events = sending && !served ? [{ id: 'n1', chatId: 'g1', text: '【通知】周五下午3点集中学习' }] : [];
      if (events.length) {
        served = true;
        polled();
      }
      return json(route, { events, cursor: served ? 'c2' : 'c1' });
    });
    await context.route('**/playground/send', async (route) => {
      sending = true;
      await eventServed;
      await json(route, { replies: [{ chatId: 'g1', text: '通知 #1 已发往 1 个群。' }] });
    });
    const pg = await Playground.open(context, `${base}/`);
    await pg.chat('g1');
    await pg.send('确认发送');
    await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="bot-msg"]').length === 2);
    expect(await pg.botTexts()).toEqual(['通知 #1 已发往 1 个群。', '【通知】周五下午3点集中学习']);
    await context.close();
  });

  it('keeps a long history and pages through it', { timeout: 60_000 }, async () => {
    const context = await newContext();
    const pg = await Playground.open(context, `${base}/`);
    const { page } = pg;
    // 350 entries as the page's earlier version kept them (it dropped all but the newest 300).
    await page.evaluate(() => {
      const log = Array.from({ length: 350 }, (_, i) => ({ k: 'bot', id: `e${i}`, t: i, text: `第${i + 1}条` }));
      localStorage.setItem('pioneer.playground.log.g1', JSON.stringify(log));
    });
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    await pg.chat('g1');
    expect((await pg.botTexts()).length).toBe(100);
    expect((await pg.botTexts())[0]).toBe('第251条');
    const older = page.getByTestId('older');
    expect(await older.textContent()).toBe('查看更早的消息（还有 250 条）');
    await older.click();
    expect((await pg.botTexts())[0]).toBe('第151条');
    const replies = (await pg.send('帮助')).length;
    // Stored in pages now: after a reload every entry is still there.
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    await pg.chat('g1');
    while (await older.count()) await older.click();
    const all = await pg.botTexts();
    expect(all[0]).toBe('第1条');
    expect(all.length).toBe(350 + replies);
    expect(await pg.log.getByTestId('user-msg').count()).toBe(1);
    await context.close();
  });

  it('counts unread direct messages beside the persona switcher', { timeout: 60_000 }, async () => {
    const context = await newContext();
    let served = false;
    await context.route('**/playground/events*', (route) => {
      const events = served
        ? []
        : [
            { id: 'd1', chatId: 'm1', direct: true, text: '张三，你好' },
            { id: 'd2', chatId: 'm1', direct: true, text: '请确认通知' },
            { id: 'd3', chatId: 'm2', direct: true, text: '李四，你好' },
          ];
      served = true;
      return json(route, { events, cursor: 'c1' });
    });
    const pg = await Playground.open(context, `${base}/`);
    const badge = pg.page.getByTestId('dm-unread');
    await pg.page.locator('[data-testid="dm-unread"]:not([hidden])').waitFor();
    expect(await badge.textContent()).toBe('新私信 3');
    expect(await badge.getAttribute('title')).toBe('张三 2 条、李四 1 条');
    await pg.persona('m1');
    await pg.chat('m1');
    expect(await badge.textContent()).toBe('新私信 1');
    await pg.persona('m2');
    expect(await badge.isHidden()).toBe(true);
    expect(pg.errors).toEqual([]);
    await context.close();
  });
});
