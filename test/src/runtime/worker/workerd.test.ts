import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTimeISO, fromZoned, systemClock, zonedParts } from '../../../../src/contracts/time.js';
import { inviteCode } from '../../../helpers/core.js';
import { startFakeLark, type FakeLark } from '../../../helpers/fake-lark.js';
import {
  APP_ID,
  APP_SECRET,
  BOT_OPEN_ID,
  cardActionEvent,
  ENCRYPT_KEY,
  LarkSender,
  messageEvent,
  VERIFICATION_TOKEN,
} from '../../../helpers/lark-events.js';
import { startLocalWorker, type LocalWorker } from '../../../helpers/worker.js';
import { branchMeetingScenario, repeatAndRaceScenario, workerSay, type Say } from '../../../helpers/worker-scenario.js';

// One worker for the whole file (starting workerd and applying the migrations is the slow part);
// the tests build on each other's data, in order.
let w: LocalWorker;
let fake: FakeLark;
let lark: LarkSender;

beforeAll(async () => {
  fake = await startFakeLark({ botOpenId: BOT_OPEN_ID });
  w = await startLocalWorker({
    PIONEER_ADMINS: 'wechat:admin,lark:ou_admin',
    LARK_APP_ID: APP_ID,
    LARK_APP_SECRET: APP_SECRET,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    LARK_DOMAIN: fake.url,
  });
  // Messages come as a WeChat gateway's would: in production the playground's people administer nothing.
  say = workerSay(w, 'w', 'wechat');
  lark = new LarkSender({ request: (path: string, init: RequestInit) => w.fetch(path, init) }, systemClock);
  console.log('local worker started', w.timings);
}, 120_000);

afterAll(async () => {
  await w?.close();
  await fake?.close();
});

let seq = 0;
let say: Say;

const BOT = { openId: BOT_OPEN_ID, name: '先锋助手' };
/** One Lark message through the webhook; resolves with what the bot sent in reply (after the 200). */
async function larkSay(from: string, text: string, chat?: string): Promise<string> {
  const messageId = `om_w${++seq}`;
  const res = await lark.post(
    messageEvent({ from, chat, messageId, text: chat ? `@_user_1 ${text}` : text, mentions: chat ? [BOT] : [] }),
  );
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
  const sent = await fake.waitFor(() => fake.sent.find((m) => m.replyTo === messageId));
  return String(sent.content.text);
}

