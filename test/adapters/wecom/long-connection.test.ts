import { afterEach, describe, expect, it } from 'vitest';
import { messageBody } from '../../helpers/wecom-callbacks.js';
import { createWecomTest, frameText, type WecomTest } from '../../helpers/wecom.js';

let w: WecomTest;
afterEach(async () => {
  await w?.close();
});

describe('the 智能机器人 over the long connection (the real SDK against a loopback fake)', () => {
  it('subscribes with the bot id and secret, answers a direct message on its frame', async () => {
    w = await createWecomTest();
    const sub = w.ws.sent('aibot_subscribe')[0]!;
    expect(sub.body).toMatchObject({ bot_id: 'aib_test_bot', secret: 'aib-test-secret' });
    const sent = await w.say({ from: 'admin', text: '建组织 泰山区某社区党委' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.cmd).toBe('aibot_respond_msg');
    expect(sent[0]!.body).toMatchObject({ msgtype: 'stream', stream: { finish: true } });
    expect(frameText(sent[0]!)).toBe('已创建党委「泰山区某社区党委」（顶层组织）。');
  });

  it('pings; a dropped socket is reconnected with backoff and subscribes again; messages then go on', async () => {
    w = await createWecomTest({ adapter: { heartbeatMs: 30 } });
    await w.ws.waitFor(() => (w.ws.sent('ping').length >= 3 ? true : undefined), 'three pings');
    expect(w.adapter.link()!.connected).toBe(true); // every ping was acked: the SDK kept the socket
    w.ws.drop();
    await w.ws.subscribed(2);
    expect(w.adapter.link()!.reconnectAttempts).toBeGreaterThanOrEqual(1);
    expect(await w.sayText({ from: 'admin', text: '建组织 第一支部' })).toContain('已创建支部「第一支部」');
  });

  it('a refused ack is retried by the inbox, and the reply goes out once', async () => {
    w = await createWecomTest();
    w.ws.refuseNext.push(45009);
    const body = { from: 'admin', text: '建组织 第二支部' };
    const before = w.ws.frames.length;
    const msgid = 'msg_refused_once';
    w.ws.push(messageBody({ ...body, msgid }));
    await w.ws.waitFor(() => w.ws.frames.slice(before).find((f) => f.cmd === 'aibot_respond_msg'), 'the refused reply');
    await w.adapter.settled();
    expect((await w.t.inbox.drain()).finished).toBe(0); // still leased by this process
    w.t.clock.advance(10 * 60_000);
    await w.t.inbox.drain();
    await w.processed(msgid);
    const replies = w.ws.frames.slice(before).filter((f) => f.cmd !== 'ping');
    expect(replies.map((f) => f.cmd)).toEqual(['aibot_respond_msg', 'aibot_respond_msg']);
    expect(frameText(replies[1]!)).toContain('已创建支部「第二支部」');
    const n = await w.t.store.client.execute("SELECT count(*) AS n FROM units WHERE name = '第二支部'");
    expect(Number(n.rows[0]!.n)).toBe(1);
  });

  it('the same callback pushed 5 times is processed once and answered once', async () => {
    w = await createWecomTest();
    const before = w.ws.frames.length;
    const body = messageBody({ from: 'admin', text: '建组织 第三支部', msgid: 'msg_5x' });
    for (let i = 0; i < 5; i++) w.ws.push(body);
    await w.processed('msg_5x');
    await w.adapter.settled();
    const replies = w.ws.frames.slice(before).filter((f) => f.cmd === 'aibot_respond_msg');
    expect(replies).toHaveLength(1);
    expect(frameText(replies[0]!)).toContain('已创建支部「第三支部」');
    const n = await w.t.store.client.execute("SELECT count(*) AS n FROM units WHERE name = '第三支部'");
    expect(Number(n.rows[0]!.n)).toBe(1);
  });
});
