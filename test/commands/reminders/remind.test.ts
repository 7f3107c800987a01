import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { remindersOf, sentReminders, tickAt } from '../../helpers/reminders.js';

let t: TestCore;

/**
 * 第一支部 (bound to g1): 王书记 sec, 张三 u1, 李四 u2, 王五 u3 (预备), 周八 act (积极分子, not expected).
 * 第二支部 (bound to g2): 孙七 guest. Clock: 2026-12-01 (周二) 10:00 Asia/Shanghai.
 */
beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  await t.say({ from: 'admin', chat: 'g2', text: '绑定 第二支部' });
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '王五', unit: '第一支部', title: '预备党员' });
  await addMember(t, { userId: 'act', name: '周八', unit: '第一支部', title: '积极分子' });
  await addMember(t, { userId: 'guest', name: '孙七', unit: '第二支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const sorted = (xs: string[]) => [...xs].sort();

describe('reminders of a scheduled meeting', () => {
  it(
    'are stored at the default offsets and sent once each, ' +
      'naming who has neither checked in nor asked for leave at that moment',
    async () => {
      const created = await g1('sec', '会议 党员大会 12月3日下午3点 党员活动室 学习党章');
      expect(created).toContain('提醒：提前 1 天、1 小时、15 分钟（12月2日(周三) 15:00 起）发到绑定的群。');
      expect(await remindersOf(t, 1)).toEqual([
        '1440@2026-12-02 15:00 pending',
        '60@2026-12-03 14:00 pending',
        '15@2026-12-03 14:45 pending',
      ]);

      expect((await tickAt(t, '2026-12-02 14:59')).reminders.claimed).toBe(0);
      expect(await sentReminders(t)).toEqual([]);

      expect((await tickAt(t, '2026-12-02 15:00')).reminders).toMatchObject({ claimed: 1, sent: 1, messages: 1 });
      const [first] = await sentReminders(t);
      expect(first!.chat).toBe('g1');
      expect(first!.text).toBe(
        [
          '【会议提醒】第一支部 #1 党员大会「学习党章」',
          '时间：12月3日(周四) 15:00（还有 1 天）',
          '地点：党员活动室',
          '签到：12月3日(周四) 14:30 起发送「签到」；不能参加请提前发送「请假 1 原因」。',
          `尚未签到或请假（4 人）：${first!.mentions.map((n) => `@${n}`).join(' ')}`,
        ].join('\n'),
      );
      expect(sorted(first!.mentions)).toEqual(sorted(['王书记', '张三', '李四', '王五']));
      // The same minute again, and a later tick: nothing more.
      await tickAt(t, '2026-12-02 15:00');
      await tickAt(t, '2026-12-02 18:00');
      expect(await sentReminders(t)).toHaveLength(1);

      at(t, '2026-12-03 10:00');
      expect(await g1('u3', '请假 1 出差')).toContain('王五 已请假');
      await tickAt(t, '2026-12-03 14:00');
      at(t, '2026-12-03 14:40');
      expect(await g1('u1', '签到')).toBe('张三 签到成功（会议 #1）');
      await tickAt(t, '2026-12-03 14:45');

      const all = await sentReminders(t);
      expect(all.map((r) => r.ref)).toEqual(['1', '2', '3']);
      expect(all[1]!.text).toContain('（还有 1 小时）');
      expect(sorted(all[1]!.mentions)).toEqual(sorted(['王书记', '张三', '李四']));
      expect(all[2]!.text).toContain('签到：现在即可发送「签到」');
      expect(sorted(all[2]!.mentions)).toEqual(sorted(['王书记', '李四']));
      expect(await remindersOf(t, 1)).toEqual([
        '1440@2026-12-02 15:00 sent',
        '60@2026-12-03 14:00 sent',
        '15@2026-12-03 14:45 sent',
      ]);
    },
  );

  it('are not created for offsets already past when the meeting is scheduled', async () => {
    expect(await g1('sec', '会议 支委会 今天上午10点40分')).toContain('提醒：提前 15 分钟（12月1日(周二) 10:25 起）');
    expect(await remindersOf(t, 1)).toEqual(['15@2026-12-01 10:25 pending']);
    expect(await g1('sec', '会议 支委会 今天上午10点10分')).not.toContain('提醒：');
    expect(await remindersOf(t, 2)).toEqual([]);
  });

  it('move when the meeting is moved (会议设置 时间), and the bound chats are told', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点 党员活动室');
    await tickAt(t, '2026-12-02 15:00');
    at(t, '2026-12-02 16:00');
    const moved = await g1('sec', '会议设置 1 时间 12月5日上午10点');
    expect(moved).toContain('已更新会议 #1　时间：12月5日（周六）10:00，3 天后');
    expect(moved).toContain('签到：09:30 至 10:30');
    expect(moved).toContain('提醒：提前 1 天、1 小时、15 分钟（12月4日(周五) 10:00 起）');
    expect(moved).toContain('已通知 1 个绑定的群。');
    expect(await rows(t, "SELECT chat_id, text FROM outbox WHERE kind = 'meeting.move'")).toEqual([
      {
        chat_id: 'g1',
        text: '【会议改期】第一支部 #1 党员大会 12月3日(周四) 15:00 改到 12月5日(周六) 10:00，地点：党员活动室。',
      },
    ]);
    // The reminder already sent for the old time does not stop the new 1-day reminder.
    expect(await remindersOf(t, 1)).toEqual([
      '1440@2026-12-04 10:00 pending',
      '60@2026-12-05 09:00 pending',
      '15@2026-12-05 09:45 pending',
    ]);
    await tickAt(t, '2026-12-03 14:00');
    await tickAt(t, '2026-12-03 14:45');
    expect(await sentReminders(t)).toHaveLength(1);
    await tickAt(t, '2026-12-04 10:00');
    const all = await sentReminders(t);
    expect(all).toHaveLength(2);
    expect(all[1]!.text).toContain('时间：12月5日(周六) 10:00（还有 1 天）');

    expect(await g1('sec', '会议设置 1 时间 昨天下午3点')).toContain('已经过去了');
    expect(await g1('sec', '会议设置 1 时间 下个月')).toContain('「下个月」没有说是哪一天');
    expect(await g1('sec', '会议设置 1 时间 2月30日上午10点')).toContain('没有 2月30日 这一天');
    expect(await g1('u1', '会议设置 1 时间 12月6日上午10点')).toContain('仅限');
    at(t, '2026-12-05 10:05');
    expect(await g1('sec', '会议设置 1 时间 12月6日上午10点')).toContain('已于 12月5日(周六) 10:00 开始，不能再改期');
  });

  it('are removed when the meeting is cancelled; a tick drops any left on a cancelled meeting', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    await g1('sec', '会议 党课 12月3日下午4点');
    await tickAt(t, '2026-12-02 15:00');
    at(t, '2026-12-02 16:30');
    expect(await g1('sec', '取消会议 1')).toContain('已取消会议 #1');
    expect(await remindersOf(t, 1)).toEqual([]);
    // Cancelled by some other path, its reminders still in place: the tick sends nothing for it.
    await t.store.client.execute("UPDATE meetings SET status = 'cancelled' WHERE id = 2");
    const r = await tickAt(t, '2026-12-03 15:00');
    expect(r.reminders).toMatchObject({ claimed: 2, sent: 0, dropped: 2 });
    expect(await remindersOf(t, 2)).toEqual(['15@2026-12-03 15:45 pending']);
    expect((await tickAt(t, '2026-12-03 15:45')).reminders).toMatchObject({ claimed: 1, dropped: 1 });
    expect(await remindersOf(t, 2)).toEqual([]);
    expect((await sentReminders(t)).map((s) => s.ref)).toEqual(['1']);
  });

  it('at most 20 people are @-mentioned, the rest named; platforms without mentions get names only', async () => {
    for (let i = 1; i <= 24; i++)
      await addMember(t, { userId: `p${i}`, name: `成员${String(i).padStart(2, '0')}`, unit: '第一支部' });
    await addMember(t, { userId: 'ou_x', name: '飞书用户', unit: '第一支部', platform: 'lark' });
    await t.store.client.execute({
      sql:
        'INSERT INTO chat_bindings (platform, chat_id, unit_id, bound_by_identity, bound_at) ' +
        "SELECT 'wechat', 'room@chatroom', id, 'test:test', 0 FROM units WHERE name = '第一支部'",
      args: [],
    });
    await g1('sec', '会议 党员大会 12月3日下午3点');
    await tickAt(t, '2026-12-02 15:00');
    const [pg, wx] = await sentReminders(t);
    expect(pg!.platform).toBe('playground');
    expect(pg!.mentions).toHaveLength(20);
    expect(pg!.text).toContain('尚未签到或请假（29 人）：@');
    expect(pg!.text).toContain('另有 ');
    // The lark-only member has no playground account to mention: named.
    expect(pg!.text).toContain('飞书用户');
    expect(pg!.mentions).not.toContain('飞书用户');
    expect(wx!.platform).toBe('wechat');
    expect(wx!.mentions).toEqual([]);
    expect(wx!.text).toMatch(/尚未签到或请假（29 人）：[^@]+$/);
  });
});

