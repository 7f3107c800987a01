import { afterEach, describe, expect, it } from 'vitest';
import { TOPIC_CARD } from '../../../adapters/dingtalk/index.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { Relay } from '../../../src/outbox/relay.js';
import { inviteCode } from '../../helpers/core.js';
import { createDingTalkTest, ROBOT_SECRET, ROBOT_TOKEN, sentText, type DingTalkTest } from '../../helpers/dingtalk.js';
import type { DingSent } from '../../helpers/fake-dingtalk.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';

let d: DingTalkTest;
afterEach(async () => {
  await d.close();
});

const GROUP = 'cidGroup1';

/** The branch scenario over DingTalk: a bound branch, 张三 and 李四 joined, notice #1 delivered by the relay. */
async function branchWithNotice(o: { cardTemplateId?: string } = {}): Promise<DingSent> {
  d = await createDingTalkTest({ adapter: o });
  await d.adapter.start!(d.t.port);
  await d.fake.waitConnected();
  await d.say({ from: 'admin', text: '建组织 第一支部' });
  expect(await d.sayText({ from: 'admin', group: GROUP, text: '绑定 第一支部' })).toContain('第一支部');
  for (const [who, name] of [
    ['u1', '张三'],
    ['u2', '李四'],
  ]) {
    const code = inviteCode(await d.sayText({ from: 'admin', group: GROUP, text: '邀请' }));
    expect(await d.sayText({ from: who!, text: `加入 ${code} ${name}` })).toContain(name);
  }
  // The issuer hears by direct message who used each code (issue 14).
  expect(await d.t.relay.runOnce()).toMatchObject({ sent: 2, dead: 0 });
  await d.say({ from: 'admin', group: GROUP, text: '通知 学习通知\n请周五前完成学习。' });
  await d.say({ from: 'admin', group: GROUP, text: '确认发送' });
  const before = d.fake.sent.length;
  expect(await d.t.relay.runOnce()).toMatchObject({ sent: 1 });
  expect(d.fake.sent).toHaveLength(before + 1);
  return d.fake.sent[before]!;
}

/** The platform message ids kept for the delivered rows of `kind`. */
const deliveredIds = async (kind: string) =>
  (
    await d.t.store.client.execute({
      sql:
        'SELECT d.platform_message_id AS id FROM delivered_messages d ' +
        'JOIN outbox o ON o.id = d.outbox_id WHERE o.kind = ?',
      args: [kind],
    })
  ).rows.map((r) => String(r.id));

const acks = async () => Number((await d.t.store.client.execute('SELECT count(*) AS n FROM notice_acks')).rows[0]!.n);

describe('notices over DingTalk', () => {
  it('without a card template a notice is a markdown group message by the robot API, titled', async () => {
    const sent = await branchWithNotice();
    expect(sent).toMatchObject({ via: 'group', to: GROUP, msgKey: 'sampleMarkdown' });
    expect(sent.body.title).toBe('学习通知');
    expect(sentText(sent)).toContain('请周五前完成学习。');
    // The relay kept DingTalk's processQueryKey, so that the core can ask who read it.
    expect(sent.key).toBeTruthy();
    expect(await deliveredIds('notice')).toEqual([sent.key]);
    // 收到 typed in the group confirms.
    await d.say({ from: 'u1', group: GROUP, text: '收到' });
    expect(await acks()).toBe(1);
  });

  it('with a card template: a card with 收到; a press over Stream confirms once and updates the card', async () => {
    const card = await branchWithNotice({ cardTemplateId: 'tpl-notice' });
    expect(card).toMatchObject({ via: 'card', to: `dtv1.card//IM_GROUP.${GROUP}` });
    const outTrackId = String(card.body.outTrackId);
    expect(outTrackId).toMatch(/^pn1-/);
    // DingTalk tells nobody who read a card: nothing is kept that the read status could be asked of.
    expect(await deliveredIds('notice')).toEqual([]);
    const press = (messageId: string) =>
      d.fake.callback(
        TOPIC_CARD,
        {
          outTrackId,
          userId: 'u1',
          spaceId: GROUP,
          spaceType: 'IM_GROUP',
          value: JSON.stringify({ cardPrivateData: { actionIds: ['ack'], params: {} } }),
        },
        messageId,
      );
    expect(await press('card-1')).toMatchObject({ code: 200 });
    await d.adapter.settled();
    expect(await acks()).toBe(1);
    expect(d.fake.cardUpdates.at(-1)).toMatchObject({
      outTrackId,
      cardData: { cardParamMap: { status: '已确认 1 / 2 人' } },
    });
    // Pressed again (a new callback): nothing confirmed twice.
    await press('card-2');
    await d.adapter.settled();
    expect(await acks()).toBe(1);
  });
});

