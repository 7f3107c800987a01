import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anyDue, claimDue, dueIds } from '../../../../src/services/reminders/fire.js';
import { planMeeting } from '../../../../src/services/reminders/plan.js';
import { ZoneClock } from '../../../../src/services/reminders/zone-clock.js';
import { parseQuietHours } from '../../../../src/contracts/config/scheduler.js';
import { fromZoned } from '../../../../src/contracts/time.js';
import { createTestCore, setupBranch, type TestCore } from '../../../helpers/core.js';
import { addMember, at, rows } from '../../../helpers/meetings.js';
import { explain, remindersOf, schedulerOf, sentReminders, tickAt, wall } from '../../../helpers/reminders.js';

const SH = 'Asia/Shanghai';
const night = parseQuietHours('22:00-07:00')!;
const sh = (w: string) => new Date(`${w.replace(' ', 'T')}:00+08:00`).getTime();

describe('planning: quiet hours', () => {
  const plan = (startsAt: string, offsetsMin: number[], now = '2026-12-01 10:00', quiet = night, tz = SH) =>
    planMeeting({ id: 1, startsAt: sh(startsAt) }, { offsetsMin, quiet }, tz, sh(now), 60, new ZoneClock()).map(
      (p) => `${p.offsetMin}@${wall(p.dueAt)}`,
    );

  it(
    'moves a reminder inside quiet hours to the last minute before they began, ' +
      'unless the meeting starts within the hour',
    () => {
      expect(plan('2026-12-03 07:30', [1440, 120, 60, 15])).toEqual([
        '1440@2026-12-02 07:30',
        '120@2026-12-02 21:59',
        '60@2026-12-03 06:30',
        '15@2026-12-03 07:15',
      ]);
      // Quiet hours that do not wrap midnight.
      expect(plan('2026-12-03 15:00', [120], '2026-12-01 10:00', parseQuietHours('12:00-14:00')!)).toEqual([
        '120@2026-12-03 11:59',
      ]);
      // Exactly at the end of quiet hours is outside them.
      expect(plan('2026-12-03 08:00', [60])).toEqual(['60@2026-12-03 07:00']);
    },
  );

  it('sends two offsets that land on the same minute once, and drops one that would go before now', () => {
    expect(plan('2026-12-03 08:00', [180, 120])).toEqual(['180@2026-12-02 21:59']);
    expect(plan('2026-12-03 08:00', [1440, 180, 15], '2026-12-02 22:30')).toEqual(['15@2026-12-03 07:45']);
    expect(plan('2026-12-03 08:00', [180], '2026-12-02 22:30', null as never)).toEqual(['180@2026-12-03 05:00']);
  });

  it('counts wall time in the unit zone across a clock change', () => {
    const ny = 'America/New_York';
    // 2026-11-01 08:00 EST; 4 hours before is 04:00 EST, quiet since 22:00 EDT the evening before.
    const startsAt = fromZoned({ year: 2026, month: 11, day: 1, hour: 8, minute: 0 }, ny).getTime();
    const [p] = planMeeting(
      { id: 1, startsAt },
      { offsetsMin: [240], quiet: night },
      ny,
      startsAt - 7 * 86_400_000,
      60,
      new ZoneClock(),
    );
    expect(new Date(p!.dueAt)).toEqual(fromZoned({ year: 2026, month: 10, day: 31, hour: 21, minute: 59 }, ny));
  });
});

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});
const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });

describe('quiet hours end to end', () => {
  it(
    'a reminder in quiet hours goes the evening before; ' +
      'one within the hour before the meeting goes on time; per-unit hours apply',
    async () => {
      await g1('sec', '提醒设置 1天,2小时,1小时');
      await g1('sec', '会议 支委会 12月3日上午7点30分');
      expect(await remindersOf(t, 1)).toEqual([
        '1440@2026-12-02 07:30 pending',
        '120@2026-12-02 21:59 pending',
        '60@2026-12-03 06:30 pending',
      ]);
      await tickAt(t, '2026-12-02 07:30');
      await tickAt(t, '2026-12-02 21:59');
      await tickAt(t, '2026-12-03 05:30');
      await tickAt(t, '2026-12-03 06:30');
      const sent = await sentReminders(t);
      expect(sent.map((s) => s.text.split('\n')[1])).toEqual([
        '时间：12月3日(周四) 07:30（还有 1 天）',
        '时间：12月3日(周四) 07:30（还有 9 小时 31 分钟）',
        '时间：12月3日(周四) 07:30（还有 1 小时）',
      ]);

      at(t, '2026-12-03 08:00');
      await g1('sec', '提醒设置 免打扰 23:00-06:00');
      await g1('sec', '会议 支委会 12月5日上午7点30分');
      expect(await remindersOf(t, 2)).toEqual([
        '1440@2026-12-04 07:30 pending',
        '120@2026-12-04 22:59 pending',
        '60@2026-12-05 06:30 pending',
      ]);
      await g1('sec', '提醒设置 免打扰 关');
      expect(await remindersOf(t, 2)).toEqual([
        '1440@2026-12-04 07:30 pending',
        '120@2026-12-05 05:30 pending',
        '60@2026-12-05 06:30 pending',
      ]);
    },
  );
});