describe('提醒设置', () => {
  it(
    'shows the settings in force, changes offsets and quiet hours, ' +
      're-plans pending reminders only, and goes back to the defaults',
    async () => {
      expect(await g1('u1', '提醒设置')).toContain('仅限');
      expect(await g1('sec', '提醒设置')).toBe(
        [
          '「第一支部」会议提醒设置',
          '提前提醒：1 天、1 小时、15 分钟（默认）',
          '免打扰：22:00-07:00（默认）。落在免打扰时段的提醒改在时段开始前一分钟发出；会议在 1 小时 内开始的照常发送。',
          '修改示例：「提醒设置 1天,2小时,10分钟」「提醒设置 免打扰 22:00-07:00」「提醒设置 免打扰 关」「提醒设置 恢复默认」',
        ].join('\n'),
      );
      await g1('sec', '会议 党员大会 12月3日下午3点');
      await tickAt(t, '2026-12-02 15:00');
      at(t, '2026-12-02 15:10');
      const changed = await g1('sec', '提醒设置 1天，2小时、10分钟');
      expect(changed).toContain('提前提醒：1 天、2 小时、10 分钟\n');
      expect(changed).toContain('已按新设置调整 1 场待开会议的提醒（已发出的不再重发）。');
      expect(await remindersOf(t, 1)).toEqual([
        '1440@2026-12-02 15:00 sent',
        '120@2026-12-03 13:00 pending',
        '10@2026-12-03 14:50 pending',
      ]);

      expect(await g1('sec', '提醒设置 3周')).toContain('没看懂「3周」');
      expect(await g1('sec', '提醒设置 1天,2天,3天,4天,5天,6天')).toContain('请设置 1 到 5 个提前量');
      expect(await g1('sec', '提醒设置 8天')).toContain('提前量最多 7 天');
      expect(await g1('sec', '提醒设置 免打扰 晚上')).toContain('没看懂免打扰时段「晚上」');

      expect(await g1('sec', '提醒设置 免打扰 23:00-6:00')).toContain('免打扰：23:00-06:00。');
      expect(await g1('sec', '提醒设置 免打扰 关')).toContain('免打扰：不设。');
      expect(await g1('sec', '提醒设置 恢复默认')).toContain(
        '提前提醒：1 天、1 小时、15 分钟（默认）\n免打扰：22:00-07:00（默认）',
      );
      expect(await remindersOf(t, 1)).toEqual([
        '1440@2026-12-02 15:00 sent',
        '60@2026-12-03 14:00 pending',
        '15@2026-12-03 14:45 pending',
      ]);
      expect(await rows(t, 'SELECT count(*) AS n FROM reminder_settings')).toEqual([{ n: 0 }]);
    },
  );

  it('a unit without its own settings follows the nearest unit above that has them', async () => {
    const set = await t.say({ from: 'admin', text: '提醒设置 30分钟 组织:泰山区某社区党委' });
    expect(set).toContain('已更新「泰山区某社区党委」的会议提醒设置\n提前提醒：30 分钟\n');
    expect(await g1('sec', '提醒设置')).toContain('提前提醒：30 分钟（沿用「泰山区某社区党委」的设置）');
    expect(await g1('sec', '会议 党员大会 12月3日下午3点')).toContain('提醒：提前 30 分钟（12月3日(周四) 14:30 起）');
    await g1('sec', '提醒设置 2小时');
    expect(await remindersOf(t, 1)).toEqual(['120@2026-12-03 13:00 pending']);
    expect(await g1('sec', '提醒设置 1小时 组织:泰山区某社区党委')).toContain('你无权管理「泰山区某社区党委」');
  });
});

