import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestDigestMoment } from '../../../src/services/reminders/digest.js';
import { Scheduler, runSchedulerTick } from '../../../src/scheduler/scheduler.js';
import type { PlatformCapabilities } from '../../../src/contracts/adapter.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';
import { schedulerTexts } from '../../../commands/index.js';
import { remindersOf, schedulerDeps, sentReminders, TEST_PLATFORMS, tickAt, wall } from '../../helpers/reminders.js';

let t: TestCore;
/** 第一支部 (g1) with 王书记 (secretary) and 委员 李委员; clock 2026-12-01 (周二) 10:00 Shanghai. */
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'com', name: '李委员', unit: '第一支部', title: '委员' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});
const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const digests = async () =>
  rows(t, "SELECT chat_id, direct, ref, text FROM outbox WHERE kind = 'quarter.digest' ORDER BY id");

describe('weekly 本季度 digest', () => {
  it(
    'officers get the meetings still owed this quarter by direct message ' +
      'on Monday 09:00 in the unit zone, once a week',
    async () => {
      await g1('sec', '会议 党课 12月10日下午3点');
      // Deployed on a Tuesday: last Monday's digest is more than a day late, so it waits for next week.
      await tickAt(t, '2026-12-01 10:00');
      await tickAt(t, '2026-12-07 08:59');
      expect(await digests()).toEqual([]);

      const r = await tickAt(t, '2026-12-07 09:00');
      expect(r.digests).toEqual({ units: 1, messages: 2 });
      const sent = await digests();
      expect(sent.map((d) => [d.chat_id, d.direct, d.ref])).toEqual([
        ['sec', 1, expect.stringMatching(/:2026-12-07$/)],
        ['com', 1, expect.stringMatching(/:2026-12-07$/)],
      ]);
      expect(String(sent[0]!.text)).toBe(
        [
          '【本季度提醒】「第一支部」2026年第4季度 三会一课还差：',
          '· 第一支部：党员大会 已开 0/1，还差 1；支委会 已开 0/3，还差 3；党课 已开 0/1，还差 1（已安排 1）；主题党日 已开 0/3，还差 3',
          '（截至 12月7日(周一) 09:00，季度末 12月31日(周四) 23:59）发送「本季度」查看详情和连续缺席预警。',
        ].join('\n'),
      );
      // Later ticks that week send nothing more; the next Monday sends again (downtime until 15:00 is within a day).
      await tickAt(t, '2026-12-07 09:10');
      await tickAt(t, '2026-12-09 09:00');
      expect(await digests()).toHaveLength(2);
      await tickAt(t, '2026-12-14 15:00');
      expect((await digests()).map((d) => String(d.ref).split(':')[1])).toEqual([
        '2026-12-07',
        '2026-12-07',
        '2026-12-14',
        '2026-12-14',
      ]);
    },
  );

  it('nothing owed, nothing sent; the digest time is read in the unit zone', async () => {
    const sh = latestDigestMoment(new Date('2026-12-07T01:00:00Z'), 'Asia/Shanghai', 1, '09:00');
    expect(sh.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(latestDigestMoment(new Date('2026-12-07T00:59:00Z'), 'Asia/Shanghai', 1, '09:00').toISOString()).toBe(
      '2026-11-30T01:00:00.000Z',
    );
    expect(latestDigestMoment(new Date('2026-12-07T20:00:00Z'), 'America/New_York', 1, '09:00').toISOString()).toBe(
      '2026-12-07T14:00:00.000Z',
    );
    // A 党委 has no required counts of its own; with only its officer, nothing is owed.
    await t.store.client.execute(
      "UPDATE members SET unit_id = (SELECT id FROM units WHERE name = '泰山区某社区党委') WHERE id IN ('m-sec', 'm-com')",
    );
    await t.store.client.execute("DELETE FROM units WHERE name = '第一支部'");
    t.core.deps.cache.invalidate();
    expect((await tickAt(t, '2026-12-07 09:00')).digests).toEqual({ units: 1, messages: 0 });
    expect(await digests()).toEqual([]);
  });
});

describe('the tick also runs', () => {
  it('the next occurrence of a monthly meeting once the latest has started, with its reminders', async () => {
    await g1('sec', '会议 主题党日 每月5日 15:00');
    expect((await tickAt(t, '2026-12-05 14:59')).repeats).toEqual({ meetings: 0, reminders: 0 });
    const r = await tickAt(t, '2026-12-05 15:01');
    expect(r.repeats).toEqual({ meetings: 1, reminders: 3 });
    expect(await rows(t, 'SELECT id, starts_at FROM meetings ORDER BY id')).toEqual([
      { id: 1, starts_at: expect.any(Number) },
      { id: 2, starts_at: new Date('2027-01-05T07:00:00Z').getTime() },
    ]);
    expect(await remindersOf(t, 2)).toEqual([
      '1440@2027-01-04 15:00 pending',
      '60@2027-01-05 14:00 pending',
      '15@2027-01-05 14:45 pending',
    ]);
    // Not again within the same jobs slot, nor later (the occurrence exists now).
    expect((await tickAt(t, '2026-12-05 15:02')).repeats).toBeNull();
    expect((await tickAt(t, '2026-12-05 15:10')).repeats).toEqual({ meetings: 0, reminders: 0 });
  });

  it('the pairing alerts, at most once per PAIRING_ALERTS_EVERY_MIN', async () => {
    await g1('sec', '求助 医疗 需要陪同复诊 紧急');
    expect((await tickAt(t, '2026-12-01 10:00')).pairing).toMatchObject({ unassigned: 0 });
    expect((await tickAt(t, '2026-12-02 10:30')).pairing).toMatchObject({ unassigned: 1, messages: 2 });
    expect((await tickAt(t, '2026-12-02 10:45')).pairing).toBeNull();
    expect((await tickAt(t, '2026-12-02 11:00')).pairing).toMatchObject({ unassigned: 1, messages: 0 });
    expect(
      await rows(t, "SELECT chat_id FROM outbox WHERE kind = 'pairing.alert.unassigned' ORDER BY chat_id"),
    ).toEqual([{ chat_id: 'com' }, { chat_id: 'sec' }]);
  });

  it('runSchedulerTick: one stateless tick, as a Workers cron trigger calls it', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    at(t, '2026-12-02 15:00');
    const r = await runSchedulerTick(schedulerDeps(t), schedulerTexts);
    expect(r.reminders).toMatchObject({ claimed: 1, sent: 1 });
    expect(r.errors).toEqual([]);
    expect(wall(t.clock.now().getTime())).toBe('2026-12-02 15:00');
  });
});

