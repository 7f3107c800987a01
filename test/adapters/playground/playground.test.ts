import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../../helpers/browser.js';
import { createTestCore, inviteCode, type TestCore } from '../../helpers/core.js';
import { Playground } from './driver.js';

// No 'unsafe-inline': the page's CSS and scripts are files of its own, served beside it.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');
const SCREENSHOT = join(tmpdir(), 'pioneer-playground.png');

// The page is tested in a real browser everywhere: a missing Chromium is a failure, not a skip.
if (!hasChromium()) throw new Error('Chromium is missing: apt-get install -y chromium (bash .ci/run does this)');

describe('playground page in headless Chromium', () => {
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

  async function newContext(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(10_000);
    return context;
  }

  it('serves the page with the CSP header', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    // Nothing inline and nothing from elsewhere: only the page's own files, by absolute path.
    expect(html).not.toMatch(/<script>|<style|style=|\son[a-z]+=|@import|url\(/i);
    const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual(['/playground/favicon.svg', '/playground/main.js', '/playground/page.css']);
    const files: [string, RegExp][] = [
      ['/playground/main.js', /^text\/javascript/],
      ['/playground/store.js', /^text\/javascript/],
      ['/playground/render.js', /^text\/javascript/],
      ['/playground/page.css', /^text\/css/],
    ];
    for (const [path, type] of files) {
      const file = await fetch(`${base}${path}`);
      expect(file.status, path).toBe(200);
      expect(file.headers.get('content-type'), path).toMatch(type);
      expect(file.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(await file.text(), path).not.toMatch(/@import|url\(|https?:\/\//i);
    }
    expect((await fetch(`${base}/playground/index.html`)).status).toBe(404);
    expect((await fetch(`${base}/playground/constructor`)).status).toBe(404);
  });

  it('runs the branch set-up scenario as several personas', { timeout: 90_000 }, async () => {
    const context = await newContext();
    const pg = await Playground.open(context, `${base}/`);
    const { page } = pg;
    expect(await page.getByTestId('persona').inputValue()).toBe('admin');

    // 管理员, direct chat: create the party committee and a branch under it.
    await pg.chat('admin');
    const sent = page.waitForRequest((r) => r.url() === `${base}/playground/send`);
    expect(await pg.ask('建组织 泰山区某社区党委')).toBe('已创建党委「泰山区某社区党委」（顶层组织）。');
    const body = (await sent).postDataJSON() as Record<string, unknown>;
    expect(body).toMatchObject({
      platform: 'playground',
      chatId: 'admin',
      chatType: 'direct',
      senderId: 'admin',
      senderName: '管理员',
      text: '建组织 泰山区某社区党委',
      mentions: [],
      mentionsBot: false,
    });
    expect(body.messageId).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(String(body.sentAt)))).toBe(false);
    expect(await pg.ask('建组织 第一支部 泰山区某社区党委')).toBe('已创建支部「第一支部」，上级：泰山区某社区党委。');

    // Group g1: bind it and issue an invite (by direct message).
    await pg.chat('g1');
    const bindSent = page.waitForRequest((r) => r.url() === `${base}/playground/send`);
    expect(await pg.ask('绑定 第一支部')).toContain('本群已绑定到「第一支部」');
    const bindBody = (await bindSent).postDataJSON() as Record<string, unknown>;
    expect(bindBody).toMatchObject({ chatId: 'g1', chatType: 'group', chatName: '第一支部群', senderId: 'admin' });
    expect(bindBody.messageId).not.toBe(body.messageId);
    // The code itself goes to the administrator's direct chat, never into the group.
    expect(await pg.ask('邀请')).toBe('邀请码已私信发给你。');
    await pg.chat('admin');
    const code = inviteCode((await pg.botTexts()).at(-1)!);
    await pg.chat('g1');

    // 张三 joins in the group with the code; the welcome shows in g1.
    await pg.persona('m1');
    expect(await page.getByTestId('persona').inputValue()).toBe('m1');
    expect(await pg.ask(`加入 ${code} 张三`)).toBe(
      '欢迎 张三 加入「第一支部」，角色：党员。发送「帮助」查看可用命令。',
    );
    const last = pg.log.getByTestId('user-msg').last();
    expect(await last.getAttribute('data-sender')).toBe('m1');
    expect(await last.locator('.meta').textContent()).toContain('张三');

    // A non-command in a group gets no answer at all.
    expect(await pg.send('大家好')).toEqual([]);

    // 管理员 lists the members in g1.
    await pg.persona('admin');
    const roster = await pg.ask('成员');
    expect(roster).toContain('「第一支部」成员 1 人');
    expect(roster).toContain('张三');

    // Help differs by role: 张三 (党员) in his direct chat, 管理员 in hers.
    await pg.persona('m1');
    await pg.chat('m1');
    const memberHelp = await pg.ask('帮助');
    await pg.persona('admin');
    await pg.chat('admin');
    const adminHelp = await pg.ask('帮助');
    expect(memberHelp).not.toBe(adminHelp);
    expect(memberHelp).not.toContain('建组织');
    expect(memberHelp).toContain('（党员）');
    expect(adminHelp).toContain('建组织');
    // Multi-line text is kept as lines.
    expect(adminHelp.split('\n').length).toBeGreaterThan(3);
    const bubble = pg.log.locator('[data-testid="bot-msg"] [data-role="text"]').last();
    expect(await bubble.evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('pre-wrap');

    // "@张三" in the text becomes a mention with 张三's id; the core resolves it.
    await pg.chat('g1');
    const appointSent = page.waitForRequest((r) => r.url() === `${base}/playground/send`);
    expect(await pg.ask('@先锋助手 任命 @张三 委员')).toBe('已任命 张三 为委员（原为党员）。');
    expect((await appointSent).postDataJSON()).toMatchObject({
      mentions: [{ id: 'm1', name: '张三' }],
      mentionsBot: true,
    });

    // The group's log shows who spoke, and no error lines (the events route may 404: quietly).
    expect(await pg.log.getByTestId('user-msg').count()).toBe(6);
    expect(await pg.log.getByTestId('bot-msg').count()).toBe(5);
    expect(await pg.log.getByTestId('system-msg').count()).toBe(0);

    await page.screenshot({ path: SCREENSHOT });
    expect(pg.errors).toEqual([]);
    await context.close();
  });

  it(
    'keeps logs across a reload, clears them, shows HTTP errors and never runs user text as HTML',
    { timeout: 60_000 },
    async () => {
      const context = await newContext();
      const pg = await Playground.open(context, `${base}/`);
      const { page } = pg;
      await pg.persona('m2');
      await pg.chat('m2');

      const xss = '<img src=x onerror="window.__xss=1">';
      const [reply] = await pg.send(xss);
      expect(reply).toContain('没有「<img」这个命令');
      expect(await pg.log.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

      // A body the core refuses: a small red line saying why, in Chinese.
      await pg.send('长'.repeat(20_001), 'error');
      const sys = pg.log.getByTestId('system-msg').last();
      expect(await sys.textContent()).toBe('没有发出：内容太长，发不出去：请分几条发送，或换一个小一点的文件。');
      expect(await sys.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(198, 40, 40)');

      // Reload: same persona, same chat, same log.
      await page.reload();
      await page.locator('body[data-ready="true"]').waitFor();
      expect(await page.getByTestId('persona').inputValue()).toBe('m2');
      expect(await page.locator('[data-testid="chat-m2"][aria-current="true"]').count()).toBe(1);
      expect(await pg.log.getByTestId('user-msg').count()).toBe(2);
      expect(await pg.botTexts()).toEqual([reply]);
      expect(await pg.log.getByTestId('system-msg').count()).toBe(1);

      await page.getByTestId('clear').click();
      expect(
        await pg.log.locator('[data-testid="user-msg"], [data-testid="bot-msg"], [data-testid="system-msg"]').count(),
      ).toBe(0);
      await page.reload();
      await page.locator('body[data-ready="true"]').waitFor();
      expect(await pg.log.locator('[data-testid="user-msg"], [data-testid="bot-msg"]').count()).toBe(0);
      expect(pg.errors).toEqual([]);
      await context.close();
    },
  );

  it('puts direct replies and polled events into the right chats', { timeout: 60_000 }, async () => {
    const context = await newContext();
    const afters: (string | null)[] = [];
    let served = false;
    await context.route('**/playground/events*', async (route) => {
      afters.push(new URL(route.request().url()).searchParams.get('after'));
      const events = served
        ? []
        : [
            { id: 'e1', chatId: 'g2', text: '会议提醒：\n明天 9:00 党员大会', mentions: [{ id: 'm1', name: '张三' }] },
            { id: 'e2', chatId: 'm2', direct: true, text: '李四，请确认收到。', mentions: [] },
          ];
      served = true;
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ events, cursor: 'c1' }),
      });
    });
    await context.route('**/playground/send', async (route) => {
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          replies: [
            { chatId: 'g1', text: '群里的回复', mentions: [] },
            { chatId: 'm1', direct: true, text: '给张三的私信', mentions: [] },
          ],
        }),
      });
    });
    const pg = await Playground.open(context, `${base}/`);
    const { page } = pg;

    await pg.chat('g1');
    expect(await pg.send('测试')).toEqual(['群里的回复']);

    // The event for g2 arrives by polling, with its mention and its lines.
    await page.locator('[data-testid="chat-g2"] .badge').waitFor();
    await pg.chat('g2');
    const event = pg.log.getByTestId('bot-msg').first();
    expect(await event.locator('[data-role="text"]').textContent()).toBe('@张三 会议提醒：\n明天 9:00 党员大会');
    expect(await event.locator('.mention').textContent()).toBe('@张三');
    expect(await event.locator('.meta').textContent()).toContain('先锋助手');

    // Direct ones land in the addressed persona's direct chat.
    await pg.persona('m1');
    await pg.chat('m1');
    expect(await pg.botTexts()).toEqual(['给张三的私信']);
    await pg.persona('m2');
    expect(await page.locator('[data-testid="chat-m2"][aria-current="true"]').count()).toBe(1);
    expect(await pg.botTexts()).toEqual(['李四，请确认收到。']);

    // The next poll asks from the cursor it was given.
    await page.waitForRequest((r: Request) => r.url().endsWith('/playground/events?after=c1'));
    expect(afters[0]).toBeNull();
    expect(pg.errors).toEqual([]);
    await context.close();
  });

  it('adds a persona and fits a phone screen', { timeout: 60_000 }, async () => {
    const context = await newContext({ width: 390, height: 844 });
    const pg = await Playground.open(context, `${base}/`);
    const { page } = pg;
    await page.getByTestId('add-persona').click();
    await page.getByTestId('new-persona-id').fill('m4');
    await page.getByTestId('new-persona-name').fill('钱五');
    await page.getByTestId('new-persona-save').click();
    expect(await page.getByTestId('persona').inputValue()).toBe('m4');
    await pg.chat('m4');
    const help = await pg.ask('帮助');
    expect(help).toContain('（未注册）');
    expect(help).not.toContain('建组织');
    expect(await pg.log.getByTestId('user-msg').last().locator('.meta').textContent()).toContain('钱五');

    // A duplicate id is refused.
    await page.getByTestId('add-persona').click();
    await page.getByTestId('new-persona-id').fill('m4');
    await page.getByTestId('new-persona-name').fill('孙六');
    await page.getByTestId('new-persona-save').click();
    expect(await page.getByTestId('add-persona-form').getByRole('alert').textContent()).toContain('已被使用');

    const width = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
    for (const id of ['input', 'send', 'persona', 'chat-g1']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    }
    await page.screenshot({ path: join(tmpdir(), 'pioneer-playground-phone.png') });
    expect(pg.errors).toEqual([]);
    await context.close();
  });
});
