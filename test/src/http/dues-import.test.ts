import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';
import { linkPath, setupDues, xlsxOf } from '../../helpers/dues.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupDues(t);
});
afterEach(async () => {
  await t.close();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const post = (path: string, body: Uint8Array) =>
  t.app.request(path, { method: 'POST', headers: { 'content-type': XLSX }, body: body as Uint8Array<ArrayBuffer> });

async function uploadLink(from = 'com'): Promise<string> {
  const r = await t.send({ from, chat: 'g1', text: '党费导入' });
  expect(r.replies[0]!.text).toBe('链接已私信发给你。');
  expect(r.replies[1]).toMatchObject({ chatId: from, direct: true, sensitive: true });
  return linkPath(r.replies[1]!.text);
}

const GOOD = [
  ['姓名', '基数', '类别', '起始月份'],
  ['张三', 6234.56, '', ''],
  ['赵大爷', '4321.09元', '退休', ''],
  ['李四', 2876.54, '在职', '2026-11-15'],
  ['王五', '', '学生', new Date(Date.UTC(2026, 9, 1))],
];

describe('党费导入: an XLSX of bases through the one-time upload link', () => {
  it('imports every row, sealed and audited, once; the link works once', async () => {
    const path = await uploadLink();
    const page = await t.app.request(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(await page.text()).toContain('<form method="post" enctype="multipart/form-data">');

    const res = await post(path, await xlsxOf(GOOD));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { imported: number; rows: { name: string; fromMonth: number }[] };
    expect(body.imported).toBe(4);
    expect(body.rows.map((r) => [r.name, r.fromMonth])).toEqual([
      ['张三', 202612],
      ['赵大爷', 202612],
      ['李四', 202611],
      ['王五', 202610],
    ]);
    const stored = await rows(t, 'SELECT member_id, kind, base_enc, source FROM dues_bases ORDER BY id');
    expect(stored.map((r) => [r.member_id, r.kind, r.source])).toEqual([
      ['m-u1', 'salary', 'xlsx'],
      ['m-u3', 'retiree', 'xlsx'],
      ['m-u2', 'salary', 'xlsx'],
      ['m-u4', 'low_income', 'xlsx'],
    ]);
    expect(String(stored[0]!.base_enc)).toMatch(/^enc1\./);
    const audit = await rows(t, "SELECT actor, detail FROM audit_log WHERE action = 'dues.base.set'");
    expect(audit).toHaveLength(4);
    expect(audit[0]!.actor).toBe('link:m-com');
    expect(await t.say({ from: 'u1', text: '我的党费' })).toContain('基数 6234.56 元，比例 1.5%，每月 93.52 元');

    // Used: the same link again is refused, whatever it carries.
    expect((await post(path, await xlsxOf(GOOD))).status).toBe(409);
    expect((await t.app.request(path)).status).toBe(409);
  });

  it('one bad row stores nothing and names every row to fix; the link still works after', async () => {
    const path = await uploadLink();
    const res = await post(
      path,
      await xlsxOf([
        ['姓名', '基数', '类别'],
        ['张三', 6234.56, ''],
        ['不存在', 5000, ''],
        ['钱积极', 3000, ''],
        ['赵大爷', 'abc', '退休'],
        ['李四', 2000, '会员'],
        ['张三', 1000, ''],
      ]),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { problems: { row: number; problem: string }[] };
    expect(body.problems.map((p) => `${p.row} ${p.problem}`)).toEqual([
      '3 member_not_found',
      '4 not_party_member',
      '5 bad_base',
      '6 bad_kind',
      '7 duplicate_name',
    ]);
    expect(await rows(t, 'SELECT id FROM dues_bases')).toEqual([]);
    expect((await post(path, new TextEncoder().encode('not a spreadsheet'))).status).toBe(422);
    expect((await post(path, await xlsxOf([['名字'], ['张三']]))).status).toBe(422);
    expect((await post(path, await xlsxOf(GOOD))).status).toBe(200);
  });

  it('the browser form posts multipart and reads a page', async () => {
    const path = await uploadLink();
    const form = new FormData();
    form.set('file', new File([(await xlsxOf(GOOD)) as Uint8Array<ArrayBuffer>], '党费.xlsx', { type: XLSX }));
    const res = await t.app.request(path, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已导入 4 人：张三、赵大爷、李四、王五。');
  });

  it('refuses forged, expired and no-longer-officer links, and members and other officers get none', async () => {
    const path = await uploadLink();
    const forged = path.slice(0, -3) + (path.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await post(forged, await xlsxOf(GOOD))).status).toBe(403);
    t.clock.advance(31 * 60_000);
    expect((await post(path, await xlsxOf(GOOD))).status).toBe(410);
    const fresh = await uploadLink('sec');
    await t.store.client.execute("UPDATE members SET role = 'member' WHERE id = 'm-sec'");
    expect((await post(fresh, await xlsxOf(GOOD))).status).toBe(403);
    expect(await t.say({ from: 'u1', text: '党费导入' })).toContain('仅限管理员、书记、委员使用');
    expect(await t.say({ from: 'admin', text: '党费导入' })).toBe('你还不属于任何组织，请写明组织名称。');
    expect(await rows(t, 'SELECT id FROM dues_bases')).toEqual([]);
  });
});