describe('the worker in workerd over a local D1 with the real migrations', () => {
  it('answers /healthz from D1', async () => {
    const res = await w.fetch('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await w.fetch('/v1/messages', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('runs a branch meeting through /v1/messages: bind, meeting, check-in, 考勤', async () => {
    await branchMeetingScenario(say);
    // 导出: signed links served by the worker; the XLSX (exceljs) and the record book's .docx (docx)
    // are built inside workerd.
    const links = (await say('sec', '导出 1')).match(/\/exports\/\S+\.(csv|xlsx|docx)/g) ?? [];
    expect(links.map((l) => l.split('.').pop())).toEqual(['csv', 'xlsx', 'docx']);
    for (const path of links) {
      const res = await w.fetch(path);
      expect(res.status).toBe(200);
      const body = new Uint8Array(await res.arrayBuffer());
      if (path.endsWith('.csv')) expect(new TextDecoder().decode(body)).toContain('党员大会');
      else expect(String.fromCharCode(body[0]!, body[1]!)).toBe('PK'); // a zip container
    }
  });

  it('answers a repeated message id with the first answer, and settles a race on D1 by retrying', async () => {
    await repeatAndRaceScenario(w, say, 'wechat');
  });

  it('acknowledges a Lark callback at once and answers through the fake Open API on 127.0.0.1 afterwards', async () => {
    expect(await larkSay('ou_admin', '我的')).toContain('管理员');
    // In a group the bot must know its own open_id (GET /bot/v3/info) to see that it was mentioned.
    expect(await larkSay('ou_admin', '绑定 第一支部', 'oc_g2')).toContain('本群已绑定到「第一支部」');
    // The sender's name is looked up with a GET, which fetch refuses when it carries a body.
    expect(fake.calls).toContainEqual({ method: 'GET', path: '/open-apis/contact/v3/users/ou_admin' });
    // The URL check answers the challenge; a wrongly signed callback is refused.
    const challenge = await lark.post({ type: 'url_verification', challenge: 'c-123', token: VERIFICATION_TOKEN });
    expect(await challenge.json()).toEqual({ challenge: 'c-123' });
    expect(
      (await lark.post(messageEvent({ from: 'ou_admin', text: '我的' }), { signature: '0'.repeat(64) })).status,
    ).toBe(401);
  });

  it('answers the callback before the slow work behind it, which waitUntil carries to the end', async () => {
    const code = inviteCode(await say('admin', '邀请 党员 第一支部'));
    fake.sendDelayMs = 1500;
    try {
      const res = await lark.post(messageEvent({ from: 'ou_u5', messageId: 'om_slow', text: `加入 ${code} 孙七` }));
      expect(res.status).toBe(200);
      expect(fake.sent.find((m) => m.replyTo === 'om_slow')).toBeUndefined(); // answered before the reply went out
      const sent = await fake.waitFor(() => fake.sent.find((m) => m.replyTo === 'om_slow'));
      expect(String(sent.content.text)).toContain('欢迎 孙七');
    } finally {
      fake.sendDelayMs = 0;
    }
  });

  it('sends a due notice from the cron trigger exactly once, and a scheduled one only when it is due', async () => {
    expect(await say('admin', '通知 周五下午3点集中学习 到 第一支部')).toContain('通知草稿 #1');
    expect(await say('admin', '确认发送')).toContain('通知 #1 已发往 2 个群');
    const toG2 = () => fake.sent.filter((m) => m.via === 'create' && m.receiveId === 'oc_g2');
    expect(toG2()).toHaveLength(0);

    expect((await w.scheduled()).status).toBe(200);
    expect(toG2()).toHaveLength(1);
    expect(toG2()[0]).toMatchObject({ msgType: 'interactive' });
    expect(JSON.stringify(toG2()[0]!.content)).toContain('周五下午3点集中学习');
    expect((await w.scheduled()).status).toBe(200);
    expect(toG2()).toHaveLength(1);
    expect(fake.duplicateSends).toBe(0);

    // 收到 on the card: the toast comes with the answer, the card's count is patched afterwards.
    const card = toG2()[0]!.content as { elements: { tag: string; actions?: { value: unknown }[] }[] };
    const value = card.elements.find((e) => e.tag === 'action')!.actions![0]!.value;
    const pressed = await lark.post(
      cardActionEvent({ operator: 'ou_u5', value, cardMessageId: toG2()[0]!.messageId, chat: 'oc_g2' }),
    );
    expect(JSON.stringify(await pressed.json())).toContain('孙七 已确认通知 #1');
    await fake.waitFor(() => fake.patches.find((p) => p.messageId === toG2()[0]!.messageId));

    // A notice for two days from now waits until a trigger fires at (or after) its time.
    const due = new Date(Date.now() + 2 * 86_400_000);
    due.setUTCSeconds(0, 0);
    expect(await say('admin', `通知 下周学习安排 到 第一支部 于 ${formatDateTimeISO(due, 'Asia/Shanghai')}`)).toContain(
      '通知草稿 #2',
    );
    expect(await say('admin', '确认发送')).toContain('通知 #2 将于');
    expect((await w.scheduled()).status).toBe(200);
    expect(toG2()).toHaveLength(1);
    expect((await w.scheduled(new Date(due.getTime() + 60_000))).status).toBe(200);
    expect(toG2()).toHaveLength(2);
    expect(JSON.stringify(toG2()[1]!.content)).toContain('下周学习安排');
  });

  it(
    'sends a meeting reminder from the cron trigger once, ' + 'at its time (the scheduler job runs before the relay)',
    async () => {
      // 15:00 in Shanghai three days on: the 1-day reminder is outside quiet hours whatever the hour now.
      const day = zonedParts(new Date(Date.now() + 3 * 86_400_000), 'Asia/Shanghai');
      const start = fromZoned({ year: day.year, month: day.month, day: day.day, hour: 15, minute: 0 }, 'Asia/Shanghai');
      expect(await say('sec', `会议 党课 ${formatDateTimeISO(start, 'Asia/Shanghai')}`, 'g1')).toContain(
        '提醒：提前 1 天、1 小时、15 分钟',
      );
      const reminders = () =>
        fake.sent.filter((m) => m.via === 'create' && JSON.stringify(m.content).includes('【会议提醒】'));
      expect((await w.scheduled()).status).toBe(200);
      expect(reminders()).toHaveLength(0);
      const dueAt = new Date(start.getTime() - 86_400_000 + 30_000);
      expect((await w.scheduled(dueAt)).status).toBe(200);
      expect(reminders().map((m) => m.receiveId)).toEqual(['oc_g2']);
      expect(JSON.stringify(reminders()[0]!.content)).toContain('（还有 1 天）');
      expect((await w.scheduled(new Date(dueAt.getTime() + 60_000))).status).toBe(200);
      expect(reminders()).toHaveLength(1);
      expect(fake.duplicateSends).toBe(0);
    },
  );

  it('keeps every statement within the 100 bound parameters D1 allows: 催办 over 120 unconfirmed members', async () => {
    const unit = "(SELECT id FROM units WHERE name = '第一支部')";
    await w.d1Exec(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120) ` +
        `INSERT INTO members (id, name, unit_id, role, party_status, is_admin, created_at) ` +
        `SELECT 'm-bulk-' || i, '党员' || i, ${unit}, 'member', 'formal', 0, 0 FROM n;\n` +
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120) ` +
        `INSERT INTO identities (platform, user_id, member_id, display_name, created_at) ` +
        `SELECT 'wechat', 'bulk' || i, 'm-bulk-' || i, '党员' || i, 0 FROM n;`,
    );
    expect(await say('admin', '通知 全体党员周六义务劳动 到 第一支部')).toContain('通知草稿 #3');
    expect(await say('admin', '确认发送')).toMatch(/已发往 2 个群（12\d 人需确认）/);
    expect(await say('admin', '催办 3')).toMatch(/已向 2 个群发出催办，提醒 12\d 人确认通知 #3/);
  });

  it('serves the dashboard (看板) from D1 and the bundle: sign-in, a branch of 120+ members, uPlot', async () => {
    const secret = /#t=([A-Za-z0-9_-]{43})/.exec(await say('admin', '看板'))?.[1];
    expect(secret).toBeDefined();
    const login = await w.fetch('/dashboard/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: secret }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const home = await w.fetch('/dashboard/', { headers: { cookie }, redirect: 'manual' });
    const html =
      home.status === 302
        ? await (await w.fetch(home.headers.get('location')!, { headers: { cookie } })).text()
        : await home.text();
    const branch = /href="(\/dashboard\/unit\/[^"]+)">第一支部</.exec(html)?.[1];
    expect(branch, html.slice(0, 400)).toBeDefined();
    // 第一支部 now has more members than D1 binds parameters: the IN lists are collapsed.
    const data = await w.fetch(branch!.replace('/dashboard/unit/', '/dashboard/api/unit/'), { headers: { cookie } });
    expect(data.status).toBe(200);
    const body = (await data.json()) as { figures: { notices: { notices: { expected: number }[] } } };
    expect(Math.max(...body.figures.notices.notices.map((n) => n.expected))).toBeGreaterThan(120);
    expect((await w.fetch(branch!, { headers: { cookie } })).status).toBe(200);
    const lib = await w.fetch('/dashboard/assets/uPlot.iife.min.js');
    expect(lib.status).toBe(200);
    expect(await lib.text()).toContain('uPlot');
    expect(await (await w.fetch('/dashboard/assets/uPlot.min.css')).text()).toContain('.u-legend');
    expect((await w.fetch('/dashboard/assets/charts.js')).status).toBe(200);
  });
});
