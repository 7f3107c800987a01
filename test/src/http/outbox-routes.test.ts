import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { addMember, rows } from '../../helpers/meetings.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';

const TOKEN = 'test-core-token';
let t: TestCore;
afterEach(async () => {
  await t.close();
});

async function post(
  path: string,
  body: unknown,
  token: string | null = TOKEN,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await t.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const wechatRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    platform: 'wechat',
    chatId: `r${i}@chatroom`,
    kind: 'notice',
    ref: '1',
    text: `通知 ${i}`,
  }));

describe('outbox routes for a gateway', () => {
  it('refuse requests without the token, and refuse to work at all when the core has no CORE_TOKEN', async () => {
    t = await createTestCore();
    expect((await post('/v1/outbox/claim', { platform: 'wechat', owner: 'g1' }, null)).status).toBe(403);
    await t.close();
    t = await createTestCore({ env: { CORE_TOKEN: TOKEN } });
    expect((await post('/v1/outbox/claim', { platform: 'wechat', owner: 'g1' }, null)).status).toBe(401);
    expect((await post('/v1/outbox/claim', { platform: 'wechat', owner: 'g1' }, 'wrong')).status).toBe(401);
    expect(await post('/v1/outbox/claim', { platform: 'WeChat', owner: 'g1' })).toMatchObject({
      status: 400,
      json: { field: 'platform' },
    });
    // The playground is relayed by the core itself: a gateway may not race it for those rows.
    expect((await post('/v1/outbox/claim', { platform: 'playground', owner: 'g1' })).status).toBe(409);
  });

  it('lease rows to one gateway at a time; a dead gateway’s rows are claimed again after the lease', async () => {
    t = await createTestCore({ env: { CORE_TOKEN: TOKEN } });
    await enqueueRows(t, wechatRows(3));
    const a = await post('/v1/outbox/claim', { platform: 'wechat', owner: 'gw-a', max: 2, leaseMs: 5000 });
    expect(a.status).toBe(200);
    const claimed = a.json.rows as { id: number; chatId: string; text: string; status: string; leaseOwner: string }[];
    expect(claimed.map((r) => [r.chatId, r.status, r.leaseOwner])).toEqual([
      ['r0@chatroom', 'sending', 'gw-a'],
      ['r1@chatroom', 'sending', 'gw-a'],
    ]);
    const b = await post('/v1/outbox/claim', { platform: 'wechat', owner: 'gw-b', max: 10, leaseMs: 5000 });
    expect((b.json.rows as { chatId: string }[]).map((r) => r.chatId)).toEqual(['r2@chatroom']);

    expect(await post('/v1/outbox/ack', { id: claimed[0]!.id, owner: 'gw-a', ok: true })).toEqual({
      status: 200,
      json: { status: 'sent' },
    });
    // Not the owner: refused, and acknowledging twice changes nothing.
    expect((await post('/v1/outbox/ack', { id: claimed[1]!.id, owner: 'gw-b', ok: true })).status).toBe(409);
    expect((await post('/v1/outbox/ack', { id: claimed[0]!.id, owner: 'gw-a', ok: true })).status).toBe(409);

    // gw-a dies holding the second row; after the lease another gateway gets it, one attempt counted.
    t.clock.advance(5001);
    const c = await post('/v1/outbox/claim', { platform: 'wechat', owner: 'gw-c', max: 10, leaseMs: 5000 });
    expect((c.json.rows as { id: number; attempts: number }[]).map((r) => [r.id, r.attempts])).toEqual([
      [claimed[1]!.id, 1],
      [(b.json.rows as { id: number }[])[0]!.id, 1],
    ]);
    expect((await post('/v1/outbox/ack', { id: claimed[1]!.id, owner: 'gw-a', ok: true })).status).toBe(409);
  });

  it(
    'failures are settled by the core: backoff, ' + 'throttling without an attempt, dead after a permanent failure',
    async () => {
      t = await createTestCore({ env: { CORE_TOKEN: TOKEN, RELAY_BACKOFF_BASE_MS: '1000' } });
      await enqueueRows(t, wechatRows(3));
      const ids = (
        (await post('/v1/outbox/claim', { platform: 'wechat', owner: 'g', max: 3 })).json.rows as { id: number }[]
      ).map((r) => r.id);
      const now = t.clock.now().getTime();
      const failed = await post('/v1/outbox/ack', { id: ids[0], owner: 'g', ok: false, error: 'DeliveryError: boom' });
      expect(failed.json).toMatchObject({ status: 'pending', attempts: 1, throttled: false });
      expect(failed.json.retryAt as number).toBeGreaterThanOrEqual(now + 500);
      expect(
        (await post('/v1/outbox/ack', { id: ids[1], owner: 'g', ok: false, error: 'logged out', retryAfterMs: 60_000 }))
          .json,
      ).toEqual({
        status: 'pending',
        attempts: 0,
        retryAt: now + 60_000,
        throttled: true,
      });
      expect(
        (await post('/v1/outbox/ack', { id: ids[2], owner: 'g', ok: false, error: 'no such room', permanent: true }))
          .json,
      ).toMatchObject({ status: 'dead' });
      expect(await rows(t, 'SELECT status, attempts, last_error FROM outbox ORDER BY id')).toEqual([
        { status: 'pending', attempts: 1, last_error: 'DeliveryError: boom' },
        { status: 'pending', attempts: 0, last_error: 'logged out' },
        { status: 'dead', attempts: 1, last_error: 'no such room' },
      ]);
    },
  );

  it('release gives rows back; a daily-cap release tells the officers; sends counts what went out', async () => {
    t = await createTestCore({ env: { CORE_TOKEN: TOKEN } });
    await t.say({ from: 'admin', text: '建组织 第一支部' });
    await t.say({ from: 'admin', platform: 'playground', chat: 'g1', text: '绑定 第一支部' });
    await addMember(t, { userId: 'sec', name: '赵书记', unit: '第一支部', title: '书记' });
    await enqueueRows(t, [
      ...wechatRows(2),
      { platform: 'wechat', chatId: 'r9@chatroom', kind: 'notice', ref: '1', text: 'x', unitId: null },
    ]);
    await t.store.client.execute(`UPDATE outbox SET unit_id = (SELECT id FROM units WHERE name = '第一支部')`);
    const ids = (
      (await post('/v1/outbox/claim', { platform: 'wechat', owner: 'g', max: 3 })).json.rows as { id: number }[]
    ).map((r) => r.id);
    expect((await post('/v1/outbox/ack', { id: ids[0], owner: 'g', ok: true })).status).toBe(200);
    const tomorrow7 = Date.parse('2026-12-01T23:00:00Z');
    expect(
      await post('/v1/outbox/release', { ids: ids.slice(1), owner: 'g', notBefore: tomorrow7, reason: 'daily-cap' }),
    ).toEqual({ status: 200, json: { ok: true } });
    expect(
      await rows(t, "SELECT status, not_before, last_error FROM outbox WHERE kind = 'notice' AND status = 'pending'"),
    ).toEqual([
      { status: 'pending', not_before: tomorrow7, last_error: 'daily-cap' },
      { status: 'pending', not_before: tomorrow7, last_error: 'daily-cap' },
    ]);
    expect(await rows(t, "SELECT platform, chat_id FROM outbox WHERE kind = 'delivery.held'")).toEqual([
      { platform: 'playground', chat_id: 'sec' },
    ]);
    const since = t.clock.now().getTime() - 1000;
    expect((await post('/v1/outbox/sends', { platform: 'wechat', since })).json).toEqual({ count: 1 });
    expect((await post('/v1/outbox/sends', { platform: 'wechat', since, list: true })).json).toEqual({
      count: 1,
      sends: [{ chatId: 'r0@chatroom', direct: false, sentAt: t.clock.now().getTime() }],
    });
  });
});
