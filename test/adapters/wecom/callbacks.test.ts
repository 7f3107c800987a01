import { afterEach, describe, expect, it } from 'vitest';
import { inviteCode } from '../../helpers/core.js';
import { messageBody, sealed } from '../../helpers/wecom-callbacks.js';
import { createWecomTest, type WecomTest } from '../../helpers/wecom.js';

let w: WecomTest;
afterEach(async () => {
  await w?.close();
});

const count = async (sql: string) => Number((await w.t.store.client.execute(sql)).rows[0]!.n);
const claims = () => count("SELECT count(*) AS n FROM claimed_events WHERE platform = 'wecom'");
const units = (name: string) => count(`SELECT count(*) AS n FROM units WHERE name = '${name}'`);

describe('the 智能机器人 by URL callbacks (signed and encrypted by @wecom/crypto)', () => {
  it('answers the URL check with the decrypted echostr as it is; refuses it unsigned', async () => {
    w = await createWecomTest({ mode: 'webhook' });
    const ok = await w.sender.urlCheck('echo-1234567890');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('echo-1234567890');
    const bad = await w.sender.urlCheck('echo-1234567890', { token: 'not-the-token' });
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('echo-1234567890');
  });

  it('refuses a wrong signature, a changed body, a wrong receive id, a stale timestamp: no effect', async () => {
    w = await createWecomTest({ mode: 'webhook' });
    const body = (msgid: string) =>
      messageBody({ from: 'admin', text: '建组织 第一支部', msgid, responseUrl: w.api.responseUrl() });
    const flip = (raw: string) => {
      const at = raw.indexOf('"encrypt":"') + 20;
      return raw.slice(0, at) + (raw[at] === 'A' ? 'B' : 'A') + raw.slice(at + 1);
    };
    const stale = Math.floor(w.t.clock.now().getTime() / 1000) - 2 * 3600;
    const refused = [
      await w.sender.post(body('m_sig'), { token: 'not-the-token' }),
      await w.sender.post(body('m_body'), { tamper: flip }),
      await w.sender.post(body('m_recv'), { receiveId: 'ww_some_corp' }),
      await w.sender.post(body('m_stale'), { timestamp: stale }),
      await w.sender.post(body('m_future'), { timestamp: stale + 4 * 3600 }),
    ];
    const reasons = await Promise.all(
      refused.map(async (r) => [r.status, ((await r.json()) as { error: string }).error]),
    );
    expect(reasons).toEqual([
      [401, 'wrong signature'],
      [401, 'wrong signature'],
      [401, 'wrong receive id'],
      [401, 'stale timestamp'],
      [401, 'stale timestamp'],
    ]);
    await w.adapter.settled();
    expect(await claims()).toBe(0);
    expect(await units('第一支部')).toBe(0);
    expect(w.api.responses).toEqual([]);
  });

  it('accepts the same callback delivered 5 times once: one effect, one answer by its response_url', async () => {
    w = await createWecomTest({ mode: 'webhook' });
    const body = messageBody({
      from: 'admin',
      text: '建组织 第一支部',
      msgid: 'm_5x',
      responseUrl: w.api.responseUrl(),
    });
    const { query, encrypted } = sealed(JSON.stringify(body), w.t.clock);
    const raw = JSON.stringify({ encrypt: encrypted });
    const post = () =>
      w.t.app.request(`/webhooks/wecom?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw,
      });
    for (let i = 0; i < 5; i++) expect((await post()).status).toBe(200);
    await w.processed('m_5x');
    for (let i = 0; i < 2; i++) expect((await post()).status).toBe(200); // after it was done, too
    await w.adapter.settled();
    expect(await units('第一支部')).toBe(1);
    expect(await claims()).toBe(1);
    expect(w.api.responses).toHaveLength(1);
    expect(w.api.responses[0]!.body.markdown!.content).toContain('已创建支部「第一支部」');
  });

  it('answers a 收到 press with the encrypted card as it stands, confirmed once however often it comes', async () => {
    w = await createWecomTest({ mode: 'webhook' });
    const say = async (from: string, text: string, chat?: string) => {
      const b = messageBody({ from, text, ...(chat ? { chat } : {}), responseUrl: w.api.responseUrl() });
      expect((await w.sender.post(b)).status).toBe(200);
      await w.processed(b.msgid as string);
      return w.api.responses.at(-1)!.body.markdown!.content;
    };
    await say('admin', '建组织 第一支部');
    expect(await say('admin', '@先锋助手 绑定 第一支部', 'wrG')).toContain('本群已绑定');
    const code = inviteCode(await say('admin', '邀请 党员 第一支部'));
    expect(await say('zhang', `加入 ${code} 张三`)).toContain('欢迎 张三');
    await say('admin', '@先锋助手 通知 学习通知\n请学习。', 'wrG');
    expect(await say('admin', '@先锋助手 确认发送', 'wrG')).toContain('通知');
    const press = {
      msgid: 'evt_press',
      create_time: Math.floor(w.t.clock.now().getTime() / 1000),
      aibotid: 'aib_test_bot',
      chatid: 'wrG',
      chattype: 'group',
      from: { userid: 'zhang' },
      msgtype: 'event',
      event: { eventtype: 'template_card_event', event_key: 'pioneer.ack:1', task_id: 'n1_t' },
    };
    const { decrypt } = await import('@wecom/crypto');
    const { AES_KEY } = await import('../../helpers/wecom-callbacks.js');
    for (let i = 0; i < 3; i++) {
      const res = await w.sender.post(press);
      expect(res.status).toBe(200);
      const sealedReply = (await res.json()) as { encrypt: string };
      const card = JSON.parse(decrypt(AES_KEY, sealedReply.encrypt).message) as {
        template_card: { main_title: { desc: string } };
      };
      expect(card.template_card.main_title.desc).toBe('已确认 1 / 1 人');
    }
    await w.adapter.settled();
    expect(await count('SELECT count(*) AS n FROM notice_acks')).toBe(1);
  });
});
