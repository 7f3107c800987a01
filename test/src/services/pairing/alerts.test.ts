import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pairingAlertTexts } from '../../../../commands/pairing/texts.js';
import { runPairingAlerts } from '../../../../src/services/pairing/alerts.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { needWithHousehold, setupPairing, TEST_DATA_KEY } from '../../../helpers/pairing.js';

const DAY = 86_400_000;
let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
  await t.say({ from: 'v1', text: '志愿者 护理' });
});
afterEach(async () => {
  await t.close();
});

async function alerts() {
  const r = await t.store.client.execute(
    `SELECT chat_id, kind, ref, text FROM outbox WHERE kind LIKE 'pairing.alert.%' ORDER BY id`,
  );
  return r.rows.map((x) => ({
    chat: String(x.chat_id),
    kind: String(x.kind),
    ref: String(x.ref),
    text: String(x.text),
  }));
}
const run = () => runPairingAlerts(t.core.deps, pairingAlertTexts, t.clock.now());

describe('runPairingAlerts', () => {
  it('reports an unassigned need after 3 days (1 when urgent), once per day, to the unit’s officers', async () => {
    await t.say({ from: 'sec', chat: 'g1', text: '求助 就业 需要简历指导' });
    await t.say({ from: 'sec', chat: 'g1', text: '求助 医疗 需要陪同复诊 紧急' });
    t.clock.advance(2 * DAY);
    expect(await run()).toEqual({ unvisited: 0, unassigned: 1, messages: 1 });
    expect(await alerts()).toEqual([
      {
        chat: 'sec',
        kind: 'pairing.alert.unassigned',
        ref: '2:2026-12-03',
        text: expect.stringContaining('需求 #2 医疗 · 紧急 · 待派单 已等待 2 天'),
      },
    ]);
    // The same day again: nothing new (idempotent per need per day).
    t.clock.advance(3_600_000);
    expect((await run()).messages).toBe(0);
    // Two needs for the same officer: one message naming both (the longest wait first), once a day.
    t.clock.advance(DAY);
    expect(await run()).toEqual({ unvisited: 0, unassigned: 2, messages: 1 });
    const all = await alerts();
    expect(all.map((a) => [a.kind, a.ref])).toEqual([
      ['pairing.alert.unassigned', '2:2026-12-03'],
      ['pairing.alert.summary', '2026-12-04'],
    ]);
    expect(all[1]!.text.split('\n')).toEqual([
      '【结对提醒】2 个需求需要处理（待派单 2 个，久未服务 0 个）：',
      expect.stringMatching(/^· 需求 #1 就业.* 已等待 3 天，还没有派单$/),
      expect.stringMatching(/^· 需求 #2 医疗 · 紧急.* 已等待 3 天，还没有派单$/),
      '发送「结对 编号」查看推荐的志愿者；需要换人请发送「解除 编号」后重新派单。',
    ]);
    t.clock.advance(3_600_000);
    expect((await run()).messages).toBe(0);
    // Assigning stops it.
    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: [{ id: 'v1', name: '李四' }] });
    await t.say({ from: 'sec', chat: 'g1', text: '派单 2 @李四', mentions: [{ id: 'v1', name: '李四' }] });
    t.clock.advance(DAY);
    expect(await run()).toEqual({ unvisited: 0, unassigned: 0, messages: 0 });
  });

  it('reports a paired household not visited for 14 days; a visit resets the count', async () => {
    await needWithHousehold(t);
    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: [{ id: 'v1', name: '李四' }] });
    await t.say({ from: 'v1', text: '接单 1' });
    t.clock.advance(13 * DAY);
    expect((await run()).unvisited).toBe(0);
    t.clock.advance(DAY);
    expect(await run()).toMatchObject({ unvisited: 1, messages: 1 });
    expect((await alerts())[0]!.text).toContain(
      '需求 #1 助老 · 阳光小区 · 紧急 · 已接单（志愿者：李四）派单后 14 天还没有服务记录',
    );
    await t.say({ from: 'v1', text: '服务 1 1小时 陪同买菜' });
    t.clock.advance(10 * DAY);
    expect((await run()).unvisited).toBe(0);
    t.clock.advance(5 * DAY);
    expect(await run()).toMatchObject({ unvisited: 1, messages: 1 });
    expect((await alerts())[1]!.text).toContain('已 15 天没有服务记录');
    // Thresholds are parameters.
    const later = await runPairingAlerts(t.core.deps, pairingAlertTexts, t.clock.now(), { unvisitedDays: 30 });
    expect(later.unvisited).toBe(0);
  });

  it('sends an officer with many stalled needs one message within the message size', async () => {
    for (let i = 1; i <= 40; i++) await t.say({ from: 'sec', chat: 'g1', text: `求助 就业 需要简历指导第${i}份` });
    t.clock.advance(4 * DAY);
    expect(await run()).toEqual({ unvisited: 0, unassigned: 40, messages: 1 });
    const [only] = await alerts();
    expect(only).toMatchObject({ chat: 'sec', kind: 'pairing.alert.summary' });
    expect(only!.text.length).toBeLessThanOrEqual(2_000);
    expect(only!.text.split('\n').length).toBeLessThanOrEqual(15);
    expect(only!.text).toContain('【结对提醒】40 个需求需要处理（待派单 40 个，久未服务 0 个）');
    expect(only!.text).toMatch(/……另有 \d+ 个，发送「需求列表」查看全部。/);
  });

  it('goes to the officers above when the need’s unit has none', async () => {
    await t.say({ from: 'admin', text: '建组织 第三支部 泰山区某社区党委' });
    await t.say({ from: 'admin', chat: 'g3', text: '绑定 第三支部' });
    // An officer of the committee (the parent) exists: appoint one there.
    const code = /邀请码：([A-Z2-9]{8})/.exec(await t.say({ from: 'admin', text: '邀请 书记 泰山区某社区党委' }))![1];
    await t.say({ from: 'top', text: `加入 ${code} 周书记` });
    await t.say({ from: 'admin', chat: 'g3', text: '求助 法律 需要法律咨询' });
    t.clock.advance(3 * DAY);
    await run();
    expect((await alerts()).map((a) => a.chat)).toEqual(['top']);
  });
});
