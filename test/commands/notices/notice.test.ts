import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaygroundFeed } from '../../../adapters/playground/feed.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import type { Deliverer, Outbound } from '../../../src/contracts/adapter.js';
import { Relay } from '../../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { formatTime } from '../../../src/contracts/time.js';
import { createTestCore, dropInviteNotices, inviteCode, type SendInput, type TestCore } from '../../helpers/core.js';

let t: TestCore;
let feed: PlaygroundFeed;
let lark: Outbound[];
let relay: Relay;

beforeEach(async () => {
  feed = new PlaygroundFeed('playground');
  t = await createTestCore({
    adapters: [playgroundAdapter(feed)],
    env: { PIONEER_ADMINS: 'playground:admin,lark:ou_admin' },
  });
  lark = [];
  const larkDeliverer: Deliverer = { platform: 'lark', deliver: async (m) => void lark.push(m) };
  relay = new Relay({
    db: t.store.db,
    deliverers: [feed, larkDeliverer],
    clock: t.clock,
    log: memoryLogger(),
    settings: defaultRelaySettings(),
    limits: new Map(),
  });
});
afterEach(async () => {
  await t.close();
});

const say = (input: SendInput) => t.say(input);
const events = () => feed.after(undefined).events;

async function join(unit: string, from: string, name: string, opts: { title?: string; platform?: string } = {}) {
  const code = inviteCode(await say({ from: 'admin', text: `邀请 ${opts.title ?? '党员'} ${unit}` }));
  expect(await say({ platform: opts.platform, from, text: `加入 ${code} ${name}` })).toContain('欢迎');
}

/** 党委 with three branches and five bound chats (one on Lark), six members. */
async function setup() {
  await say({ from: 'admin', text: '建组织 泰山区某社区党委' });
  for (const n of ['第一支部', '第二支部', '第三支部'])
    await say({ from: 'admin', text: `建组织 ${n} 泰山区某社区党委` });
  await say({ from: 'admin', chat: 'g1', chatName: '第一支部群', text: '绑定 第一支部' });
  await say({ platform: 'lark', from: 'ou_admin', chat: 'oc_1', chatName: '第一支部飞书群', text: '绑定 第一支部' });
  await say({ from: 'admin', chat: 'g2', text: '绑定 第二支部' });
  await say({ from: 'admin', chat: 'g3', text: '绑定 第三支部' });
  await say({ from: 'admin', chat: 'g3b', text: '绑定 第三支部' });
  await join('第一支部', 'sec1', '王书记', { title: '书记' });
  await join('第一支部', 'u1', '张三');
  await join('第一支部', 'ou_li', '李四', { platform: 'lark' });
  await join('第二支部', 'u3', '王五');
  await join('第三支部', 'u4', '赵六');
  await join('第三支部', 'u5', '钱七');
  await dropInviteNotices(t);
}

async function count(sql: string): Promise<number> {
  return Number((await t.store.client.execute(sql)).rows[0]!.n);
}

