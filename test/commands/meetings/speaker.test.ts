import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEETING_RECORD_HEADER } from '../../../src/services/meetings/export-files.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at } from '../../helpers/meetings.js';

// A 党课 has a 主讲人: named when scheduling or in 会议设置, shown in the answer, 会议详情, the XLSX and the DOCX.

let t: TestCore;
const g1 = (from: string, text: string, mentions?: { id: string; name: string }[]) =>
  t.say({ from, chat: 'g1', text, mentions });

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张老师', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  // Another 李四 in another branch: the bare name is still unique in 第一支部.
  await addMember(t, { userId: 'u9', name: '李四', unit: '第二支部' });
});
afterEach(async () => {
  await t.close();
});

/** The private links of 导出 <编号>. */
async function links(id: number): Promise<Record<string, string>> {
  const res = await t.send({ from: 'sec', chat: 'g1', text: `导出 ${id}` });
  const out: Record<string, string> = {};
  for (const m of res.replies.find((r) => r.direct)!.text.matchAll(/(CSV|XLSX|DOCX)）?：(\S+)/g)) out[m[1]!] = m[2]!;
  return out;
}
const get = (url: string) => t.app.request(new URL(url).pathname);

describe('主讲人', () => {
  it('is named with @ or by a name unique in the unit, and shown in the answer and 会议详情', async () => {
    const lecture = await g1('sec', '会议 党课 12月3日下午3点 党员活动室 学习党章 主讲人:@张老师', [
      { id: 'u1', name: '张老师' },
    ]);
    expect(lecture).toContain('已安排会议 #1');
    expect(lecture).toContain('主讲人：张老师');
    expect(await g1('sec', '会议 党课 12月10日下午3点 主讲人:李四')).toContain('主讲人：李四');
    const detail = await g1('u2', '会议详情 1');
    expect(detail).toContain('会议 #1 党课「学习党章」 12月3日(周四) 15:00（未开始）');
    expect(detail).toContain('主讲人：张老师');
    expect(detail).toContain('地点：党员活动室');
    expect(await g1('sec', '会议设置 2 主讲人 张老师')).toBe('已更新会议 #2　主讲人：张老师');
    expect(await g1('sec', 'meeting-detail 2')).toContain('主讲人：张老师');
    expect(await g1('sec', '会议设置 2 主讲人 赵六')).toContain('找不到成员「赵六」');
  });

  it('is in the record book: the XLSX column and the DOCX line', async () => {
    await g1('sec', '会议 党课 12月1日下午3点 党员活动室 学习党章 主讲人:张老师');
    at(t, '2026-12-01 16:00');
    const l = await links(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await (await get(l.XLSX!)).arrayBuffer()) as ArrayBuffer);
    const record = (wb.getWorksheet('会议记录')!.getRow(2).values as unknown[]).slice(1);
    expect(record[MEETING_RECORD_HEADER.indexOf('主讲人')]).toBe('张老师');
    const buffer = Buffer.from(await (await get(l.DOCX!)).arrayBuffer());
    const lines = (await mammoth.extractRawText({ buffer })).value
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    expect(lines[lines.indexOf('主讲人') + 1]).toBe('张老师');
  });
});
