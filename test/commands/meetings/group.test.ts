import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, rows } from '../../helpers/meetings.js';
import { tickAt } from '../../helpers/reminders.js';

// A 党小组 is called 党小组, and one nobody belongs to yet owes no 党小组会 (本季度, the weekly digest).

let t: TestCore;
const dm = (from: string, text: string) => t.say({ from, text });
const digests = async () =>
  (await rows(t, "SELECT text FROM outbox WHERE kind = 'quarter.digest' AND chat_id = 'sec' ORDER BY id")).map((r) =>
    String(r.text),
  );

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
});
afterEach(async () => {
  await t.close();
});

describe('党小组', () => {
  it('is named 党小组 and owes 党小组会 only once it has members', async () => {
    expect(await t.say({ from: 'admin', text: '建组织 第一党小组 第一支部' })).toBe(
      '已创建党小组「第一党小组」，上级：第一支部。',
    );
    const empty = await dm('sec', '本季度');
    expect(empty).toContain('【第一支部】');
    expect(empty).not.toContain('第一党小组');
    expect(empty).not.toContain('党小组会');
    await tickAt(t, '2026-12-07 09:00');
    const [first] = await digests();
    expect(first).toContain('第一支部');
    expect(first).not.toContain('第一党小组');

    await addMember(t, { userId: 'u1', name: '张三', unit: '第一党小组' });
    expect((await dm('sec', '本季度')).split('\n')).toEqual(
      expect.arrayContaining(['【第一党小组】', '· 党小组会 已开 0/3，还差 3']),
    );
    await tickAt(t, '2026-12-14 09:00');
    const [, second] = await digests();
    expect(second).toContain('第一党小组');
  });
});
