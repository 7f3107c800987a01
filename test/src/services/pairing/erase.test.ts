import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eraseReleasedHouseholds } from '../../../../src/services/pairing/erase.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { needWithHousehold, setupPairing, TEST_DATA_KEY } from '../../../helpers/pairing.js';

const DAY = 86_400_000;
const LI = [{ id: 'v1', name: '李四' }];
let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
  await t.say({ from: 'v1', text: '志愿者 护理' });
});
afterEach(async () => {
  await t.close();
});

const run = (days = 30, limit?: number) => eraseReleasedHouseholds(t.core.deps, t.clock.now(), days, limit);
const held = async () =>
  (await t.store.client.execute('SELECT id FROM needs WHERE name_enc IS NOT NULL ORDER BY id')).rows.map((r) => r.id);

async function released(): Promise<number> {
  const id = await needWithHousehold(t);
  await t.say({ from: 'sec', chat: 'g1', text: `派单 ${id} @李四`, mentions: LI });
  await t.say({ from: 'v1', text: `解除 ${id} 时间冲突` });
  return id;
}

describe('eraseReleasedHouseholds', () => {
  it('erases what a release left unassigned for the kept days, counted from the release or a later entry', async () => {
    await released(); // #1: released today
    await needWithHousehold(t); // #2: never assigned, still waiting: kept
    await released(); // #3: released today, its data entered again in 10 days
    t.clock.advance(10 * DAY);
    await t.say({ from: 'sec', text: '登记住户 3 重填' });
    for (const a of ['同意', '李桂芳', '13800001111', '幸福小区2号楼1单元301', '确认'])
      await t.say({ from: 'sec', text: a });
    t.clock.advance(19 * DAY);
    expect(await run()).toBe(0);
    t.clock.advance(DAY);
    expect(await run()).toBe(1);
    expect(await held()).toEqual([2, 3]);
    t.clock.advance(10 * DAY);
    expect(await run()).toBe(1);
    expect(await held()).toEqual([2]);
    // A setting of 7 days is honoured; a need assigned again is not touched.
    const again = await released();
    await t.say({ from: 'sec', chat: 'g1', text: `派单 ${again} @李四`, mentions: LI });
    t.clock.advance(8 * DAY);
    expect(await run(7)).toBe(0);
    expect(await held()).toEqual([2, again]);
  });

  it('erases in batches of at most the limit', async () => {
    for (let i = 0; i < 3; i++) await released();
    t.clock.advance(31 * DAY);
    expect(await run(30, 2)).toBe(2);
    expect(await run(30, 2)).toBe(1);
    expect(await run(30, 2)).toBe(0);
    expect(await held()).toEqual([]);
  });
});
