import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

// 代签 is an officer vouching for a member without a phone: never for themselves, and no later
// than 补签 could be asked for (src/services/meetings/proxy.ts).

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
  at(t, '2026-12-01 10:00');
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'com', name: '周委员', unit: '第一支部', title: '委员' });
  await addMember(t, { userId: 'old', name: '李大爷', unit: '第一支部' });
  // 15:00–15:30 with the default window: check-in closes at 15:30.
  await t.say({ from: 'sec', chat: 'g1', text: '会议 党员大会 今天下午3点 党员活动室' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string, mentions: { id: string; name: string }[] = []) =>
  t.say({ from, chat: 'g1', text, mentions });

describe('代签', () => {
  it('for oneself is refused, by mention and by name, in the window and after it', async () => {
    at(t, '2026-12-01 14:50');
    expect(await g1('sec', '代签 @王书记 1', [{ id: 'sec', name: '王书记' }])).toContain('不能为自己代签');
    expect(await g1('com', '代签 @周委员')).toContain('不能为自己代签');
    at(t, '2026-12-02 09:00');
    expect(await g1('sec', '代签 @王书记 1')).toContain('不能为自己代签');
    expect(await rows(t, 'SELECT count(*) AS n FROM attendance')).toEqual([{ n: 0 }]);
    // For someone else it is what it always was; a fellow officer may vouch for the secretary.
    expect(await g1('sec', '代签 @李大爷 1')).toBe('已为 李大爷 代签（会议 #1）。');
    expect(await g1('com', '代签 @王书记 1')).toBe('已为 王书记 代签（会议 #1）。');
  });

  it('obeys the same 7-day limit as 补签', async () => {
    // Seven days after the window closed (15:30 on the 1st) it still works; a minute later it does not.
    at(t, '2026-12-08 15:30');
    expect(await g1('sec', '补签 1 出差')).toContain('补签');
    at(t, '2026-12-08 15:31');
    expect(await g1('sec', '代签 @李大爷 1')).toContain('代签和补签一样须在会后 7 天内，会议 #1 已超过期限');
    expect(await t.say({ from: 'old', text: '补签 1 忘了' })).toContain('补签须在会后 7 天内申请');
    expect(await rows(t, "SELECT count(*) AS n FROM attendance WHERE method = 'proxy'")).toEqual([{ n: 0 }]);
    at(t, '2026-12-08 15:30');
    expect(await g1('sec', '代签 @李大爷 1')).toBe('已为 李大爷 代签（会议 #1）。');
  });
});
