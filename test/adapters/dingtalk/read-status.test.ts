import { afterEach, describe, expect, it } from 'vitest';
import { createDingTalkTest, type DingTalkTest } from '../../helpers/dingtalk.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';

let d: DingTalkTest;
afterEach(async () => {
  await d.close();
});

const GROUP = 'cidGroup1';

/** Sends one row by the robot API and answers the processQueryKey DingTalk gave it. */
async function sendRow(o: { chatId: string; direct?: boolean; kind?: string }): Promise<string> {
  const [row] = await enqueueRows(d.t, [
    {
      platform: 'dingtalk',
      chatId: o.chatId,
      direct: o.direct ?? false,
      kind: o.kind ?? 'notice',
      ref: `r${d.fake.sent.length}`,
      text: '请周五前完成学习。',
      payload: { noticeId: 1 },
    },
  ]);
  await d.adapter.deliverer.deliver(row!);
  return d.fake.sent.at(-1)!.key!;
}

describe('DingTalk read status', () => {
  it('a group message: every page of groupMessages/query, asked with its chat and robotCode', async () => {
    d = await createDingTalkTest();
    const key = await sendRow({ chatId: GROUP });
    const staff = Array.from({ length: 5 }, (_, i) => `u${i + 1}`);
    d.fake.reads.read(key, staff);
    d.fake.reads.pageSize = 2;
    const now = d.t.clock.now().getTime();
    const readers = await d.adapter.receipts.readers({
      chatId: GROUP,
      direct: false,
      platformMessageId: key,
      sentAt: now,
    });
    expect(readers.sort()).toEqual(staff);
    // Three pages of two, each asking the most DingTalk allows (200), the later ones by nextToken.
    expect(d.fake.reads.queries.map((q) => [q.api, q.nextToken ?? '', q.maxResults])).toEqual([
      ['group', '', 200],
      ['group', '2', 200],
      ['group', '4', 200],
    ]);
  });

  it('nobody has read it yet: no readers, one call', async () => {
    d = await createDingTalkTest();
    const key = await sendRow({ chatId: GROUP });
    const m = { chatId: GROUP, direct: false, platformMessageId: key, sentAt: d.t.clock.now().getTime() };
    expect(await d.adapter.receipts.readers(m)).toEqual([]);
    expect(d.fake.reads.queries).toHaveLength(1);
  });

  it('a direct message: oToMessages/readStatus, READ recipients only; older than 24 h is not asked', async () => {
    d = await createDingTalkTest();
    const key = await sendRow({ chatId: 'u1', direct: true, kind: 'reminder' });
    // The key holds "+", "/" and "=" (as DingTalk's do): it must go URL-encoded.
    expect(key).toMatch(/[+/=]/);
    const sentAt = d.t.clock.now().getTime();
    const m = { chatId: 'u1', direct: true, platformMessageId: key, sentAt };
    expect(await d.adapter.receipts.readers(m)).toEqual([]);
    d.fake.reads.read(key, ['u1']);
    expect(await d.adapter.receipts.readers(m)).toEqual(['u1']);
    expect(d.fake.reads.queries.map((q) => q.api)).toEqual(['oto', 'oto']);
    d.t.clock.advance(25 * 3_600_000);
    await expect(d.adapter.receipts.readers(m)).rejects.toMatchObject({ opts: { permanent: true } });
    expect(d.fake.reads.queries).toHaveLength(2);
  });

  it('a key DingTalk does not know is a permanent error, not an empty list', async () => {
    d = await createDingTalkTest();
    const m = { chatId: GROUP, direct: false, platformMessageId: 'pqk-unknown', sentAt: d.t.clock.now().getTime() };
    await expect(d.adapter.receipts.readers(m)).rejects.toMatchObject({ opts: { permanent: true } });
  });
});
