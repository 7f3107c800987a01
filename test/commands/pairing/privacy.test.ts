import { readFileSync, existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/contracts/message.js';
import { SENSITIVE_PLACEHOLDER } from '../../../src/command/dispatch.js';
import { runPairingAlerts } from '../../../src/services/pairing/alerts.js';
import { pairingAlertTexts } from '../../../commands/pairing/texts.js';
import { createTestCore, type SendInput, type TestCore } from '../../helpers/core.js';
import { HOUSEHOLD, setupPairing, TEST_DATA_KEY } from '../../helpers/pairing.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
  await setupPairing(t);
});
afterEach(async () => {
  await t.close();
});

const SECRETS = Object.values(HOUSEHOLD);
const OTHER = { name: '周桂兰', phone: '0538-8231234', address: '幸福小区2号楼1单元301' };

/** Every reply of the scenario, with the chat type it was asked in. */
const seen: { input: SendInput; reply: Reply }[] = [];
async function send(input: SendInput): Promise<string> {
  const r = await t.send(input);
  for (const reply of r.replies) seen.push({ input, reply });
  return r.replies.map((x) => x.text).join('\n');
}
const inGroup = (s: { input: SendInput; reply: Reply }) => !!s.input.chat && !s.reply.direct;

async function intake(h: typeof HOUSEHOLD | typeof OTHER, text: string): Promise<void> {
  await send({ from: 'sec', chat: 'g1', text });
  for (const answer of ['同意', h.name, h.phone, h.address, '确认']) await send({ from: 'sec', text: answer });
}