describe('提醒设置 records who changed it', () => {
  it('as an ActorRef: the member and the account, or the account alone for an admin without a record', async () => {
    await g1('sec', '提醒设置 2小时');
    await t.say({ from: 'admin', text: '提醒设置 30分钟 组织:第二支部' });
    const columns = 'updated_by_member_id AS member, updated_by_identity AS identity';
    const who = (offsets: string) =>
      rows(t, `SELECT ${columns} FROM reminder_settings WHERE offsets_min = ?`, [offsets]);
    expect(await who('[120]')).toEqual([{ member: 'm-sec', identity: 'playground:sec' }]);
    expect(await who('[30]')).toEqual([{ member: null, identity: 'playground:admin' }]);
    // The next change records its own author, whoever made the row.
    await t.say({ from: 'admin', text: '提醒设置 免打扰 关 组织:第一支部' });
    expect(await who('[120]')).toEqual([{ member: null, identity: 'playground:admin' }]);
  });

  it('refuses words that name object properties like any unreadable word', async () => {
    expect(await g1('sec', '提醒设置 __proto__')).toContain('没看懂「__proto__」');
    expect(await g1('sec', '提醒设置 constructor')).toContain('没看懂「constructor」');
    expect(await g1('sec', '错过提醒 __proto__')).toContain('找不到组织「__proto__」');
  });
});

