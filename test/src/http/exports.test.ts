import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEETING_RECORD_HEADER, QUARTER_MEMBER_HEADER } from '../../../src/services/meetings/export-files.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '王五', unit: '第一支部', title: '预备党员' });
  await addMember(t, { userId: 'u4', name: '=赵六', unit: '第一支部' });
  await addMember(t, { userId: 'old', name: '李大爷', unit: '第一支部' });
  // One meeting with every kind of record.
  const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
  await g1('sec', '会议 党员大会 今天下午3点 党员活动室 学习党章 主持人:@王书记 记录人:@李四');
  await g1('u3', '请假 1 出差');
  at(t, '2026-12-01 14:50');
  await g1('u1', '签到');
  await g1('sec', '代签 @李大爷');
  at(t, '2026-12-01 15:07');
  await g1('u2', '签到');
  at(t, '2026-12-01 16:00');
  await g1('sec', '会议设置 1 缺席原因 @=赵六 外出务工');
  await g1('sec', '补签 1 忘带手机');
  await t.say({ from: 'admin', text: '批准 1' });
});
afterEach(async () => {
  await t.close();
});

/** Asks for an export and returns the two links from the private reply. */
async function links(text: string, chat = 'g1'): Promise<{ csv: string; xlsx: string; group: string }> {
  const res = await t.send({ from: 'sec', chat, text });
  const direct = res.replies.find((r) => r.direct)!;
  const csv = /CSV：(\S+)/.exec(direct.text)![1]!;
  const xlsx = /XLSX：(\S+)/.exec(direct.text)![1]!;
  return { csv, xlsx, group: res.replies.find((r) => !r.direct)?.text ?? '' };
}

const get = (url: string) => t.app.request(new URL(url).pathname);

/** The body as text, after checking it starts with a UTF-8 BOM (Excel needs it for Chinese). */
async function csvText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
}