describe('notices', () => {
  it('a notice to 3 units with 5 bound chats gives 5 deliveries, once', async () => {
    await setup();
    const preview = await say({
      from: 'admin',
      chat: 'g1',
      text: '通知 本周五下午3点在党员活动室集中学习 到 第一支部,第二支部,第三支部',
    });
    expect(preview).toContain('通知草稿 #1');
    expect(preview).toContain('发往：第一支部、第二支部、第三支部（5 个群，6 人）');
    expect(preview).toContain('确认后立即发送');
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0); // a draft sends nothing
    expect(await say({ from: 'admin', chat: 'g1', text: '确认发送' })).toContain('通知 #1 已发往 5 个群（6 人需确认）');

    expect(await relay.runOnce()).toMatchObject({ claimed: 5, sent: 5 });
    expect(await relay.runOnce()).toMatchObject({ claimed: 0 });
    expect(
      events()
        .map((e) => e.chatId)
        .sort(),
    ).toEqual(['g1', 'g2', 'g3', 'g3b']);
    expect(lark.map((m) => m.chatId)).toEqual(['oc_1']);
    for (const text of [...events().map((e) => e.text), lark[0]!.text]) {
      expect(text).toContain('【通知 #1】\n本周五下午3点在党员活动室集中学习');
      expect(text).toContain('请回复「收到 1」确认');
    }
    // The Lark adapter renders a card from the payload, with a 收到 button.
    expect(lark[0]).toMatchObject({ kind: 'notice', ref: '1', notice: { id: 1, title: null } });
    expect(lark[0]!.idempotencyKey.length).toBeLessThanOrEqual(50);
    // A second 确认发送 finds no draft and sends nothing more.
    expect(await say({ from: 'admin', chat: 'g1', text: '确认发送' })).toContain('没有待发送的通知草稿');
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(5);
  });

  it('confirmations are counted once, and 未读 lists the unconfirmed by unit', async () => {
    await setup();
    await say({ from: 'admin', chat: 'g1', text: '通知 学习资料已发 到 第一支部,第二支部,第三支部' });
    await say({ from: 'admin', chat: 'g1', text: '确认发送' });
    expect(await say({ from: 'u1', chat: 'g1', text: '收到' })).toBe('张三 已确认通知 #1（第 1 位）。');
    expect(await say({ from: 'u1', chat: 'g1', text: '收到' })).toContain('张三 已于 12月1日');
    expect(await say({ platform: 'lark', from: 'ou_li', chat: 'oc_1', text: '收到 1' })).toBe(
      '李四 已确认通知 #1（第 2 位）。',
    );
    expect(await say({ from: 'u4', text: '收到 #1' })).toContain('赵六 已确认通知 #1（第 3 位）');
    expect(await say({ from: 'u3', text: '收到 2' })).toContain('找不到已发布的通知 #2');
    expect(await count('SELECT count(*) AS n FROM notice_acks')).toBe(3);

    const unread = await say({ from: 'admin', text: '未读' });
    expect(unread).toContain('通知 #1 已确认 3/6 人');
    expect(unread).toContain('【第一支部】已确认 2/3\n  未读 1 人：王书记');
    expect(unread).toContain('【第二支部】已确认 0/1\n  未读 1 人：王五');
    expect(unread).toContain('【第三支部】已确认 1/2\n  未读 1 人：钱七');
    // No platform reported a reader: no 已读未确认 group.
    expect(unread).not.toContain('已读未确认');
    // A branch secretary sees only the units they manage.
    const own = await say({ from: 'sec1', text: '未读 1' });
    expect(own).toContain('【第一支部】已确认 2/3\n  未读 1 人：王书记');
    expect(own).not.toContain('第二支部');
    expect(await say({ from: 'u1', text: '未读' })).toContain('仅限管理员、书记、委员使用');
  });

  it('催办 mentions only the unconfirmed, by their account on each chat’s platform', async () => {
    await setup();
    await say({ from: 'admin', chat: 'g1', text: '通知 学习 到 第一支部,第三支部' });
    await say({ from: 'admin', chat: 'g1', text: '确认发送' });
    await relay.runOnce();
    await say({ from: 'u1', chat: 'g1', text: '收到' });
    await say({ from: 'u4', chat: 'g3', text: '收到' });
    const before = events().length;
    expect(await say({ from: 'admin', chat: 'g1', text: '催办' })).toBe(
      '第 1 步（群内 @，第一支部、第三支部）：已向 4 个群发出催办，提醒 3 人确认通知 #1。',
    );
    expect(await relay.runOnce()).toMatchObject({ sent: 4 });
    const chases = events().slice(before);
    const g1 = chases.find((e) => e.chatId === 'g1')!;
    // 王书记 has a playground account: mentioned. 李四 is only on Lark: named in the text.
    expect(g1.mentions).toEqual([{ id: 'sec1', name: '王书记' }]);
    expect(g1.text).toContain('还有 2 人未确认，请尽快回复「收到 1」');
    expect(g1.text).toContain('另有未确认：李四');
    const oc1 = lark.find((m) => m.kind === 'notice.chase')!;
    expect(oc1.mentions).toEqual([{ id: 'ou_li', name: '李四' }]);
    expect(oc1.text).toContain('另有未确认：王书记');
    for (const chat of ['g3', 'g3b'])
      expect(chases.find((e) => e.chatId === chat)!.mentions).toEqual([{ id: 'u5', name: '钱七' }]);
    expect(JSON.stringify(chases)).not.toContain('张三');
    expect(JSON.stringify(chases)).not.toContain('赵六');
    // Once everyone has confirmed there is nothing to chase.
    for (const [from, chat] of [
      ['sec1', 'g1'],
      ['u5', 'g3'],
    ] as const)
      await say({ from, chat, text: '收到' });
    await say({ platform: 'lark', from: 'ou_li', chat: 'oc_1', text: '收到' });
    expect(await say({ from: 'admin', text: '催办 1' })).toContain('已全部确认（5/5），无需催办');
  });

  it('members cannot send notices; officers only to their unit and below', async () => {
    await setup();
    expect(await say({ from: 'u1', chat: 'g1', text: '通知 明天开会' })).toContain(
      '「通知」仅限管理员、书记、委员使用',
    );
    expect(await say({ from: 'u1', chat: 'g1', text: '确认发送' })).toContain('仅限管理员、书记、委员使用');
    expect(await say({ from: 'sec1', chat: 'g1', text: '通知 明天开会 到 第二支部' })).toContain(
      '「第二支部」不在其中',
    );
    expect(await count('SELECT count(*) AS n FROM notices')).toBe(0);
    // In their own chat the notice goes to their unit; they are not counted among those to confirm.
    expect(await say({ from: 'sec1', chat: 'g1', text: '通知 明天开会' })).toContain('发往：第一支部（2 个群，2 人）');
    expect(await say({ from: 'sec1', text: '确认发送' })).toContain('已发往 2 个群');
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'notice.send'")).toBe(1);
  });

  it('a scheduled notice goes out at its time', async () => {
    await setup();
    const preview = await say({ from: 'sec1', chat: 'g1', text: '通知 周六上午志愿服务，8点集合 于 明天上午9点' });
    const at = new Date('2026-12-02T01:00:00Z'); // 09:00 in Shanghai
    expect(preview).toContain('发送时间：12月2日（周三）09:00，明天');
    expect(formatTime(at, 'Asia/Shanghai')).toBe('12月2日(周三) 09:00');
    expect(preview).toContain('内容：周六上午志愿服务，8点集合');
    expect(await say({ from: 'sec1', chat: 'g1', text: '确认发送' })).toContain(
      '将于 12月2日（周三）09:00，明天 发往 2 个群',
    );
    expect(await relay.runOnce()).toMatchObject({ claimed: 0 });
    // Not yet published: nothing to confirm, and in a group "收到" gets no answer at all.
    expect((await t.send({ from: 'u1', chat: 'g1', text: '收到' })).replies).toEqual([]);
    t.clock.set(new Date(at.getTime() - 1));
    expect(await relay.runOnce()).toMatchObject({ claimed: 0 });
    t.clock.set(at);
    expect(await relay.runOnce()).toMatchObject({ sent: 2 });
    expect(events().map((e) => e.chatId)).toEqual(['g1']);
    expect(lark.map((m) => m.chatId)).toEqual(['oc_1']);
    expect(await say({ from: 'u1', chat: 'g1', text: '收到' })).toContain('张三 已确认通知 #1');
  });

  it('reads 到 and 于 only when they name units and a time', async () => {
    await setup();
    const plain = await say({ from: 'sec1', chat: 'g1', text: '通知 请大家 到 会议室 集合' });
    expect(plain).toContain('内容：请大家 到 会议室 集合');
    expect(plain).toContain('发往：第一支部');
    expect(await say({ from: 'admin', text: '通知 开会 到 第一支部,第九支部' })).toContain('找不到组织「第九支部」');
    expect(await say({ from: 'admin', text: '通知 开会' })).toContain('请用「到 <组织>」指明');
    expect(await say({ from: 'sec1', chat: 'g1', text: '通知 开会 于 2026-11-30 09:00' })).toContain(
      '时间「2026-11-30 09:00」（11月30日（周一）09:00，1 天前）已经过去了，请写一个将来的时间。',
    );
    expect(await say({ from: 'sec1', chat: 'g1', text: '通知 开会 于 现在' })).toContain('确认后立即发送');
    expect(await say({ from: 'sec1', chat: 'g1', text: '通知 开会 于 明天' })).toContain(
      '发送时间：12月2日（周三）09:00，明天（没写几点，按 09:00 计）',
    );
    // A draft older than a day is not sent.
    await say({ from: 'sec1', chat: 'g1', text: '通知 旧草稿' });
    t.clock.advance(25 * 3_600_000);
    expect(await say({ from: 'sec1', chat: 'g1', text: '确认发送' })).toContain('已超过 24 小时');
  });

  it('keeps line breaks and full-width punctuation; a short first line becomes the card title', async () => {
    await setup();
    await say({
      from: 'sec1',
      chat: 'g1',
      text: '通知 关于开展主题党日活动\n本周六上午9点，社区广场集合。 到 第一支部',
    });
    await say({ from: 'sec1', chat: 'g1', text: '确认发送' });
    await relay.runOnce();
    expect(lark[0]!.text).toContain(
      '【通知 #1】\n关于开展主题党日活动\n本周六上午9点，社区广场集合。\n—— 第一支部 王书记',
    );
    expect(lark[0]!.notice).toEqual({ id: 1, title: '关于开展主题党日活动' });
  });

  it('strangers saying 收到 in a group get no answer', async () => {
    await setup();
    expect((await t.send({ from: 'nobody', chat: 'g1', text: '收到' })).replies).toEqual([]);
    expect(await say({ from: 'nobody', text: '收到' })).toContain('你还没有加入组织');
  });
});
