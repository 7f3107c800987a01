import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEETING_RECORD_HEADER } from '../../../src/services/meetings/export-files.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at } from '../../helpers/meetings.js';

// Before a meeting ends nobody is 缺席 and there is no quorum verdict: 考勤 and the exports show
// what is known (签到 and 请假 so far, 未开始 / 进行中).

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '王五', unit: '第一支部' });
  await addMember(t, { userId: 'u4', name: '赵六', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });

async function download(text: string, kind: 'csv' | 'xlsx'): Promise<Response> {
  const res = await t.send({ from: 'sec', chat: 'g1', text });
  const direct = res.replies.find((r) => r.direct)!;
  const url = new RegExp(`${kind.toUpperCase()}：(\\S+)`).exec(direct.text)![1]!;
  return t.app.request(new URL(url).pathname);
}

async function workbook(text: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await (await download(text, 'xlsx')).arrayBuffer()) as ArrayBuffer);
  return wb;
}

const rowValues = (wb: ExcelJS.Workbook, sheet: string, n: number) =>
  (wb.getWorksheet(sheet)!.getRow(n).values as unknown[]).slice(1);

describe('a meeting that has not ended', () => {
  it('考勤 days ahead: no 缺席, no quorum verdict, the leave so far', async () => {
    await g1('sec', '会议 党员大会 12月4日下午3点 党员活动室 学习党章');
    await g1('u4', '请假 1 出差');
    const roll = await g1('sec', '考勤 1');
    expect(roll).toContain('（未开始，签到 12月4日(周五) 14:30 开始）');
    expect(roll).toContain('请假 1 人：赵六(出差)');
    expect(roll).toContain('未签到 4 人');
    expect(roll).not.toContain('缺席');
    expect(roll).not.toContain('不足法定人数');
    expect(roll).not.toContain('不能表决');
    expect(roll).toContain('到会正式党员 0 人（应到正式党员 5 人），会议结束后判断是否达到法定人数。');
  });

  it('the quarter XLSX and CSV count no 缺席 for 未开始 and 进行中 meetings', async () => {
    await g1('sec', '会议 党员大会 今天下午3点 党员活动室 学习党章');
    await g1('sec', '会议 党课 12月4日下午3点 活动室');
    await g1('u4', '请假 1 出差');

    let wb = await workbook('导出 本季度');
    expect(rowValues(wb, '会议', 2)).toEqual([
      1,
      '第一支部',
      '2026-12-01 15:00',
      '党员大会',
      '学习党章',
      '党员活动室',
      '未开始',
      5,
      0,
      1,
      '',
      0,
    ]);
    expect(rowValues(wb, '会议', 3)[6]).toBe('未开始');
    expect(rowValues(wb, '会议', 3)[10]).toBe('');
    // No one's quarter counts a meeting that has not happened.
    const members = wb.getWorksheet('季度考勤')!;
    members.eachRow((row, n) => {
      if (n > 1)
        expect((row.values as unknown[]).slice(4, 13), String(row.getCell(2).value)).toEqual([
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          '',
          0,
        ]);
    });

    at(t, '2026-12-01 15:05');
    await g1('u1', '签到');
    await g1('u2', '签到');
    wb = await workbook('导出 本季度');
    expect(rowValues(wb, '会议', 2).slice(6)).toEqual(['进行中', 5, 2, 1, '', 2]);

    // The meeting's own export: 缺席及原因 empty, the 法定人数 without a verdict, 未签到 in the detail.
    const csv = new TextDecoder().decode(await (await download('导出 1', 'csv')).arrayBuffer());
    const record = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')[1]!
      .split(',');
    const cell = (h: string) => record[MEETING_RECORD_HEADER.indexOf(h)];
    expect(cell('缺席及原因')).toBe('');
    expect(cell('法定人数')).toBe('到会正式党员 2/5，会议结束后判断');
    const one = await workbook('导出 1');
    const status = new Map<string, unknown>();
    one.getWorksheet('签到明细')!.eachRow((row, n) => {
      if (n > 1) status.set(String(row.getCell(1).value), row.getCell(5).value);
    });
    expect(status.get('王五')).toBe('未签到');
    expect(status.get('赵六')).toBe('请假');
    expect(status.get('张三')).toBe('迟到');

    const roll = await g1('sec', '考勤 1');
    expect(roll).toContain('（进行中，签到中，12月1日(周二) 15:30 结束）');
    expect(roll).not.toContain('不能表决');

    // Ended: now the absences and the verdict.
    at(t, '2026-12-01 16:00');
    wb = await workbook('导出 本季度');
    expect(rowValues(wb, '会议', 2).slice(6)).toEqual(['已召开', 5, 2, 1, 2, 2]);
    expect(await g1('sec', '考勤 1')).toContain(
      '到会正式党员 2 人，未超过应到正式党员 5 人的半数，不足法定人数，不能表决。',
    );
  });

  it('a meeting with an end written is 进行中 until that end, after its check-in closed', async () => {
    await g1('sec', '会议 党员大会 今天下午3点到6点 党员活动室');
    at(t, '2026-12-01 14:50');
    await g1('u1', '签到');
    at(t, '2026-12-01 16:00');
    const roll = await g1('sec', '考勤 1');
    expect(roll).toContain('（进行中，签到已结束，会议 12月1日(周二) 18:00 结束）');
    expect(roll).toContain('未签到 4 人');
    expect(roll).not.toContain('不能表决');
    at(t, '2026-12-01 18:00');
    const after = await g1('sec', '考勤 1');
    expect(after).toContain('缺席 4 人');
    expect(after).toContain('不足法定人数，不能表决');
  });
});
