import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await t.say({
    from: 'sec',
    chat: 'g1',
    text: '会议 党员大会 今天下午3点 党员活动室 学习党章 主持人:@王书记 记录人:@张三',
  });
});
afterEach(async () => {
  await t.close();
});

const dm = (from: string, text: string) => t.say({ from, text });

describe('纪要: minutes in several messages', () => {
  it('takes several messages with 议题/发言/决议 headings, finishes with 完成 and asks the 主持人 to confirm', async () => {
    expect(await dm('u1', '纪要 1')).toContain('会议 #1 还没开始');
    at(t, '2026-12-01 16:30');
    expect(await dm('u1', '纪要 1')).toContain('开始记录 #1 党员大会「学习党章」');
    expect(await dm('u1', '议题：学习新修订的党章\n传达上级精神')).toContain('议题 1 段');
    expect(await dm('u1', '发言：\n王书记：要把学习落到实处。\n李四：结合岗位谈体会。')).toContain(
      '议题 1 段、发言 1 段',
    );
    expect(await dm('u1', '【决议】\n每月开展一次集中学习')).toContain('议题 1 段、发言 1 段、决议 1 段');
    // The draft is stored as each message arrives (nothing is lost before 完成).
    expect(await rows(t, 'SELECT count(*) AS n FROM minutes')).toEqual([{ n: 0 }]);
    expect((await rows(t, 'SELECT body FROM minutes_drafts'))[0]!.body).toContain('每月开展一次集中学习');
    const done = await dm('u1', '完成');
    expect(done).toContain('会议 #1 的纪要第 1 版已保存（议题 1 段、发言 1 段、决议 1 段）');
    expect(done).toContain('已私信主持人 王书记 确认');
    const [toHost] = await rows(t, "SELECT chat_id AS chatId, direct, text FROM outbox WHERE kind = 'minutes.confirm'");
    expect(toHost).toMatchObject({ chatId: 'sec', direct: 1 });
    expect(String(toHost!.text)).toContain('【议题】\n学习新修订的党章');
    expect(String(toHost!.text)).toContain('核对无误请回复「确认纪要 1」');
    // After 完成 plain messages are plain again.
    expect(await dm('u1', '随便说一句')).toContain('没有「随便说一句」这个命令');
  });

  it('keeps earlier versions when minutes are added to, and audits each version', async () => {
    at(t, '2026-12-01 16:30');
    await dm('u1', '纪要 1');
    await dm('u1', '议题：学习党章');
    await dm('u1', '完成');
    const again = await dm('u1', '纪要 1');
    expect(again).toContain('现有纪要（第 1 版）');
    expect(again).toContain('【议题】\n学习党章');
    await dm('u1', '决议：下月交心得');
    expect(await dm('u1', '完成')).toContain('第 2 版已保存（议题 1 段、决议 1 段）');
    const versions = await rows(t, 'SELECT version, body FROM minutes ORDER BY version');
    expect(versions).toEqual([
      { version: 1, body: '议题:学习党章' },
      { version: 2, body: '议题:学习党章\n决议:下月交心得' },
    ]);
    const audit = await rows(t, "SELECT action, detail FROM audit_log WHERE action = 'minutes.version'");
    expect(audit.map((a) => a.detail)).toEqual(['{"version":1}', '{"version":2}']);
    // 重写 replaces the text in a new version; the old ones stay.
    await dm('u1', '纪要 1 重写');
    await dm('u1', '只有一行');
    await dm('u1', '完成');
    expect(await rows(t, 'SELECT version, body FROM minutes WHERE version = 3')).toEqual([
      { version: 3, body: '只有一行' },
    ]);
  });

  it('refuses people who are neither the 记录人 nor an officer, and 完成 with nothing written', async () => {
    at(t, '2026-12-01 16:30');
    expect(await dm('u2', '纪要 1')).toBe('只有会议 #1 的记录人、主持人或本组织的书记、委员可以记录。');
    expect(await t.say({ from: 'u1', chat: 'g1', text: '纪要 1' })).toBe('「纪要」请私聊我使用。');
    expect(await dm('u1', '纪要 99')).toBe('没有编号为 99 的会议。');
    expect(await dm('u1', '纪要 abc')).toContain('用法：纪要 <编号> [重写]');
    await dm('sec', '纪要 1');
    expect(await dm('sec', '完成')).toContain('还没有写纪要内容');
  });
});

describe('确认: the 主持人 confirms', () => {
  it('is accepted from the 主持人 only, once per version, and a new version needs a new confirmation', async () => {
    at(t, '2026-12-01 16:30');
    await dm('u1', '纪要 1');
    await dm('u1', '议题：学习党章');
    expect(await dm('sec', '确认纪要 1')).toContain('会议 #1 还没有纪要');
    await dm('u1', '完成');
    at(t, '2026-12-09 10:00');
    expect(await dm('u1', '确认纪要 1')).toBe('只有会议 #1 的主持人 王书记可以确认纪要。');
    expect(await dm('u2', '确认纪要 1')).toBe('只有会议 #1 的主持人 王书记可以确认纪要。');
    expect(await rows(t, 'SELECT count(*) AS n FROM minutes_confirmations')).toEqual([{ n: 0 }]);
    expect(await dm('sec', '确认纪要 1')).toBe(
      '已确认会议 #1 的纪要（第 1 版）。记录显示：主持人 王书记 于 12月9日 确认。',
    );
    expect(await dm('sec', '确认纪要 1')).toBe('会议 #1 的纪要（第 1 版）已于 12月9日 确认，无需重复确认。');
    await dm('u1', '纪要 1');
    await dm('u1', '决议：补充一条');
    await dm('u1', '完成');
    expect(await dm('sec', '确认纪要 1')).toContain('第 2 版');
    expect(await rows(t, 'SELECT version, member_id FROM minutes_confirmations ORDER BY version')).toEqual([
      { version: 1, member_id: 'm-sec' },
      { version: 2, member_id: 'm-sec' },
    ]);
  });
});