describe('crashes and races', () => {
  it(
    'a crash between claiming and enqueueing: nothing is written, ' + 'the lease expires, the next tick sends once',
    async () => {
      await g1('sec', '会议 党员大会 12月3日下午3点');
      const crashing = schedulerOf(t, {
        afterClaim: () => {
          throw new Error('process died here');
        },
      });
      at(t, '2026-12-02 15:00');
      const r = await crashing.tickOnce();
      expect(r.errors).toEqual(['reminders']);
      expect(r.reminders.claimed).toBe(0);
      expect(t.log.lines.some((l) => l.msg === 'scheduler part failed' && l.fields?.part === 'reminders')).toBe(true);
      expect(await sentReminders(t)).toEqual([]);
      expect(await rows(t, 'SELECT status, lease_owner FROM reminders WHERE offset_min = 1440')).toEqual([
        { status: 'pending', lease_owner: crashing.owner },
      ]);

      // Within the lease nobody else takes it.
      expect((await tickAt(t, '2026-12-02 15:00')).reminders.claimed).toBe(0);
      at(t, '2026-12-02 15:00');
      t.clock.advance(t.core.deps.config.REMINDER_LEASE_MS + 1);
      const redo = await schedulerOf(t).tickOnce();
      expect(redo.reminders).toMatchObject({ claimed: 1, sent: 1, messages: 1 });
      t.clock.advance(60_000);
      await schedulerOf(t).tickOnce();
      expect(await sentReminders(t)).toHaveLength(1);
      expect(await rows(t, "SELECT count(*) AS n FROM outbox WHERE kind = 'reminder' AND ref = '1'")).toEqual([
        { n: 1 },
      ]);
    },
  );

  it(
    'a scheduler that lost its lease while stalled writes nothing when it resumes ' +
      '(the guard, not only the outbox key)',
    async () => {
      await g1('sec', '会议 党员大会 12月3日下午3点');
      let claimed!: () => void;
      let resume!: () => void;
      const stalledAtClaim = new Promise<void>((r) => (claimed = r));
      const resumed = new Promise<void>((r) => (resume = r));
      const slow = schedulerOf(t, {
        afterClaim: async () => {
          claimed();
          await resumed;
        },
      });
      const now = new Date(sh('2026-12-02 15:00'));
      const a = slow.tickOnce(now);
      await stalledAtClaim;
      const b = await schedulerOf(t).tickOnce(new Date(now.getTime() + t.core.deps.config.REMINDER_LEASE_MS + 1000));
      expect(b.reminders).toMatchObject({ claimed: 1, sent: 1 });
      // A chat bound meanwhile would get a row under a new key if the stalled one still enqueued.
      await t.store.client.execute(
        'INSERT INTO chat_bindings (platform, chat_id, unit_id, bound_by_identity, bound_at) ' +
          "SELECT 'playground', 'g3', id, 'test:test', 0 FROM units WHERE name = '第一支部'",
      );
      resume();
      expect((await a).errors).toEqual([]);
      expect((await sentReminders(t)).map((s) => s.chat)).toEqual(['g1']);
      expect(await remindersOf(t, 1)).toContain('1440@2026-12-02 15:00 sent');
    },
  );
});

describe('cheap ticks', () => {
  it('finds due reminders through the (status, due_at) index, and an idle tick writes nothing', async () => {
    const db = t.store.db;
    const plan = (q: { sql: string; params: unknown[] }) => explain(`file:${t.dbPath}`, q);
    const select = await plan(dueIds(db, Date.now(), 200).toSQL());
    expect(select.join('\n')).toMatch(/SEARCH reminders USING INDEX reminders_due_idx \(status=\? AND due_at<\?\)/);
    expect(select.join('\n')).not.toMatch(/SCAN reminders/);
    const claim = await plan(claimDue(db, { owner: 'x', now: Date.now(), leaseMs: 1000, limit: 200 }).toSQL());
    expect(claim.join('\n')).toMatch(/USING INDEX reminders_due_idx/);
    expect(claim.join('\n')).not.toMatch(/SCAN reminders/);

    await g1('sec', '会议 党员大会 12月3日下午3点');
    await tickAt(t, '2026-12-01 10:01'); // takes the periodic jobs' slots
    expect(await anyDue(db, sh('2026-12-01 10:02'))).toBe(false);
    const changes = async () => Number((await t.store.client.execute('SELECT total_changes() AS n')).rows[0]!.n);
    const before = await changes();
    const idle = await tickAt(t, '2026-12-01 10:02');
    expect(idle).toMatchObject({ reminders: { claimed: 0 }, repeats: null, pairing: null });
    expect(await changes()).toBe(before);
  });
});