describe('错过提醒', () => {
  it(
    'reminders that came due beyond the grace window while nothing ran are marked missed, ' +
      'listed to officers, never sent late',
    async () => {
      await g1('sec', '会议 党员大会 12月3日下午3点 党员活动室 学习党章');
      // Down from before 12-02 15:00 until 15:20: within the 30-minute grace, sent on restart.
      expect((await tickAt(t, '2026-12-02 15:20')).reminders).toMatchObject({ sent: 1, missed: 0 });
      expect((await sentReminders(t))[0]!.text).toContain('（还有 23 小时 40 分钟）');
      // Down again from 13:55 to 14:50 on the day: the 1-hour reminder is 50 minutes late, the 15-minute one 5.
      expect((await tickAt(t, '2026-12-03 14:50')).reminders).toMatchObject({ claimed: 2, sent: 1, missed: 1 });
      expect((await sentReminders(t)).map((r) => r.ref)).toEqual(['1', '3']);
      expect(await remindersOf(t, 1)).toEqual([
        '1440@2026-12-02 15:00 sent',
        '60@2026-12-03 14:00 missed',
        '15@2026-12-03 14:45 sent',
      ]);

      expect(await g1('u1', '错过提醒')).toContain('仅限');
      expect(await g1('sec', '错过提醒')).toBe(
        [
          '「第一支部」近 14 天未能按时发出的会议提醒 1 条（系统停机所致，已不再补发）：',
          '· #1 党员大会「学习党章」 12月3日(周四) 15:00：提前 1 小时 的提醒，原定 12月3日(周四) 14:00 发出',
          '如会议仍将举行，请在群里另行通知。',
        ].join('\n'),
      );
      expect(await g1('sec', '会议列表')).toContain('另有 1 条会议提醒因系统停机未能按时发出，发送「错过提醒」查看。');
      expect(await g1('u1', '会议列表')).not.toContain('错过提醒');
      expect(await t.say({ from: 'admin', chat: 'g2', text: '错过提醒' })).toBe(
        '「第二支部」近 14 天没有错过的会议提醒。',
      );
    },
  );

  it('a reminder that would arrive after the meeting started is missed even within the grace window', async () => {
    await g1('sec', '会议 支委会 12月1日上午11点');
    expect((await tickAt(t, '2026-12-01 11:05')).reminders).toMatchObject({ claimed: 2, sent: 0, missed: 2 });
    expect(await sentReminders(t)).toEqual([]);
  });
});

describe('monthly meetings', () => {
  it('the next occurrence created by 会议列表 gets its reminders too', async () => {
    expect(await g1('sec', '会议 主题党日 每月5日 15:00')).toContain(
      '提醒：提前 1 天、1 小时、15 分钟（12月4日(周五) 15:00 起）',
    );
    at(t, '2026-12-05 15:10');
    expect(await g1('u1', '会议列表')).toContain('#2 主题党日 1月5日(周二) 15:00');
    expect(await remindersOf(t, 2)).toEqual([
      '1440@2027-01-04 15:00 pending',
      '60@2027-01-05 14:00 pending',
      '15@2027-01-05 14:45 pending',
    ]);
  });
});
