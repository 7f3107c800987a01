import { afterEach, describe, expect, it } from 'vitest';
import { NOT_STORED } from '../../../src/command/texts.js';
import { mask } from '../../../src/services/pairing/privacy.js';
import type { TestCore } from '../../helpers/core.js';
import { createWorld, HOUSEHOLD } from '../../helpers/world.js';

// The answers kept for replaying a repeated message (processed_messages): whose they are, and
// what they must never hold.

let t: TestCore;
afterEach(async () => {
  await t.close();
});

const count = async (sql: string) => Number((await t.store.client.execute(sql)).rows[0]!.n);
const storedTexts = async () =>
  (await t.store.client.execute('SELECT response FROM processed_messages')).rows.map((r) => String(r.response));

describe('a stored answer', () => {
  it('is replayed only to the same sender in the same chat; others with the id are handled as themselves', async () => {
    t = await createWorld();
    const first = await t.say({ from: 'mem', chat: 'g1', text: '签到 2', messageId: 'same-id' });
    expect(first).toContain('陈红');
    const attendance = () => count('SELECT count(*) AS n FROM attendance WHERE meeting_id = 2');
    const before = await attendance();
    // A repeat: the first answer, nothing changed.
    expect(await t.say({ from: 'mem', chat: 'g1', text: '签到 2', messageId: 'same-id' })).toBe(first);
    expect(await attendance()).toBe(before);
    // Another person sending the same id gets their own answer (not 陈红's) and their own check-in.
    const other = await t.say({ from: 'act', chat: 'g1', text: '签到 2', messageId: 'same-id' });
    expect(other).toContain('吴积极');
    expect(other).not.toContain('陈红');
    expect(await attendance()).toBe(before + 1);
    // The same person in another chat is not a repeat either: handled afresh (already checked in).
    const elsewhere = await t.say({ from: 'mem', text: '签到 2', messageId: 'same-id' });
    expect(elsewhere).toContain('已签到');
    expect(await attendance()).toBe(before + 1);
    expect(await count("SELECT count(*) AS n FROM processed_messages WHERE message_id = 'same-id'")).toBe(2);
  });

  it('of a button press is keyed by the presser too', async () => {
    t = await createWorld();
    const press = (userId: string) =>
      t.port.act({
        platform: 'playground',
        chatId: 'g1',
        userId,
        actionId: 'card-1',
        action: { type: 'notice.ack', noticeId: 1 },
      });
    const mine = await press('mem');
    expect(mine.text).toContain('陈红');
    expect((await press('mem')).text).toBe(mine.text);
    const theirs = await press('act');
    expect(theirs.text).toContain('吴积极');
    expect(await count('SELECT count(*) AS n FROM notice_acks WHERE notice_id = 1')).toBe(2);
  });

  it('never holds an export link, a file, or household data (even masked): a repeat gets a note instead', async () => {
    t = await createWorld();
    // The intake at the end of createWorld answered with a masked summary of the household.
    const masked = (['name', 'phone', 'address'] as const).map((f) => mask(f, HOUSEHOLD[f]));

    const link = await t.send({ from: 'sec', chat: 'g1', text: '导出 1', messageId: 'export-1' });
    const dm = link.replies.find((r) => r.direct)!;
    expect(dm.text).toContain('/exports/');
    expect(dm.sensitive).toBe('export-link');
    const again = await t.send({ from: 'sec', chat: 'g1', text: '导出 1', messageId: 'export-1' });
    expect(again.replies.map((r) => r.text)).toEqual(['导出链接已私信发给你。', NOT_STORED['export-link']]);

    await t.say({ from: 'sec', chat: 'g1', text: '派单 1 @陈红', mentions: [{ id: 'mem', name: '陈红' }] });
    const accepted = await t.send({ from: 'mem', text: '接单 1', messageId: 'accept-1' });
    expect(accepted.replies.some((r) => r.text.includes(HOUSEHOLD.phone))).toBe(true);
    await t.say({ from: 'mem', text: '服务 1 1.5小时 陪同买菜' });
    const card = await t.send({ from: 'sec', text: '住户 1', messageId: 'card-1' });
    expect(card.replies[0]!.text).toContain(HOUSEHOLD.address);
    const file = await t.send({ from: 'sec', text: '服务导出 本季度', messageId: 'file-1' });
    // 服务导出 answers with links to the files (built when downloaded), like 导出.
    expect(file.replies[0]).toMatchObject({ sensitive: 'export-link', text: expect.stringContaining('/exports/') });
    expect((await t.send({ from: 'sec', text: '服务导出 本季度', messageId: 'file-1' })).replies[0]!.text).toBe(
      NOT_STORED['export-link'],
    );

    const stored = (await storedTexts()).join('\n');
    expect(stored).not.toContain('/exports/');
    expect(stored).not.toContain('.csv 文件');
    for (const value of [...Object.values(HOUSEHOLD), ...masked]) expect(stored).not.toContain(value);
    expect(stored).toContain(NOT_STORED.household);
  });
});
