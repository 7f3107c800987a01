import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { needWithHousehold, setupPairing, TEST_DATA_KEY } from '../../helpers/pairing.js';

// Volunteer hours (issue 14, item 6): at most 12 hours per volunteer a day, and an entry over
// 4 hours counts only once an officer of the need's unit has confirmed it (确认服务).

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
  await t.say({ from: 'v1', text: '志愿者 护理,买菜 阳光小区 周末' });
  await needWithHousehold(t);
  await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: [{ id: 'v1', name: '李四' }] });
  await t.say({ from: 'v1', text: '接单 1' });
});
afterEach(async () => {
  await t.close();
});

async function rows(sql: string) {
  return (await t.store.client.execute(sql)).rows;
}

describe('服务 hours: the daily cap and 确认服务', () => {
  it('holds a long entry out of every total until an officer of the unit confirms it', async () => {
    const long = await t.say({ from: 'v1', text: '服务 1 5小时 陪同就医' });
    expect(long).toContain('已记录需求 #1 的服务（记录 #1）：5 小时，陪同就医。');
    expect(long).toContain('书记或委员「确认服务 1」后才计入，已私信通知他们');
    expect(long).toContain('本结对累计 0 次、0 小时');
    const asked = await rows(`SELECT chat_id, direct, text FROM outbox WHERE kind = 'pairing.confirm_service'`);
    expect(asked).toEqual([expect.objectContaining({ chat_id: 'sec', direct: 1 })]);
    expect(String(asked[0]!.text)).toContain('确认服务 1');
    expect(await t.say({ from: 'v1', text: '服务 1 1小时 买菜' })).toContain('本结对累计 1 次、1 小时');
    expect(await t.say({ from: 'v1', text: '我的' })).not.toContain('6 小时');

    // Not the volunteer, not an officer of another unit; the need's own secretary may.
    expect(await t.say({ from: 'v1', text: '确认服务 1' })).toContain('仅限管理员、书记、委员使用');
    expect(await t.say({ from: 'sec2', text: '确认服务 1' })).toContain('需求 #1');
    expect((await rows('SELECT pending FROM service_logs WHERE id = 1'))[0]!.pending).toBe(1);
    expect(await t.say({ from: 'sec', text: '确认服务 1' })).toContain('已确认服务记录 #1');
    const told = await rows(`SELECT chat_id, text FROM outbox WHERE kind = 'pairing.service_confirmed'`);
    expect(told).toEqual([expect.objectContaining({ chat_id: 'v1' })]);
    const after = await rows('SELECT pending, confirmed_by_member_id FROM service_logs WHERE id = 1');
    expect(after[0]).toMatchObject({ pending: 0, confirmed_by_member_id: expect.any(String) });
    expect(await t.say({ from: 'sec', text: '确认服务 1' })).toContain('不需要确认');
    expect(await t.say({ from: 'sec', text: '确认服务 99' })).toContain('没有编号为 99 的服务记录');
    expect(await t.say({ from: 'sec', text: '确认服务 abc' })).toContain('确认服务 <记录编号>');
    expect(await t.say({ from: 'v1', text: '服务 1 1小时 打扫' })).toContain('本结对累计 3 次、7 小时');
  });

  it('refuses more than 12 hours a day for one volunteer, and takes them again the next day', async () => {
    expect(await t.say({ from: 'v1', text: '服务 1 13小时 陪护' })).toContain('不超过 12 小时');
    await t.say({ from: 'v1', text: '服务 1 4小时 陪护' });
    await t.say({ from: 'v1', text: '服务 1 4小时 陪护' });
    expect(await t.say({ from: 'v1', text: '服务 1 5小时 陪护' })).toContain(
      '每位志愿者每天最多记录 12 小时服务：今天已记录 8 小时，再记 5 小时 就超过了。',
    );
    // An officer's 代录 for the volunteer is held to the same cap.
    expect(await t.say({ from: 'sec', text: '服务 1 5小时 陪护' })).toContain('今天已记录 8 小时');
    expect(await rows('SELECT hours FROM service_logs')).toHaveLength(2);
    t.clock.advance(86_400_000);
    expect(await t.say({ from: 'v1', text: '服务 1 4小时 陪护' })).toContain('本结对累计 3 次、12 小时');
  });

  it("counts an officer's own long entry for the volunteer at once", async () => {
    const reply = await t.say({ from: 'sec', text: '服务 1 6小时 陪同住院' });
    expect(reply).not.toContain('确认服务');
    expect(reply).toContain('本结对累计 1 次、6 小时');
    expect(await rows(`SELECT id FROM outbox WHERE kind = 'pairing.confirm_service'`)).toHaveLength(0);
  });

  it('says the rule in 帮助 服务', async () => {
    const help = await t.say({ from: 'v1', text: '帮助 服务' });
    expect(help).toContain('每人每天最多 12 小时');
    expect(help).toContain('单次超过 4 小时，须书记或委员「确认服务」后才计入');
  });
});
