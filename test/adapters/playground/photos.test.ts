import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../../helpers/browser.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { jpegBytes, textBytes } from '../../helpers/records.js';
import { Playground } from './driver.js';

if (!hasChromium()) throw new Error('Chromium is missing: apt-get install -y chromium (bash .ci/run does this)');

describe('photos from the playground page (headless Chromium)', () => {
  let t: TestCore;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestCore();
    await setupBranch(t);
    await addMember(t, { userId: 'sec1', name: '王书记', unit: '第一支部', title: '书记' });
    await addMember(t, { userId: 'm1', name: '张三', unit: '第一支部' });
    await t.say({ from: 'sec1', chat: 'g1', text: '会议 党员大会 今天下午3点 主持人:@王书记 记录人:@张三' });
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

  it('keeps a photo picked with the 照片 button in the group during the meeting, refuses a renamed file', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    const pg = await Playground.open(context, `${base}/`);
    await pg.persona('m1');
    await pg.chat('g1');
    at(t, '2026-12-01 15:20');
    const photo = Buffer.from(await jpegBytes());
    // In the group the bot stays quiet when it keeps a photo.
    expect(await pg.sendFile({ name: '会场.jpg', mimeType: 'image/jpeg', buffer: photo })).toEqual([]);
    expect(await rows(t, 'SELECT meeting_id, mime, name, by_identity FROM meeting_files')).toEqual([
      { meeting_id: 1, mime: 'image/jpeg', name: '会场.jpg', by_identity: 'playground:m1' },
    ]);
    const refused = await pg.sendFile({ name: '合影.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(textBytes()) });
    expect(refused).toEqual([
      '文件「合影.jpg」无法识别格式，不是照片（只收 JPEG、PNG、GIF 照片和 PDF，扩展名须与内容一致），没有保存。',
    ]);

    // In a direct chat: 照片 1, then a picture.
    await pg.chat('m1');
    expect(await pg.ask('照片 1')).toContain('的照片和文件（1 个）');
    expect(await pg.sendFile({ name: 'sign.jpg', mimeType: 'image/jpeg', buffer: photo })).toEqual([
      '已存入会议 #1 的记录：1 个。',
    ]);
    expect(pg.errors).toEqual([]);
    await context.close();
  });
});
