import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at } from '../../helpers/meetings.js';
import { jpegBytes, sendFiles } from '../../helpers/records.js';

let t: TestCore;
const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const dm = (from: string, text: string) => t.say({ from, text });

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '王五', unit: '第一支部', title: '预备党员' });
  await addMember(t, { userId: 'u4', name: '赵六', unit: '第一支部' });
  await g1('sec', '会议 党员大会 今天下午3点 党员活动室 学习党章 主持人:@王书记 记录人:@张三');
  await g1('u3', '请假 1 出差');
  at(t, '2026-12-01 14:50');
  await g1('u1', '签到');
  await g1('sec', '签到');
  await g1('u2', '签到');
  at(t, '2026-12-01 15:20');
  await sendFiles(t, { from: 'u2', chat: 'g1', files: [{ bytes: await jpegBytes(1200, 900) }] });
  at(t, '2026-12-01 16:00');
  await g1('sec', '会议设置 1 缺席原因 @赵六 外出务工');
  await dm('u1', '纪要 1');
  await dm('u1', '议题：学习新修订的党章');
  await dm('u1', '发言：王书记：要把学习落到实处。\n李四：结合岗位谈体会。');
  await dm('u1', '决议：每月开展一次集中学习');
  await dm('u1', '完成');
});
afterEach(async () => {
  await t.close();
});

/** The links of 导出 from the private reply. */
async function exportLinks(text: string): Promise<Record<string, string>> {
  const res = await t.send({ from: 'sec', chat: 'g1', text });
  expect(res.replies.find((r) => !r.direct)?.text).toBe('导出链接已私信发给你。');
  const direct = res.replies.find((r) => r.direct)!;
  // The links grant the files: the reply is sent once and never stored.
  expect(direct.sensitive).toBe(true);
  const out: Record<string, string> = {};
  for (const m of direct.text.matchAll(/(CSV|XLSX|DOCX|ZIP)）?：(\S+)/g)) out[m[1]!] = m[2]!;
  return out;
}

const get = (url: string) => t.app.request(new URL(url).pathname);

describe('导出 <编号>: the record book as a .docx', () => {
  it('holds the header, attendance with names and reasons, the sections, the photo and both signatures', async () => {
    at(t, '2026-12-09 10:00');
    await dm('sec', '确认纪要 1');
    const links = await exportLinks('导出 1');
    expect(Object.keys(links).sort()).toEqual(['CSV', 'DOCX', 'XLSX']);
    const res = await get(links.DOCX!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers.get('content-disposition')).toContain(
      encodeURIComponent('会议1-党员大会-2026-12-01-记录') + '.docx',
    );
    const buffer = Buffer.from(await res.arrayBuffer());
    const { value: text } = await mammoth.extractRawText({ buffer });
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const after = (label: string) => lines[lines.indexOf(label) + 1];
    expect(lines[0]).toBe('第一支部 会议记录');
    expect(after('会议名称')).toBe('党员大会：学习党章');
    expect(after('时间')).toBe('2026-12-01 15:00');
    expect(after('地点')).toBe('党员活动室');
    expect(after('主持人')).toBe('王书记');
    expect(after('记录人')).toBe('张三');
    expect(after('应到')).toBe('5 人（正式党员 4 人，预备党员 1 人）');
    expect(after('实到')).toBe('3 人：李四、王书记、张三');
    expect(after('请假')).toBe('1 人：王五（出差）');
    expect(after('缺席')).toBe('1 人：赵六（外出务工）');
    expect(after('列席')).toBe('无');
    // The content, in its sections, in order.
    const content = lines.slice(lines.indexOf('会议内容'), lines.indexOf('会议照片及附件'));
    expect(content).toEqual([
      '会议内容',
      '议题',
      '学习新修订的党章',
      '发言',
      '王书记:要把学习落到实处。',
      '李四:结合岗位谈体会。',
      '决议',
      '每月开展一次集中学习',
    ]);
    expect(lines).toContain('照片 1:李四 2026-12-01 15:20'.replace(':', '：'));
    expect(lines.slice(-2)).toEqual(['主持人：王书记 于 12月9日 确认', '记录人：张三 于 12月1日 记录（纪要第 1 版）']);
    // The photo is in the document (as its thumbnail).
    const { value: html } = await mammoth.convertToHtml({ buffer });
    expect(html.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(1);
  });

  it('shows an unsigned line while the 主持人 has not confirmed', async () => {
    const links = await exportLinks('导出 1');
    const buffer = Buffer.from(await (await get(links.DOCX!)).arrayBuffer());
    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text).toContain('主持人（签字）：________（纪要未经主持人确认）');
    // A meeting link gives no .zip.
    expect((await get(links.DOCX!.replace(/\.docx$/, '.zip'))).status).toBe(404);
  });
});

describe('导出 本季度: the quarter bundle', () => {
  it('is a .zip with the .docx of every meeting held in the quarter', async () => {
    await g1('sec', '会议 支委会 12月3日下午3点 会议室');
    await g1('sec', '会议 党课 12月20日下午3点 会议室');
    at(t, '2026-12-05 10:00');
    const links = await exportLinks('导出 本季度');
    expect(Object.keys(links).sort()).toEqual(['CSV', 'XLSX', 'ZIP']);
    const res = await get(links.ZIP!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const names = Object.keys(zip.files).sort();
    // The 党课 of 12月20日 has not been held yet.
    expect(names).toEqual(['会议1-党员大会-2026-12-01-记录.docx', '会议2-支委会-2026-12-03-记录.docx']);
    const first = await zip.file(names[0]!)!.async('nodebuffer');
    const { value: text } = await mammoth.extractRawText({ buffer: first });
    expect(text).toContain('每月开展一次集中学习');
    const second = await zip.file(names[1]!)!.async('nodebuffer');
    expect((await mammoth.extractRawText({ buffer: second })).value).toContain('（尚未记录纪要）');
  });
});