/** Minimal CSV reader (quotes and doubled quotes), enough to check our own output. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\n') (row.push(cell.replace(/\r$/, '')), out.push(row), (row = []), (cell = ''));
    else cell += ch;
  }
  return out;
}

describe('导出 of one meeting', () => {
  it('sends the links privately, and serves a CSV and an XLSX shaped like the record book', async () => {
    const l = await links('导出 1');
    expect(l.group).toBe('导出链接已私信发给你。');
    expect(l.csv).toMatch(/^http:\/\/127\.0\.0\.1:8787\/exports\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.csv$/);

    const csvRes = await get(l.csv);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvRes.headers.get('cache-control')).toBe('no-store');
    expect(csvRes.headers.get('x-content-type-options')).toBe('nosniff');
    expect(csvRes.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('会议1-党员大会-2026-12-01')}.csv`,
    );
    const csv = parseCsv(await csvText(csvRes));
    expect(csv[0]).toEqual(MEETING_RECORD_HEADER);
    const rec = Object.fromEntries(MEETING_RECORD_HEADER.map((h, i) => [h, csv[1]![i]]));
    expect(rec).toMatchObject({
      编号: '1',
      组织: '第一支部',
      时间: '2026-12-01 15:00',
      地点: '党员活动室',
      类型: '党员大会',
      标题: '学习党章',
      主持人: '王书记',
      记录人: '李四',
      '应到(正式)': '5',
      '应到(预备)': '1',
      实到人数: '4',
      请假及原因: '王五（出差）',
      缺席及原因: "'=赵六（外出务工）",
      迟到: '李四（7分钟）',
      代签: '李大爷',
      补签: '王书记（忘带手机）',
      法定人数: '到会正式党员 4/5，超过半数',
    });
    expect(rec.实到!.split('、').sort()).toEqual(['张三', '李四', '李大爷', '王书记'].sort());

    const xRes = await get(l.xlsx);
    expect(xRes.status).toBe(200);
    expect(xRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xRes.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['会议记录', '签到明细', '补签申请']);
    const sheet = wb.getWorksheet('会议记录')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...MEETING_RECORD_HEADER]);
    expect(sheet.getCell('A2').value).toBe(1);
    expect(sheet.getCell('C2').value).toBe('2026-12-01 15:00');
    expect(sheet.getCell('J2').value).toBe(5);
    expect(sheet.getCell('K2').value).toBe(1);
    expect(sheet.getCell('N2').value).toBe('王五（出差）');
    // In XLSX the name is a plain string cell, never a formula.
    expect(sheet.getCell('O2').value).toBe('=赵六（外出务工）');
    const detail = wb.getWorksheet('签到明细')!;
    const people = new Map<string, unknown[]>();
    detail.eachRow((row, n) => {
      if (n > 1) people.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    expect(people.get('李四')).toEqual(['李四', '第一支部', '党员', '是', '迟到', '2026-12-01 15:07', '本人', '']);
    expect(people.get('李大爷')).toEqual(['李大爷', '第一支部', '党员', '是', '实到', '2026-12-01 14:50', '代签', '']);
    expect(people.get('王五')).toEqual(['王五', '第一支部', '预备党员', '是', '请假', '', '', '出差']);
    expect(people.get('=赵六')).toEqual(['=赵六', '第一支部', '党员', '是', '缺席', '', '', '外出务工']);
    expect(people.get('王书记')?.[6]).toBe('补签');
    // Every download is audited.
    expect(await rows(t, "SELECT action, actor FROM audit_log WHERE action LIKE 'export.%' ORDER BY id")).toEqual([
      { action: 'export.link', actor: 'playground:sec' },
      { action: 'export.download', actor: 'link:m-sec' },
      { action: 'export.download', actor: 'link:m-sec' },
    ]);
  });

  it('refuses an expired link with 410 and a tampered one with 403', async () => {
    const l = await links('导出 1');
    const path = new URL(l.csv).pathname;
    const token = path.slice('/exports/'.length, -'.csv'.length);
    const [payload, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims.target.meetingId = 2;
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
    for (const bad of [
      `/exports/${forged}.${sig}.csv`,
      `/exports/${payload}.${sig!.slice(0, -2)}AA.csv`,
      '/exports/nonsense.csv',
      `/exports/${token}.pdf`,
    ]) {
      const res = await t.app.request(bad);
      expect(res.status, bad).toBe(403);
      expect(await res.json()).toEqual({ error: 'invalid link' });
    }
    t.clock.advance(24 * 3_600_000 - 1);
    expect((await t.app.request(path)).status).toBe(200);
    t.clock.advance(1);
    const expired = await t.app.request(path);
    expect(expired.status).toBe(410);
    expect(expired.headers.get('cache-control')).toBe('no-store');
    expect(await expired.json()).toEqual({ error: 'link expired' });
  });

  it('is for officers only, and only for their units', async () => {
    expect(await t.say({ from: 'u1', text: '导出 1' })).toContain('仅限管理员、书记、委员使用');
    await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
    expect(await t.say({ from: 'sec', text: '导出 本季度 第二支部' })).toContain('你无权查看「第二支部」的考勤');
    expect(await t.say({ from: 'sec', text: '导出 明年' })).toContain('不是会议编号或季度');
    const direct = await t.send({ from: 'sec', text: '导出 1' });
    expect(direct.replies).toHaveLength(1);
    expect(direct.replies[0]!.text).toContain('仅限书记、委员使用，请勿转发');
  });
});

describe('导出 of a quarter', () => {
  it('has one row per member', async () => {
    const l = await links('导出 本季度');
    const res = await get(l.csv);
    expect(res.status).toBe(200);
    const csv = parseCsv(await csvText(res));
    expect(csv[0]).toEqual(QUARTER_MEMBER_HEADER);
    const byName = new Map(csv.slice(1).map((r) => [r[1], r]));
    expect(byName.size).toBe(6);
    expect(byName.get('李四')).toEqual(['第一支部', '李四', '党员', '1', '1', '1', '0', '0', '0', '0', '100%', '0']);
    expect(byName.get('王五')).toEqual(['第一支部', '王五', '预备党员', '1', '0', '0', '1', '0', '0', '0', '0%', '0']);
    // 赵六's absence has a recorded reason: not 无故, so no streak.
    expect(byName.get("'=赵六")).toEqual(['第一支部', "'=赵六", '党员', '1', '0', '0', '0', '1', '0', '0', '0%', '0']);

    const x = await get(l.xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await x.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['季度考勤', '会议', '三会一课']);
    const meetingsSheet = wb.getWorksheet('会议')!;
    expect((meetingsSheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      1,
      '第一支部',
      '2026-12-01 15:00',
      '党员大会',
      '学习党章',
      '党员活动室',
      '已召开',
      6,
      4,
      1,
      1,
      1,
    ]);
    const required = wb.getWorksheet('三会一课')!;
    expect((required.getRow(2).values as unknown[]).slice(1)).toEqual(['第一支部', '党员大会', 1, 0, 1]);
  });
});

describe('a link outliving its holder’s office', () => {
  it('answers 403 once the officer it was issued to is demoted, and audits the refused download', async () => {
    const l = await links('导出 1');
    const quarter = await links('导出 本季度');
    expect((await get(l.csv)).status).toBe(200);
    expect(await t.say({ from: 'admin', text: '任命 @王书记 党员' })).toContain('已任命 王书记 为党员');
    for (const url of [l.csv, l.xlsx, quarter.csv]) {
      const res = await get(url);
      expect(res.status, url).toBe(403);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ error: 'the link was issued to someone who no longer manages this unit' });
    }
    const audit = "SELECT action, actor FROM audit_log WHERE action LIKE 'export.download%' ORDER BY id";
    expect(await rows(t, audit)).toEqual([
      { action: 'export.download', actor: 'link:m-sec' },
      { action: 'export.download_refused', actor: 'link:m-sec' },
      { action: 'export.download_refused', actor: 'link:m-sec' },
      { action: 'export.download_refused', actor: 'link:m-sec' },
    ]);
    // An officer again: the same link works again (it is checked at each download, not revoked).
    await t.say({ from: 'admin', text: '任命 @王书记 书记' });
    expect((await get(l.csv)).status).toBe(200);
  });

  it('an administrator’s link stops working when they are no longer an administrator', async () => {
    const res = await t.send({ from: 'admin', text: '导出 1' });
    const url = /CSV：(\S+)/.exec(res.replies[0]!.text)![1]!;
    expect((await get(url)).status).toBe(200);
    t.core.deps.admins = new Set();
    expect((await get(url)).status).toBe(403);
  });

  it('never logs the signed path: a failing download logs the path with the token redacted', async () => {
    const l = await links('导出 1');
    const token = new URL(l.csv).pathname.slice('/exports/'.length, -'.csv'.length);
    await t.store.client.execute('DROP TABLE attendance');
    const res = await get(l.csv);
    expect(res.status).toBe(500);
    const failed = t.log.lines.filter((x) => x.msg === 'request failed');
    expect(failed.map((x) => x.fields?.path)).toEqual(['/exports/[redacted].csv']);
    expect(JSON.stringify(t.log.lines)).not.toContain(token.split('.')[1]!);
    expect(JSON.stringify(t.log.lines)).not.toContain(token.split('.')[0]!);
  });
});
