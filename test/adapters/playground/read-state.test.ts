import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaygroundFeed } from '../../../adapters/playground/feed.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import { Relay } from '../../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { createTestCore, dropInviteNotices, inviteCode, setupBranch, type TestCore } from '../../helpers/core.js';

// The playground's read state: a persona has read a notice once they open the chat it reached
// (POST /playground/read, which the page sends when a chat is opened or a delivery lands in it).

let t: TestCore;
let feed: PlaygroundFeed;
beforeEach(async () => {
  feed = new PlaygroundFeed('playground');
  t = await createTestCore({ adapters: [playgroundAdapter(feed)] });
});
afterEach(async () => {
  await t.close();
});

const SAME_ORIGIN = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };
let seq = 0;

/** A message of a persona through the playground's HTTP API; the bot's answer as one text. */
async function send(senderId: string, chatId: string, text: string): Promise<string> {
  const chatType = chatId === senderId ? 'direct' : 'group';
  const body = JSON.stringify({ platform: 'playground', chatId, chatType, senderId, messageId: `r-${++seq}`, text });
  const res = await t.app.request('/playground/send', { method: 'POST', headers: SAME_ORIGIN, body });
  expect(res.status).toBe(200);
  const out = (await res.json()) as { replies: { text: string }[] };
  return out.replies.map((r) => r.text).join('\n');
}

const open = (userId: string, chatId: string) =>
  t.app.request('/playground/read', {
    method: 'POST',
    headers: SAME_ORIGIN,
    body: JSON.stringify({ userId, chatId }),
  });

async function world() {
  await t.say({ from: 'u1', text: `加入 ${await setupBranch(t)} 张三` });
  for (const [who, name] of [
    ['u2', '李四'],
    ['u3', '王五'],
  ]) {
    const code = inviteCode(await t.say({ from: 'admin', chat: 'g1', text: '邀请' }));
    await t.say({ from: who!, text: `加入 ${code} ${name}` });
  }
  await dropInviteNotices(t);
}

describe('read state in the playground', () => {
  it('counts a persona who opened the chat after the notice arrived as 已读未确认', async () => {
    await world();
    expect((await open('u3', 'g1')).status).toBe(200); // before the notice: not a read of it
    await send('admin', 'g1', '通知 学习通知\n请周五前完成学习。');
    await send('admin', 'g1', '确认发送');
    const relay = new Relay({
      db: t.store.db,
      deliverers: [feed],
      clock: t.clock,
      log: memoryLogger(),
      settings: defaultRelaySettings(),
      limits: new Map(),
    });
    expect(await relay.runOnce()).toMatchObject({ sent: 1 });
    await send('u1', 'g1', '收到 1');
    expect((await open('u2', 'g1')).status).toBe(200);
    const text = await send('admin', 'admin', '未读 1');
    expect(text).toContain('【第一支部】已确认 1/3');
    expect(text).toContain('已读未确认 1 人：李四');
    expect(text).toContain('未读 1 人：王五');
  });

  it('refuses a body that names no persona or chat with a 400 JSON error', async () => {
    const bad = await t.app.request('/playground/read', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: JSON.stringify({ userId: 'a b', chatId: 'g1' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'userId' });
    const notJson = await t.app.request('/playground/read', { method: 'POST', headers: SAME_ORIGIN, body: '{' });
    expect(notJson.status).toBe(400);
    const crossSite = await t.app.request('/playground/read', {
      method: 'POST',
      headers: { ...SAME_ORIGIN, 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ userId: 'u1', chatId: 'g1' }),
    });
    expect(crossSite.status).toBe(403);
  });
});
