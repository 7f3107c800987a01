import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { HOUSEHOLD, needWithHousehold, setupPairing, TEST_DATA_KEY } from '../../helpers/pairing.js';

// Unit scope holds however a person is named: an @-mention carries a platform id, and a lookup by
// id sees exactly the people a lookup by name sees (src/services/org/members.ts findMember).

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  at(t, '2026-12-01 10:00');
  await setupPairing(t);
});
afterEach(async () => {
  await t.close();
});

// 李四 (v1) belongs to 第一支部; 孙书记 (sec2) is the secretary of 第二支部.
const LI = [{ id: 'v1', name: '李四' }];

describe('a lookup by platform id respects unit scope', () => {
  it('任命 by mention of another unit’s member: not found, as by name, and nothing changes', async () => {
    const byName = await t.say({ from: 'sec2', chat: 'g2', text: '任命 @李四 群众' });
    const byId = await t.say({ from: 'sec2', chat: 'g2', text: '任命 @李四 群众', mentions: LI });
    expect(byId).toBe(byName);
    expect(byId).toContain('找不到成员「李四」');
    expect(await rows(t, "SELECT role FROM members WHERE name = '李四'")).toEqual([{ role: 'member' }]);
  });

  it('代签 by mention of another unit’s member at one’s own meeting: not found, and no attendance', async () => {
    const meeting = await t.say({ from: 'sec2', chat: 'g2', text: '会议 党员大会 2026-12-01 10:20 活动室' });
    const id = /#(\d+)/.exec(meeting)![1]!;
    const byId = await t.say({ from: 'sec2', chat: 'g2', text: `代签 @李四 ${id}`, mentions: LI });
    expect(byId).toContain('找不到成员「李四」');
    expect(await rows(t, 'SELECT member_id FROM attendance')).toEqual([]);
    // An administrator sees everyone, by id as by name.
    expect(await t.say({ from: 'admin', chat: 'g2', text: `代签 @李四 ${id}`, mentions: LI })).toContain(
      '已为 李四 代签',
    );
  });

  it('会议设置 by mention is bounded the same way (派单 takes volunteers from the whole pool, by design)', async () => {
    await t.say({ from: 'sec2', chat: 'g2', text: '会议 党员大会 2026-12-03 15:00 活动室' });
    const set = await t.say({ from: 'sec2', chat: 'g2', text: '会议设置 1 主持人 @李四', mentions: LI });
    expect(set).toContain('找不到成员「李四」');
    expect(await rows(t, 'SELECT host_member_id FROM meetings')).toEqual([{ host_member_id: null }]);
  });
});

describe('who sees a household', () => {
  it('the accepted volunteer, the officers of the need’s own unit and admins; not the units above', async () => {
    await addMember(t, { userId: 'top', name: '钱书记', unit: '泰山区某社区党委', title: '书记' });
    await addMember(t, { userId: 'com', name: '周委员', unit: '第一支部', title: '委员' });
    await t.say({ from: 'v1', text: '志愿者 护理,买菜 阳光小区 周末' });
    const id = await needWithHousehold(t);
    // The 党委's secretary manages the need (派单) but does not see who the household is.
    expect(await t.say({ from: 'top', chat: 'g1', text: `派单 ${id} @李四`, mentions: LI })).toContain('已把需求');
    await t.say({ from: 'v1', text: `接单 ${id}` });
    const refused = await t.say({ from: 'top', text: `住户 ${id}` });
    expect(refused).toContain(`无权查看需求 #${id} 的住户信息`);
    for (const v of Object.values(HOUSEHOLD)) expect(refused).not.toContain(v);
    for (const who of ['sec', 'com', 'admin', 'v1']) {
      expect(await t.say({ from: who, text: `住户 ${id}` }), who).toContain(HOUSEHOLD.phone);
    }
    // Another unit's secretary sees nothing either.
    expect(await t.say({ from: 'sec2', text: `住户 ${id}` })).not.toContain(HOUSEHOLD.phone);
  });
});
