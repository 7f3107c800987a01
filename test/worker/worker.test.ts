import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/time.js';
import { inviteCode } from '../helpers/core.js';
import { startFakeLark, type FakeLark } from '../helpers/fake-lark.js';
import { APP_ID, APP_SECRET, BOT_OPEN_ID, ENCRYPT_KEY, LarkSender, messageEvent, VERIFICATION_TOKEN } from '../helpers/lark-events.js';
import { startLocalWorker, type LocalWorker } from '../helpers/worker.js';

let w: LocalWorker;
let fake: FakeLark;
let lark: LarkSender;

beforeAll(async () => {
  fake = await startFakeLark({ botOpenId: BOT_OPEN_ID, users: { ou_u7: '赵六' } });
  w = await startLocalWorker({
    PIONEER_ADMINS: 'playground:admin,lark:ou_admin',
    LARK_APP_ID: APP_ID,
    LARK_APP_SECRET: APP_SECRET,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    LARK_DOMAIN: fake.url,
  });
  lark = new LarkSender({ request: (path: string, init: RequestInit) => w.fetch(path, init) }, systemClock);
  console.log('worker timings', w.timings);
}, 120_000);

afterAll(async () => {
  await w?.close();
  await fake?.close();
});

let seq = 0;
const say = async (from: string, text: string, chat?: string) => {
  const r = await w.send({ platform: 'playground', chatId: chat ?? from, chatType: chat ? 'group' : 'direct', senderId: from, messageId: `w-${++seq}`, text });
  return r.replies.map((x) => x.text).join('\n');
};

describe('the worker in workerd over a local D1', () => {
  it('answers /healthz from D1', async () => {
    const res = await w.fetch('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('runs commands through /v1/messages', async () => {
    expect(await say('admin', '建组织 泰山区某社区党委')).toContain('已创建党委');
    expect(await say('admin', '建组织 第一支部 泰山区某社区党委')).toContain('已创建支部「第一支部」');
    expect(await say('admin', '绑定 第一支部', 'g1')).toContain('本群已绑定到「第一支部」');
    const code = inviteCode(await say('admin', '邀请 党员', 'g1'));
    expect(await say('u1', `加入 ${code} 张三`)).toContain('欢迎 张三');
    expect(await say('admin', '成员', 'g1')).toContain('张三　党员');
  });

  it('answers a repeated message id with the first answer, and settles a race on D1 by retrying', async () => {
    const msg = { platform: 'playground', chatId: 'admin', chatType: 'direct', senderId: 'admin', messageId: 'w-same', text: '建组织 第二支部 泰山区某社区党委' };
    const first = await w.send(msg);
    expect(first.replies[0]!.text).toContain('已创建支部「第二支部」');
    expect(await w.send(msg)).toEqual(first);

    // Four people create the same unit at once: D1's UNIQUE violation re-runs the losers against fresh state.
    const answers = await Promise.all([1, 2, 3, 4].map(() => say('admin', '建组织 第三支部 泰山区某社区党委')));
    expect(answers.filter((a) => a.includes('已创建支部「第三支部」'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('已有名为「第三支部」的组织'))).toHaveLength(3);
  });

  it('answers a Lark message after acknowledging it, through the fake Open API on 127.0.0.1', async () => {
    const res = await lark.post(messageEvent({ from: 'ou_admin', messageId: 'om_w1', text: '我的' }));
    expect(res.status).toBe(200);
    const sent = await fake.waitFor(() => fake.sent.find((m) => m.replyTo === 'om_w1'));
    expect(sent.uuid).toBe('om_w1:r0');
    // In a group the bot must know its own open_id (GET /bot/v3/info) to see that it was mentioned.
    await lark.post(messageEvent({ from: 'ou_admin', chat: 'oc_w1', messageId: 'om_w2', text: '@_user_1 帮助', mentions: [{ openId: BOT_OPEN_ID, name: '先锋助手' }] }));
    const help = await fake.waitFor(() => fake.sent.find((m) => m.replyTo === 'om_w2'));
    expect(String(help.content.text)).toContain('帮助');
    // The sender's name is looked up with a GET that fetch refuses if it carries a body.
    expect(fake.calls).toContainEqual({ method: 'GET', path: '/open-apis/contact/v3/users/ou_admin' });
  });

  it('runs the scheduled jobs', async () => {
    const res = await w.scheduled();
    expect(res.status).toBe(200);
  });
});
