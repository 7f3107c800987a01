import { afterEach, describe, expect, it } from 'vitest';
import { TOPIC_ROBOT } from '../../../adapters/dingtalk/index.js';
import { toIncoming } from '../../../adapters/dingtalk/inbound.js';
import { robotMessageSchema } from '../../../adapters/dingtalk/payloads.js';
import { BOT_NAMES } from '../../../src/command/parse.js';
import { createDingTalkTest, robotMessage, sentText, type DingTalkTest } from '../../helpers/dingtalk.js';

let d: DingTalkTest;
afterEach(async () => {
  await d.close();
});

async function started(o: Parameters<typeof createDingTalkTest>[0] = {}): Promise<DingTalkTest> {
  d = await createDingTalkTest(o);
  await d.adapter.start!(d.t.port);
  await d.fake.waitConnected();
  return d;
}

describe('DingTalk Stream mode against the fake gateway', () => {
  it('opens the connection, echoes pings, and answers a direct message by its sessionWebhook', async () => {
    await started();
    await d.fake.ping();
    const sent = await d.say({ from: 'admin', text: '建组织 泰山区某社区党委' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ via: 'session', to: 's-admin' });
    expect(sentText(sent[0]!)).toBe('已创建党委「泰山区某社区党委」（顶层组织）。');
  });

  it('acknowledges only once the event is in the inbox, and a re-delivery has no second effect', async () => {
    await started({ fake: { redeliverMs: 200 } });
    // The first acknowledgement is lost on the way: the gateway sends the callback again.
    d.fake.dropAcks = 1;
    const msg = robotMessage(
      d.fake.url,
      { from: 'admin', text: '建组织 泰山区某社区党委', msgId: 'm-redeliver' },
      d.t.clock.now().getTime(),
    );
    const ack = await d.fake.callback(TOPIC_ROBOT, msg, 'cb-redeliver');
    expect(ack.deliveries).toBe(2);
    await d.adapter.settled();
    const rows = await d.t.store.client.execute(
      "select count(*) as n from claimed_events where platform = 'dingtalk' and event_id = 'msg:m-redeliver'",
    );
    expect(Number(rows.rows[0]!.n)).toBe(1);
    expect(d.fake.sent.map(sentText)).toEqual(['已创建党委「泰山区某社区党委」（顶层组织）。']);
    // The same message under a new delivery id (DingTalk's retry after a reconnect) changes nothing either.
    await d.fake.callback(TOPIC_ROBOT, msg, 'cb-redeliver-2');
    await d.adapter.settled();
    expect(d.fake.sent).toHaveLength(1);
    const orgs = await d.t.store.client.execute('select count(*) as n from units');
    expect(Number(orgs.rows[0]!.n)).toBe(1);
  });

  it('maps atUsers to mentions without the bot, and stays quiet in a group without a command', async () => {
    await started();
    await d.say({ from: 'admin', text: '建组织 泰山区某社区党委' });
    await d.say({ from: 'admin', text: '建组织 第一支部 泰山区某社区党委' });
    const bound = await d.sayText({ from: 'admin', group: 'cidGroup1', text: '绑定 第一支部' });
    expect(bound).toContain('第一支部');
    expect(await d.say({ from: 'u2', group: 'cidGroup1', atBot: false, text: '大家好' })).toEqual([]);
    const payload = robotMessage(
      d.fake.url,
      { from: 'admin', group: 'cidGroup1', at: ['u7'], text: '@先锋助手 帮助' },
      d.t.clock.now().getTime(),
    );
    const parsed = robotMessageSchema.parse(payload);
    expect(toIncoming(parsed, { botNames: BOT_NAMES, names: new Map([['u7', '李四']]) })).toMatchObject({
      platform: 'dingtalk',
      chatId: 'cidGroup1',
      chatType: 'group',
      senderId: 'admin',
      mentionsBot: true,
      mentions: [{ id: 'u7', name: '李四' }],
      text: '帮助',
    });
    // In a group, the answer goes to the group by its sessionWebhook.
    const help = await d.say({ from: 'admin', group: 'cidGroup1', at: ['u7'], text: '帮助' });
    expect(help[0]).toMatchObject({ via: 'session', to: 's-cidGroup1' });
  });

  it('reconnects after the gateway drops the connection and keeps receiving', async () => {
    await started();
    d.fake.dropConnection();
    await d.fake.waitConnected();
    expect(d.fake.connections).toBe(2);
    const text = await d.sayText({ from: 'admin', text: '建组织 泰山区某社区党委' });
    expect(text).toBe('已创建党委「泰山区某社区党委」（顶层组织）。');
  });

  it('replies by the robot API once the sessionWebhook has expired', async () => {
    await started();
    const sent = await d.say({ from: 'admin', text: '建组织 泰山区某社区党委', sessionMs: 30_000 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ via: 'oto', to: 'admin', msgKey: 'sampleText' });
  });
});
