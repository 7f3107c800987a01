import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../../src/db/schema.js';
import { enqueue, outboxKey } from '../../../src/outbox/enqueue.js';
import { Work } from '../../../src/contracts/work.js';
import { outboxWithNotices } from '../../helpers/outbox-fixture.js';

let db: Awaited<ReturnType<typeof outboxWithNotices>>;
beforeEach(async () => {
  db = await outboxWithNotices(0);
});
afterEach(async () => {
  await db.close();
});

describe('enqueue', () => {
  it('writes every field as given, in order, and ignores a second copy of the same message', async () => {
    const now = new Date('2026-12-01T02:00:00Z');
    const later = new Date('2026-12-02T01:00:00Z');
    const work = new Work(db.store.db, now);
    const text = '引号 \' " 和换行\n都保留；emoji 🎉';
    enqueue(work, [
      {
        platform: 'lark',
        chatId: 'oc_1',
        kind: 'notice',
        ref: '7',
        text,
        mentions: [{ id: 'ou_1', name: '张三' }],
        payload: { noticeId: 7 },
        notBefore: later,
        unitId: 'u1',
      },
      { platform: 'wechat', chatId: 'wxid_2', direct: true, kind: 'reminder', ref: 'r1', text: '提醒' },
      { platform: 'lark', chatId: 'oc_1', kind: 'notice', ref: '7', text: 'a duplicate' },
    ]);
    await db.store.batch(work.writes);
    const again = new Work(db.store.db, now);
    enqueue(again, [{ platform: 'lark', chatId: 'oc_1', kind: 'notice', ref: '7', text: 'again' }]);
    await db.store.batch(again.writes);
    const rows = await db.store.db.select().from(outbox).orderBy(outbox.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      platform: 'lark',
      chatId: 'oc_1',
      direct: false,
      kind: 'notice',
      ref: '7',
      text,
      mentions: '[{"id":"ou_1","name":"张三"}]',
      payload: '{"noticeId":7}',
      idemKey: outboxKey({ kind: 'notice', ref: '7', platform: 'lark', chatId: 'oc_1' }),
      unitId: 'u1',
      status: 'pending',
      attempts: 0,
      notBefore: later.getTime(),
      createdAt: now.getTime(),
    });
    expect(rows[1]).toMatchObject({
      direct: true,
      payload: null,
      unitId: null,
      notBefore: now.getTime(),
      idemKey: 'reminder:r1:wechat:u:wxid_2',
    });
    const types = await db.store.client.execute(
      'SELECT typeof(direct) AS d, typeof(not_before) AS n, typeof(created_at) AS c FROM outbox',
    );
    expect(types.rows.every((r) => r.d === 'integer' && r.n === 'integer' && r.c === 'integer')).toBe(true);
  });

  it('commits nothing when the batch it belongs to fails', async () => {
    const work = new Work(db.store.db, new Date());
    enqueue(work, [{ platform: 'lark', chatId: 'oc_1', kind: 'notice', ref: '1', text: 'x' }]);
    work.write(
      db.store.db.insert(outbox).values({
        id: 1,
        platform: 'x',
        chatId: 'x',
        kind: 'x',
        ref: 'x',
        text: 'x',
        idemKey: 'x',
        notBefore: 0,
        createdAt: 0,
      }),
    );
    await expect(db.store.batch(work.writes)).rejects.toThrow();
    expect(await db.store.db.select().from(outbox)).toEqual([]);
  });
});
