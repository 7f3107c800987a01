import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../../helpers/browser.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { Playground } from './driver.js';

// The playground in a real browser against pages of other sites (issue 14): what a page
// elsewhere can make the secretary's browser send is refused, and with PLAYGROUND=on the page
// asks for CORE_TOKEN once and keeps it for this tab only.

if (!hasChromium()) throw new Error('Chromium is missing: apt-get install -y chromium (bash .ci/run does this)');

let browser: Browser;
const servers: Server[] = [];
const cores: TestCore[] = [];

/** Serves the app on a free loopback port; what /playground/send answered is kept (method and status). */
async function listen(t: TestCore): Promise<{ base: string; sends: string[] }> {
  const sends: string[] = [];
  const fetch = async (req: Request) => {
    const res = await t.app.fetch(req);
    if (new URL(req.url).pathname === '/playground/send') sends.push(`${req.method} ${res.status}`);
    return res;
  };
  const port = await new Promise<number>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    servers.push(s as Server);
  });
  return { base: `http://127.0.0.1:${port}`, sends };
}

/** Another site: an empty page on another port (so another origin). */
async function otherSite(): Promise<string> {
  const s = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>'));
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function units(t: TestCore): Promise<number> {
  return Number((await t.store.client.execute('SELECT count(*) AS n FROM units')).rows[0]!.n);
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  for (const t of cores) await t.close();
});

describe('a page of another site', () => {
  it('cannot make the browser run a command through /playground/send', { timeout: 60_000 }, async () => {
    const t = await createTestCore();
    cores.push(t);
    const { base, sends } = await listen(t);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await otherSite());
    const body = JSON.stringify({
      platform: 'playground',
      chatId: 'admin',
      chatType: 'direct',
      senderId: 'admin',
      messageId: 'csrf-1',
      text: '建组织 被伪造的党委',
    });
    await page.evaluate(
      async ({ url, body }) => {
        // A "simple" request, sent without a preflight: text/plain, no-cors.
        await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body });
        // The classic form post, into a hidden frame.
        const frame = document.createElement('iframe');
        frame.name = 'sink';
        document.body.append(frame);
        const form = document.createElement('form');
        Object.assign(form, { method: 'POST', action: url, enctype: 'text/plain', target: 'sink' });
        const field = document.createElement('input');
        field.name = body.slice(0, -2);
        field.value = '"}';
        form.append(field);
        document.body.append(form);
        const loaded = new Promise((resolve) => frame.addEventListener('load', resolve));
        form.submit();
        await loaded;
        // JSON needs a preflight, which nothing answers: the browser does not send the post.
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => null);
      },
      { url: `${base}/playground/send`, body },
    );
    // The preflight of the JSON post is not answered as CORS wants, so the post itself never comes.
    expect(sends).toEqual(['POST 403', 'POST 403', 'OPTIONS 404']);
    expect(await units(t)).toBe(0);
    await context.close();
  });
});

describe('PLAYGROUND=on', () => {
  it('the page asks for CORE_TOKEN, keeps it for this tab only, and then works', { timeout: 90_000 }, async () => {
    const token = 'tok-'.repeat(10);
    const t = await createTestCore({ env: { PLAYGROUND: 'on', CORE_TOKEN: token } });
    cores.push(t);
    const { base } = await listen(t);
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const pg = await Playground.open(context, `${base}/`);
    const { page } = pg;
    await pg.chat('admin');
    await pg.send('帮助', 'error');
    expect(await pg.log.getByTestId('system-msg').last().textContent()).toContain('需要访问令牌');
    const form = page.getByTestId('token-form');
    await form.waitFor();
    await page.getByTestId('token-input').fill(token);
    await page.getByTestId('token-save').click();
    await form.waitFor({ state: 'hidden' });

    expect(await pg.ask('建组织 泰山区某社区党委')).toBe('已创建党委「泰山区某社区党委」（顶层组织）。');
    expect(await units(t)).toBe(1);
    const stored = await page.evaluate(() => ({
      session: Object.values({ ...sessionStorage }),
      local: Object.values({ ...localStorage }).join('\n'),
    }));
    expect(stored.session).toContain(token);
    expect(stored.local).not.toContain(token);
    expect(pg.errors).toEqual([]);

    // A new tab of a new session must ask again.
    const other = await browser.newContext();
    const again = await Playground.open(other, `${base}/`);
    await again.send('帮助', 'error');
    await again.page.getByTestId('token-form').waitFor();
    await other.close();
    await context.close();
  });
});