describe('outbox rows to DingTalk', () => {
  it('sends a direct row by the robot API and a second card for the same row never', async () => {
    d = await createDingTalkTest({ adapter: { cardTemplateId: 'tpl-notice' } });
    const [direct, notice] = await enqueueRows(d.t, [
      { platform: 'dingtalk', chatId: 'u1', direct: true, kind: 'reminder', ref: 'r1', text: '明天 9:00 开会' },
      { platform: 'dingtalk', chatId: GROUP, kind: 'notice', ref: '7', text: '通知内容', payload: { noticeId: 7 } },
    ]);
    await d.adapter.deliverer.deliver(direct!);
    expect(d.fake.sent.at(-1)).toMatchObject({ via: 'oto', to: 'u1', msgKey: 'sampleText' });
    await d.adapter.deliverer.deliver(notice!);
    await d.adapter.deliverer.deliver(notice!);
    expect(d.fake.sent.filter((s) => s.via === 'card')).toHaveLength(1);
  });

  it('a custom 加签 robot chat gets signed sends, never more than 20 a minute in a 50-row notice', async () => {
    d = await createDingTalkTest({
      adapter: { robots: [{ name: '二支部群', accessToken: ROBOT_TOKEN, secret: ROBOT_SECRET }] },
    });
    const rows = Array.from({ length: 50 }, (_, i) => ({
      platform: 'dingtalk',
      chatId: 'robot:二支部群',
      kind: 'notice',
      ref: String(100 + i),
      text: `第 ${i + 1} 条`,
      payload: { noticeId: 100 + i },
    }));
    await enqueueRows(d.t, rows);
    // The relay waits for a slot on the test clock, so that only the limits decide what goes when
    // (the app's 20 a second alone would let the 21st message go one second after the 20th).
    const relay = new Relay({
      db: d.t.store.db,
      deliverers: [d.adapter.deliverer],
      clock: d.t.clock,
      settings: defaultRelaySettings(),
      limits: new Map([['dingtalk', d.adapter.limits]]),
      log: memoryLogger(),
      sleep: async (ms) => d.t.clock.advance(ms),
    });
    for (let step = 0; step < 48; step++) {
      await relay.runOnce();
      d.t.clock.advance(5_000);
    }
    const robotSends = d.fake.sent.filter((s) => s.via === 'robot');
    expect(d.fake.robotBlocks).toBe(0);
    expect(robotSends).toHaveLength(50);
    const times = robotSends.map((s) => s.signedAt!);
    const busiestMinute = Math.max(...times.map((t0) => times.filter((t) => t >= t0 && t - t0 < 60_000).length));
    expect(busiestMinute).toBe(20);
  });

  it('a secretary binds a custom robot’s group by direct message (群机器人 <名称> …); answers come to them', async () => {
    const robots = [{ name: '二支部群', accessToken: ROBOT_TOKEN, secret: ROBOT_SECRET }];
    d = await createDingTalkTest({ adapter: { robots } });
    await d.adapter.start!(d.t.port);
    await d.fake.waitConnected();
    await d.say({ from: 'admin', text: '建组织 第二支部' });
    const sent = await d.say({ from: 'admin', text: '群机器人 二支部群 绑定 第二支部' });
    expect(sent.map((s) => [s.via, s.to])).toEqual([['session', 's-admin']]);
    expect(sentText(sent[0]!)).toContain('第二支部');
    const bound = await d.t.store.client.execute(
      "SELECT count(*) AS n FROM chat_bindings WHERE chat_id = 'robot:二支部群'",
    );
    expect(Number(bound.rows[0]!.n)).toBe(1);
    // An unknown robot name is an ordinary (unknown) command, not a relay.
    await d.say({ from: 'admin', text: '群机器人 三支部群 绑定 第二支部' });
    const none = await d.t.store.client.execute(
      "SELECT count(*) AS n FROM chat_bindings WHERE chat_id LIKE 'robot:三%'",
    );
    expect(Number(none.rows[0]!.n)).toBe(0);
  });
});
