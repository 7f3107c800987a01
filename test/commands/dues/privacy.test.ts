import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/contracts/message.js';
import { NOT_STORED } from '../../../src/command/texts.js';
import { createTestCore, type SendInput, type TestCore } from '../../helpers/core.js';
import { at as wallAt, rows } from '../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';
import { tickAt } from '../../helpers/reminders.js';
import { at, BASE_FORMS, BASES, docxText, linkPath, setupDues } from '../../helpers/dues.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupDues(t);
});
afterEach(async () => {
  await t.close();
});

const seen: { input: SendInput; reply: Reply }[] = [];
async function send(input: SendInput): Promise<string> {
  const r = await t.send(input);
  for (const reply of r.replies) seen.push({ input, reply });
  return r.replies.map((x) => x.text).join('\n');
}

describe('党费 bases are private', () => {
  it('never in a group, the outbox, the logs, the audit log, the 公示 or the database files', async () => {
    await send(at('com', `党费基数 @张三 ${BASES.张三}`, 'u1'));
    await send(at('sec', `党费基数 @赵大爷 ${BASES.赵大爷} 退休`, 'u3'));
    await send(at('com', `党费基数 @李四 ${BASES.李四} 从11月`, 'u2'));
    // Typed in a group by mistake: refused, and the refusal does not repeat it.
    await send(at('com', `党费基数 @张三 ${BASES.张三}`, 'u1', 'g1'));
    await send({ from: 'u1', chat: 'g1', text: '我的党费' });
    await send({ from: 'u1', text: '我的党费' });
    await send({ from: 'sec', chat: 'g1', text: '党费' });
    await send(at('com', '交党费 @张三 12月', 'u1', 'g1'));
    await send(at('com', '交党费 @李四 11-12月', 'u2', 'g1'));
    await tickAt(t, '2026-12-05 09:00');
    await tickAt(t, '2026-12-12 09:00');
    wallAt(t, '2026-12-20 10:00');
    const links = await send({ from: 'sec', chat: 'g1', text: '导出 党费 本季度' });
    const year = await send({ from: 'sec', text: '党费导出 本年度' });

    // Who may not see a base: another member, an officer of another unit, a stranger.
    await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
    const refusals = [
      await send(at('u2', `党费基数 @张三 1000`, 'u1')),
      await send(at('admin', `党费基数 @张三 1000`, 'u1')),
      await send({ from: 'nobody', text: '我的党费' }),
    ];
    expect(refusals[0]).toContain('仅限管理员、书记、委员使用');
    expect(refusals[1]).toBe('党费基数只有党员本人和所在支部的书记、委员能设置或查看。');
    expect(refusals[2]).toContain('你还没有加入组织');

    // 1. No group reply, and no reply to anyone but the member and the unit's officers, holds a base.
    const groupReplies = seen.filter((s) => !!s.input.chat && !s.reply.direct);
    expect(groupReplies.length).toBeGreaterThanOrEqual(6);
    for (const { reply } of groupReplies) for (const b of BASE_FORMS) expect(reply.text).not.toContain(b);
    const withBase = seen.filter(({ reply }) => BASE_FORMS.some((b) => reply.text.includes(b)));
    expect(withBase.map(({ input }) => input.from)).toEqual(['com', 'sec', 'com', 'u1', 'u1']);
    for (const { input, reply } of withBase) {
      expect(reply.sensitive).toBe('dues-base');
      expect(reply.chatId).toBe(input.from);
    }

    // 2. A repeat of a message whose answer held a base gets a placeholder (nothing stored).
    const first = await t.send({ ...at('com', `党费基数 @张三 ${BASES.张三}`, 'u1'), messageId: 'base-again' });
    expect(first.replies[0]!.text).toContain(BASES.张三);
    const again = await t.send({ ...at('com', `党费基数 @张三 ${BASES.张三}`, 'u1'), messageId: 'base-again' });
    expect(again.replies[0]!.text).toBe(NOT_STORED['dues-base']);

    // 3. The outbox (reminders, lists) and the audit log hold amounts, never a base.
    const outbox = await rows(t, "SELECT kind, text FROM outbox WHERE kind LIKE 'dues.%'");
    expect(new Set(outbox.map((o) => o.kind))).toEqual(new Set(['dues.remind', 'dues.unpaid']));
    for (const o of outbox) for (const b of BASE_FORMS) expect(String(o.text)).not.toContain(b);
    const audit = await rows(t, "SELECT detail FROM audit_log WHERE action LIKE 'dues.%'");
    for (const a of audit) for (const b of BASE_FORMS) expect(String(a.detail)).not.toContain(b);

    // 4. The 公示 and the yearly summary hold none; the XLSX ledger neither.
    for (const [text, ext] of [
      [links, 'docx'],
      [links, 'xlsx'],
      [year, 'docx'],
    ] as const) {
      const res = await t.app.request(linkPath(text, ext));
      expect(res.status).toBe(200);
      const body = ext === 'docx' ? await docxText(await res.arrayBuffer()) : await xlsxText(await res.arrayBuffer());
      expect(body).toContain('张三');
      for (const b of BASE_FORMS) expect(body, `${b} in ${ext}`).not.toContain(b);
    }

    // 5. The logs hold none.
    expect(JSON.stringify(t.log.lines)).not.toMatch(new RegExp(BASE_FORMS.map((b) => b.replace('.', '\\.')).join('|')));

    // 6. The database file and its WAL hold no plaintext base, before and after a checkpoint.
    const scan = () => {
      for (const file of [t.dbPath, `${t.dbPath}-wal`, `${t.dbPath}-journal`]) {
        if (!existsSync(file)) continue;
        const bytes = readFileSync(file);
        for (const b of BASE_FORMS) {
          expect(bytes.includes(Buffer.from(b, 'utf8')), `${b} in ${file}`).toBe(false);
          expect(bytes.includes(Buffer.from(b, 'utf16le')), `${b} (UTF-16) in ${file}`).toBe(false);
        }
      }
    };
    scan();
    await t.store.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    scan();
    const sealed = await rows(t, "SELECT base_enc FROM dues_bases WHERE kind IN ('salary', 'retiree')");
    expect(sealed).toHaveLength(4);
    for (const r of sealed) expect(String(r.base_enc)).toMatch(/^enc1\.[0-9a-f]{8}\./);
    // The scan itself works: a marker written on purpose is found.
    await t.store.client.execute(
      "INSERT INTO audit_log (at, actor, action, detail) VALUES (0, 'test', 'marker', 'PLAINTEXT-MARKER-党费')",
    );
    await t.store.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(readFileSync(t.dbPath).includes(Buffer.from('PLAINTEXT-MARKER-党费'))).toBe(true);
  });

  it('a sealed base copied to another member or month does not open', async () => {
    await send(at('com', `党费基数 @张三 ${BASES.张三}`, 'u1'));
    await send(at('com', `党费基数 @李四 ${BASES.李四}`, 'u2'));
    await t.store.client.execute(
      "UPDATE dues_bases SET base_enc = (SELECT base_enc FROM dues_bases WHERE member_id = 'm-u1') " +
        "WHERE member_id = 'm-u2'",
    );
    expect(await t.say({ from: 'u2', text: '我的党费' })).toBe(
      '李四 的党费基数无法读取（数据密钥可能已更换），请重新设置。',
    );
  });
});

async function xlsxText(bytes: ArrayBuffer): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const out: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((r) => out.push(JSON.stringify(r.values)));
  return out.join('\n');
}

describe('a 党费导出 link outliving its holder’s office', () => {
  it('answers 403 once the officer it was issued to is demoted, and audits the refusal', async () => {
    wallAt(t, '2026-12-20 10:00');
    const year = await send({ from: 'sec', text: '党费导出 本年度' });
    const path = linkPath(year, 'xlsx');
    expect((await t.app.request(path)).status).toBe(200);
    expect(await t.say(at('admin', '任命 @王书记 党员', 'sec'))).toContain('已任命 王书记 为党员');
    for (const p of [path, linkPath(year, 'docx')]) {
      const res = await t.app.request(p);
      expect(res.status, p).toBe(403);
      expect(await res.json()).toEqual({ error: 'the link was issued to someone who no longer manages this unit' });
    }
    const audit = await rows(t, "SELECT action FROM audit_log WHERE action LIKE 'dues.export.download%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual([
      'dues.export.download',
      'dues.export.download_refused',
      'dues.export.download_refused',
    ]);
  });
});
