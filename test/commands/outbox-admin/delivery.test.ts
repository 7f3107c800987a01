import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaygroundFeed } from '../../../adapters/playground/feed.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import type { Deliverer } from '../../../src/contracts/adapter.js';
import { Relay } from '../../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { DeliveryError } from '../../../src/contracts/errors.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { createTestCore, dropInviteNotices, inviteCode, type TestCore } from '../../helpers/core.js';

let t: TestCore;
let broken: boolean;
let relay: Relay;

beforeEach(async () => {
  const feed = new PlaygroundFeed('playground');
  t = await createTestCore({ adapters: [playgroundAdapter(feed)] });
  broken = true;
  // The playground's feed, failing permanently for chat g2 while `broken`.
  const flaky: Deliverer = {
    platform: 'playground',
    deliver: async (m) => {
      if (broken && m.chatId === 'g2')
        throw new DeliveryError('HTTP 400: bot was removed from the chat', { status: 400, permanent: true });
      await feed.deliver(m);
    },
  };
  relay = new Relay({
    db: t.store.db,
    deliverers: [flaky],
    clock: t.clock,
    log: memoryLogger(),
    settings: defaultRelaySettings(),
    limits: new Map(),
  });
});
afterEach(async () => {
  await t.close();
});

async function secretaryOf(unit: string, from: string, name: string) {
  const code = inviteCode(await t.say({ from: 'admin', text: `邀请 书记 ${unit}` }));
  await t.say({ from, text: `加入 ${code} ${name}` });
}

describe('dead rows: 投递失败 and 重发', () => {
  it('officers see the failed deliveries of their units and put them back in the queue', async () => {
    await t.say({ from: 'admin', text: '建组织 泰山区某社区党委' });
    await t.say({ from: 'admin', text: '建组织 第一支部 泰山区某社区党委' });
    await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
    await t.say({ from: 'admin', chat: 'g1', text: '绑定 第一支部' });
    await t.say({ from: 'admin', chat: 'g2', chatName: '第二支部群', text: '绑定 第二支部' });
    await secretaryOf('第一支部', 'sec1', '王书记');
    await secretaryOf('第二支部', 'sec2', '李书记');
    await dropInviteNotices(t);
    await t.say({ from: 'admin', text: '通知 年度总结会 到 第一支部,第二支部' });
    await t.say({ from: 'admin', text: '确认发送' });
    expect(await relay.runOnce()).toMatchObject({ sent: 1, dead: 1 });

    const list = await t.say({ from: 'sec2', text: '投递失败' });
    expect(list).toContain('投递失败 1 条');
    expect(list).toMatch(/#\d+ 通知 → 第二支部群（playground）/);
    expect(list).toContain('原因：DeliveryError: HTTP 400: bot was removed from the chat');
    expect(await t.say({ from: 'sec1', text: '投递失败' })).toBe('没有投递失败的消息。');
    expect(await t.say({ from: 'admin', text: 'failed' })).toContain('投递失败 1 条');
    const id = /#(\d+) 通知/.exec(list)![1]!;
    expect(await t.say({ from: 'sec1', text: `重发 ${id}` })).toContain(`找不到投递失败的消息 #${id}`);

    broken = false;
    expect(await t.say({ from: 'sec2', text: `重发 ${id}` })).toBe(`消息 #${id} 已重新排队发送。`);
    expect(await t.say({ from: 'sec2', text: `重发 ${id}` })).toContain('没有失败（状态：待发送）');
    expect(await relay.runOnce()).toMatchObject({ sent: 1 });
    expect(await t.say({ from: 'sec2', text: '投递失败' })).toBe('没有投递失败的消息。');
    const audit = await t.store.client.execute("SELECT actor, target FROM audit_log WHERE action = 'outbox.retry'");
    expect(audit.rows.map((r) => [r.actor, r.target])).toEqual([['playground:sec2', id]]);
    expect(await t.say({ from: 'sec2', text: '重发 全部' })).toBe('没有投递失败的消息。');
  });
});
