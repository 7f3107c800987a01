import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { setupPairing, TEST_DATA_KEY } from '../../helpers/pairing.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
});
afterEach(async () => {
  await t.close();
});

const LI = [{ id: 'v1', name: '李四' }];

async function rows(sql: string) {
  return (await t.store.client.execute(sql)).rows;
}

describe('the creator of a need is told when it is accepted', () => {
  it('an administrator without a member record gets pairing.accepted as a direct message', async () => {
    // 'admin' is in PIONEER_ADMINS and never joined: no member record.
    expect(await rows(`SELECT member_id FROM identities WHERE user_id = 'admin'`)).toEqual([]);
    await t.say({ from: 'v1', text: '志愿者 护理' });
    expect(await t.say({ from: 'admin', chat: 'g1', text: '求助 助老 送餐' })).toContain('已登记需求 #1');
    await t.say({ from: 'admin', text: '取消' });
    await t.say({ from: 'admin', chat: 'g1', text: '派单 1 @李四', mentions: LI });
    expect(await t.say({ from: 'v1', text: '接单 1' })).toContain('李四 已接单需求 #1');
    expect(await rows(`SELECT platform, chat_id, direct, text FROM outbox WHERE kind = 'pairing.accepted'`)).toEqual([
      expect.objectContaining({
        platform: 'playground',
        chat_id: 'admin',
        direct: 1,
        text: '志愿者 李四 已接单需求 #1 助老。',
      }),
    ]);
  });

  it('a member who created a need gets it on their own account', async () => {
    await t.say({ from: 'v1', text: '志愿者 护理' });
    await t.say({ from: 'sec', chat: 'g1', text: '求助 助老 送餐' });
    await t.say({ from: 'sec', text: '取消' });
    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: LI });
    await t.say({ from: 'v1', text: '接单 1' });
    expect(await rows(`SELECT chat_id, direct FROM outbox WHERE kind = 'pairing.accepted'`)).toEqual([
      expect.objectContaining({ chat_id: 'sec', direct: 1 }),
    ]);
    expect(await rows('SELECT created_by_member_id IS NOT NULL AS m, created_by_identity FROM needs')).toEqual([
      expect.objectContaining({ m: 1, created_by_identity: 'playground:sec' }),
    ]);
  });

  it('the volunteer releasing a need created by such an administrator tells the administrator', async () => {
    await t.say({ from: 'v1', text: '志愿者 护理' });
    await t.say({ from: 'admin', chat: 'g1', text: '求助 助老 送餐' });
    await t.say({ from: 'admin', text: '取消' });
    await t.say({ from: 'admin', chat: 'g1', text: '派单 1 @李四', mentions: LI });
    await t.say({ from: 'v1', text: '解除 1 时间冲突' });
    expect(await rows(`SELECT chat_id, direct FROM outbox WHERE kind = 'pairing.release'`)).toEqual([
      expect.objectContaining({ chat_id: 'admin', direct: 1 }),
    ]);
  });
});
