import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { duesSummary } from '../../../../src/services/dues/summary.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { at as wallAt, rows } from '../../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../../helpers/pairing.js';
import { tickAt } from '../../../helpers/reminders.js';
import { at, setupDues } from '../../../helpers/dues.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupDues(t);
});
afterEach(async () => {
  await t.close();
});

const unitId = async () => String((await rows(t, "SELECT id FROM units WHERE name = '第一支部'"))[0]!.id);

describe('the monthly 党费 job and the dashboard summary', () => {
  it('defaults to the 5th; flags 5 months as the last call and 6 as the 自行脱党 warning, to the 书记 only', async () => {
    await t.say(at('com', '党费基数 @王五 3000 从2026年6月', 'u4'));
    await t.say(at('com', '党费基数 @张三 5000 从2026年8月', 'u1'));
    await t.say(at('com', '党费基数 @李四 2000 从2026年10月', 'u2'));
    await t.say(at('com', '党费基数 @赵大爷 2000 退休', 'u3'));
    await t.say(at('com', '交党费 @赵大爷', 'u3'));
    expect(await t.say({ from: 'sec', text: '党费设置' })).toContain('每月 5 号 09:00');
    await tickAt(t, '2026-12-05 09:00');
    const remind = await rows(t, "SELECT chat_id FROM outbox WHERE kind = 'dues.remind' ORDER BY chat_id");
    expect(remind.map((r) => r.chat_id)).toEqual(['u1', 'u2', 'u4']); // 赵大爷 has paid December
    await tickAt(t, '2026-12-12 09:00');
    const flags = await rows(t, "SELECT chat_id, text FROM outbox WHERE kind = 'dues.behind'");
    expect(flags.map((f) => f.chat_id)).toEqual(['sec']);
    const text = String(flags[0]!.text).split('\n');
    expect(text[0]).toBe('【党费预警】第一支部 截至 2026年12月连续未交党费：');
    expect(text[1]).toContain(
      '· 王五：7 个月（2026年6月起）。已满 6 个月：按规定，无正当理由连续 6 个月不交纳党费的，按自行脱党处理',
    );
    expect(text[1]).toContain('请支部了解原因、研究决定（机器人只作提醒）');
    expect(text[2]).toBe('· 张三：5 个月（2026年8月起）。下个月将满 6 个月，请尽快联系本人。');
    expect(text[3]).toBe('· 李四：3 个月（2026年10月起）。请提醒本人按时交纳。');
  });

  it('a reminder missed by downtime goes out late, but not after the officers’ list has gone', async () => {
    await t.say(at('com', '党费基数 @张三 5000', 'u1'));
    await tickAt(t, '2026-12-09 15:00'); // down from the 5th to the 9th: sent on the 9th
    expect(await rows(t, "SELECT chat_id FROM outbox WHERE kind = 'dues.remind'")).toHaveLength(1);
    await tickAt(t, '2027-01-13 10:00'); // down all January's first 12 days: the list supersedes it
    expect(await rows(t, "SELECT ref FROM outbox WHERE kind = 'dues.remind'")).toHaveLength(1);
    expect((await rows(t, "SELECT ref FROM outbox WHERE kind = 'dues.unpaid'")).map((r) => String(r.ref))).toEqual([
      expect.stringMatching(/:202701$/),
      expect.stringMatching(/:202701$/),
    ]);
  });

  it('duesSummary counts owing, paid and collected without the data key', async () => {
    await t.say(at('com', '党费基数 @张三 6200', 'u1'));
    await t.say(at('com', '党费基数 @李四 2000', 'u2'));
    await t.say(at('com', '党费基数 @王五 固定 0', 'u4'));
    wallAt(t, '2026-12-03 10:00');
    await t.say(at('com', '交党费 @张三 12月', 'u1'));
    const id = await unitId();
    expect(await duesSummary(t.store.db, [id, 'no-such-unit'], '2026-12')).toEqual([
      { unitId: id, month: '2026-12', owing: 2, paid: 1, unpaid: 1, noBasis: 3, collectedCents: 9300 },
    ]);
    expect(await duesSummary(t.store.db, [id], '2026-11')).toEqual([
      { unitId: id, month: '2026-11', owing: 0, paid: 0, unpaid: 0, noBasis: 3, collectedCents: 0 },
    ]);
    expect(await duesSummary(t.store.db, [id], 'December')).toEqual([]);
  });
});