describe('what the scheduler is given', () => {
  const withPlayground = (caps: Partial<PlatformCapabilities>) =>
    new Map([...TEST_PLATFORMS, ['playground', { ...TEST_PLATFORMS.get('playground')!, ...caps }]]);
  const schedulerWith = (platforms: ReadonlyMap<string, PlatformCapabilities>) =>
    new Scheduler({ deps: { ...schedulerDeps(t), platforms }, texts: schedulerTexts });

  it('words reminders and digests with the texts it is given', async () => {
    await g1('sec', '会议 党课 12月10日下午3点');
    const texts = {
      reminder: (f: { meeting: { id: number }; pendingCount: number; mentioned: readonly unknown[] }) =>
        `R#${f.meeting.id} ${f.pendingCount}/${f.mentioned.length}`,
      quarterDigest: (f: { unitName: string; owed: readonly unknown[] }) => `D ${f.unitName} ${f.owed.length}`,
      pairing: schedulerTexts.pairing,
      dues: schedulerTexts.dues,
      notices: schedulerTexts.notices,
    };
    const s = new Scheduler({ deps: schedulerDeps(t), texts });
    at(t, '2026-12-07 09:00');
    await s.tickOnce();
    at(t, '2026-12-09 15:00');
    await s.tickOnce();
    expect((await sentReminders(t)).map((r) => r.text)).toEqual(['R#1 3/3']);
    expect((await digests()).map((d) => d.text)).toEqual(['D 第一支部 1', 'D 第一支部 1']);
  });

  it('mentions in a reminder only where the platform lets broadcasts mention, at most its maxMentions', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    at(t, '2026-12-02 15:00');
    const few = await schedulerWith(withPlayground({ maxMentions: 2 })).tickOnce();
    expect(few.reminders.sent).toBe(1);
    const [two] = await sentReminders(t);
    expect(two!.mentions).toHaveLength(2);
    expect(two!.text).toMatch(/尚未签到或请假（3 人）：@\S+ @\S+；另有 \S+$/);

    // Another type: a second 党员大会 an hour later would wait for 确认安排 as a likely duplicate.
    await g1('sec', '会议 党课 12月3日下午4点');
    at(t, '2026-12-02 16:00');
    await schedulerWith(withPlayground({ mentionsInBroadcasts: false })).tickOnce();
    const none = (await sentReminders(t))[1]!;
    expect(none.mentions).toEqual([]);
    expect(none.text).toMatch(/尚未签到或请假（3 人）：[^@]+$/);
  });
});
