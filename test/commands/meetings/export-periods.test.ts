import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at } from '../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';

let t: TestCore | undefined;
afterEach(async () => t?.close());

/** The target signed into the first export link of an answer. */
function target(answer: string): unknown {
  const token = /\/exports\/([^.]+)\./.exec(answer)?.[1];
  if (!token) throw new Error(`no link in ${answer}`);
  return (JSON.parse(Buffer.from(token, 'base64url').toString()) as { target: unknown }).target;
}

describe('导出 and 服务导出 read a quarter as people name it', () => {
  it('exports the quarter named in words, numerals or as a month it contains', async () => {
    t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
    await t.say({ from: 'sec', text: `加入 ${await setupBranch(t, { title: '书记' })} 周书记` });
    at(t, '2026-12-07 10:00');
    const q = (year: number, quarter: number) => expect.objectContaining({ kind: 'quarter', year, quarter });
    const cases: [string, number, number, string][] = [
      ['导出 2026年第四季度', 2026, 4, '「第一支部」2026年第4季度考勤 导出'],
      ['导出 2026Q4', 2026, 4, '2026年第4季度考勤 导出'],
      ['导出 第四季度', 2026, 4, '2026年第4季度考勤 导出'],
      ['导出 三季度', 2026, 3, '2026年第3季度考勤 导出'],
      ['导出 上季度', 2026, 3, '2026年第3季度考勤 导出'],
      ['导出 去年第四季度', 2025, 4, '2025年第4季度考勤 导出'],
      ['导出 2026年10月', 2026, 4, '2026年第4季度考勤（10月所在季度） 导出'],
      ['导出 Q1', 2026, 1, '2026年第1季度考勤 导出'],
    ];
    for (const [text, year, quarter, label] of cases) {
      const answer = await t.say({ from: 'sec', text });
      expect(answer, text).toContain(label);
      expect(target(answer), text).toEqual(q(year, quarter));
    }
    expect(await t.say({ from: 'sec', text: '导出 第五季度' })).toContain('「第五季度」不是会议编号或季度');
  });

  it('服务导出 takes the same quarter words, and 评价 a star rating', async () => {
    t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
    await t.say({ from: 'sec', text: `加入 ${await setupBranch(t, { title: '书记' })} 周书记` });
    await addMember(t, { userId: 'v1', name: '王五', unit: '第一支部' });
    await t.say({ from: 'sec', text: '求助 助老 陪同买菜 阳光小区' });
    await t.say({ from: 'v1', text: '志愿者 买菜' });
    await t.say({ from: 'sec', text: '派单 1 @王五', mentions: [{ id: 'v1', name: '王五' }] });
    await t.say({ from: 'v1', text: '接单 1' });
    await t.say({ from: 'v1', text: '服务 1 1小时 买菜' });
    expect(await t.say({ from: 'sec', text: '评价 1 五星' })).toContain('的评价：5 分');
    expect(await t.say({ from: 'sec', text: '服务导出 2026年第四季度' })).toContain(
      '志愿服务记录 2026年第4季度，共 1 条',
    );
    expect(await t.say({ from: 'sec', text: '服务导出 第四季度' })).toContain('志愿服务记录 2026年第4季度，共 1 条');
    expect(await t.say({ from: 'sec', text: '服务导出 12月' })).toContain('志愿服务记录 2026年12月，共 1 条');
  });
});