describe('household privacy, end to end', () => {
  it(
    'personal data never reaches a group, the outbox, ' + 'the logs or the database file; only the right people see it',
    async () => {
      await send({ from: 'v1', chat: 'g1', text: '志愿者 护理,买菜 阳光小区 周末' });
      await send({ from: 'v2', chat: 'g1', text: '志愿者 陪聊 幸福小区 工作日晚上' });
      await intake(HOUSEHOLD, '求助 助老 每周六上午陪同买菜 阳光小区 紧急');
      await intake(OTHER, '求助 心理 需要谈心 幸福小区');
      await send({ from: 'sec', chat: 'g1', text: '需求列表' });
      await send({ from: 'sec', chat: 'g1', text: '结对 1' });
      await send({ from: 'sec', chat: 'g1', text: '派单 1 @李四', mentions: [{ id: 'v1', name: '李四' }] });
      await send({ from: 'sec', chat: 'g1', text: '派单 2 @赵六', mentions: [{ id: 'v2', name: '赵六' }] });
      await send({ from: 'v1', chat: 'g1', text: '接单 1' });
      await send({ from: 'v2', chat: 'g1', text: '接单 2' });
      await send({ from: 'v1', text: '住户 1' });
      await send({ from: 'sec', text: '住户 1' });
      await send({ from: 'admin', text: '住户 1' });
      await send({ from: 'v1', chat: 'g1', text: '服务 1 2小时 陪同买菜' });
      await send({ from: 'sec', chat: 'g1', text: '评价 1 5 很好' });
      await send({ from: 'sec', chat: 'g1', text: '结对统计' });
      await send({ from: 'sec', chat: 'g1', text: '服务导出' });
      await send({ from: 'v1', chat: 'g1', text: '我的' });
      t.clock.advance(20 * 86_400_000);
      await runPairingAlerts(t.core.deps, pairingAlertTexts, t.clock.now());

      // Who may not see need #1's household: the volunteer of another need, a member and an officer
      // of another unit, a member of the same unit who is not paired with it, and a stranger.
      const refusals = [
        await send({ from: 'v2', text: '住户 1' }),
        await send({ from: 'x1', text: '住户 1' }),
        await send({ from: 'sec2', text: '住户 1' }),
        await send({ from: 'nobody', text: '住户 1' }),
        await send({ from: 'x1', chat: 'g2', text: '需求列表' }),
        await send({ from: 'sec2', chat: 'g2', text: '需求列表 全部' }),
      ];
      expect(refusals[0]).toContain('你无权查看需求 #1 的住户信息');
      expect(refusals[1]).toContain('你无权查看需求 #1 的住户信息');
      expect(refusals[2]).toContain('你无权查看需求 #1 的住户信息');
      expect(refusals[3]).toContain('你还没有加入组织');
      expect(refusals[4]).toContain('仅限管理员、书记、委员使用');
      expect(refusals[5]).toBe('「第二支部」没有全部的需求。');
      for (const text of refusals) for (const s of SECRETS) expect(text).not.toContain(s);

      // 1. No group reply holds any of it.
      const groupReplies = seen.filter(inGroup);
      expect(groupReplies.length).toBeGreaterThan(15);
      for (const { reply } of groupReplies)
        for (const s of [...SECRETS, ...Object.values(OTHER)]) expect(reply.text).not.toContain(s);

      // 2. Direct replies hold it only when marked sensitive, and only for the paired volunteer and the officers.
      const withData = seen.filter(({ reply }) => SECRETS.some((s) => reply.text.includes(s)));
      // The intake's own echoes to the officer typing it (name, phone, the confirmation) come first.
      expect(withData.map(({ input }) => input.from)).toEqual(['sec', 'sec', 'sec', 'v1', 'v1', 'sec', 'admin']);
      for (const { reply } of withData) expect(reply.sensitive).toBe(true);
      for (const { input, reply } of withData) expect(reply.chatId).toBe(input.from);
      const v2Saw = seen.filter(({ input, reply }) => input.from === 'v2' && reply.text.includes(OTHER.phone));
      expect(v2Saw).toHaveLength(1); // v2 sees only their own household's card, on 接单 2

      // 3. Every view is in the audit log, with who viewed.
      const views = await t.store.client.execute(
        `SELECT actor, target FROM audit_log WHERE action = 'pairing.household.view' ORDER BY id`,
      );
      expect(views.rows.map((r) => `${r.actor} ${r.target}`)).toEqual([
        'playground:v1 need:1',
        'playground:v2 need:2',
        'playground:v1 need:1',
        'playground:sec need:1',
        'playground:admin need:1',
      ]);
      expect(
        (await t.store.client.execute(`SELECT count(*) AS n FROM audit_log WHERE action = 'pairing.export'`)).rows[0]!
          .n,
      ).toBe(1);

      // 4. Nothing in the outbox (group or direct) holds it; the alerts reached the officers.
      const outbox = await t.store.client.execute('SELECT direct, kind, text, payload FROM outbox');
      expect(outbox.rows.some((r) => String(r.kind).startsWith('pairing.alert.'))).toBe(true);
      expect(outbox.rows.some((r) => r.direct === 0)).toBe(false); // pairing never writes to groups via the outbox
      for (const row of outbox.rows)
        for (const s of [...SECRETS, ...Object.values(OTHER)]) expect(`${row.text}${row.payload}`).not.toContain(s);

      // 5. A repeat of a message whose answer held personal data gets a placeholder, not the data.
      const first = await t.send({ from: 'v1', text: '住户 1', messageId: 'view-again' });
      expect(first.replies[0]!.text).toContain(HOUSEHOLD.phone);
      const again = await t.send({ from: 'v1', text: '住户 1', messageId: 'view-again' });
      expect(again.replies[0]!.text).toBe(SENSITIVE_PLACEHOLDER);

      // 6. The logs hold none of it.
      expect(JSON.stringify(t.log.lines)).not.toMatch(new RegExp(SECRETS.join('|')));

      // 7. The database file and its WAL hold no plaintext, before and after a checkpoint.
      const scan = () => {
        for (const file of [t.dbPath, `${t.dbPath}-wal`, `${t.dbPath}-journal`]) {
          if (!existsSync(file)) continue;
          const bytes = readFileSync(file);
          for (const s of [...SECRETS, ...Object.values(OTHER)]) {
            expect(bytes.includes(Buffer.from(s, 'utf8')), `${s} in ${file}`).toBe(false);
            expect(bytes.includes(Buffer.from(s, 'utf16le')), `${s} (UTF-16) in ${file}`).toBe(false);
          }
        }
      };
      scan();
      await t.store.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      scan();
      // …and the data is there, sealed: three ciphertexts per household.
      const sealed = await t.store.client.execute('SELECT name_enc, phone_enc, address_enc FROM needs ORDER BY id');
      for (const row of sealed.rows)
        for (const v of Object.values(row)) expect(String(v)).toMatch(/^enc1\.[0-9a-f]{8}\./);
      // The scan itself works: a plaintext marker written on purpose is found.
      await t.store.client.execute(
        `INSERT INTO audit_log (at, actor, action, detail) VALUES (0, 'test', 'marker', 'PLAINTEXT-MARKER-月亮')`,
      );
      await t.store.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      expect(readFileSync(t.dbPath).includes(Buffer.from('PLAINTEXT-MARKER-月亮'))).toBe(true);
    },
  );
});
