import { afterEach, describe, expect, it } from 'vitest';
import type { Write } from '../../../src/contracts/store.js';
import {
  auditLog,
  checkinWrongCodes,
  claimedEvents,
  conversations,
  deliveredMessages,
  outbox,
  processedMessages,
  reminders,
  schedulerRuns,
} from '../../../src/db/schema.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { schedulerOf } from '../../helpers/reminders.js';

let t: TestCore;
afterEach(async () => {
  await t.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const count = async (sql: string) => Number((await t.store.client.execute(sql)).rows[0]!.n);

/** `n` rows of each bookkeeping kind that are past their retention, and a few that are not. */
async function seed(n: number): Promise<void> {
  const now = t.clock.now().getTime();
  const db = t.store.db;
  const old = now - 60 * DAY;
  const writes: Write[] = [];
  const range = (k: number) => Array.from({ length: k }, (_, i) => i);
  for (const i of range(n)) {
    const answer = { platform: 'p', messageId: `old${i}`, senderId: 's', chatId: 'c', response: '{}' };
    writes.push(db.insert(processedMessages).values({ ...answer, createdAt: old }));
    writes.push(db.insert(auditLog).values({ at: old, actor: 'p:s', action: 'member.join' }));
  }
  for (const i of range(3)) {
    const answer = { platform: 'p', messageId: `new${i}`, senderId: 's', chatId: 'c', response: '{}' };
    writes.push(db.insert(processedMessages).values({ ...answer, createdAt: now - 47 * HOUR }));
  }
  const event = (eventId: string, status: 'done' | 'dead' | 'pending', keepUntil: number) =>
    db.insert(claimedEvents).values({ platform: 'lark', eventId, receivedAt: old, status, keepUntil });
  writes.push(event('done-old', 'done', now - 1), event('dead-old', 'dead', now - 1));
  writes.push(event('done-new', 'done', now + HOUR), event('pending-old', 'pending', now - 1));
  const row = (id: number, status: 'sent' | 'dead' | 'pending', at: number) =>
    db.insert(outbox).values({
      id,
      platform: 'lark',
      chatId: 'oc_1',
      kind: 'notice',
      ref: String(id),
      text: 'x',
      idemKey: `k${id}`,
      status,
      notBefore: at,
      createdAt: at,
      ...(status === 'sent' ? { sentAt: at } : {}),
    });
  writes.push(row(1, 'sent', old), row(2, 'sent', now - 6 * DAY), row(3, 'dead', old), row(4, 'pending', old));
  const delivered = (outboxId: number, sentAt: number) =>
    db.insert(deliveredMessages).values({ outboxId, platformMessageId: `om_${outboxId}`, sentAt });
  writes.push(delivered(1, old), delivered(2, now - 6 * DAY));
  const talk = (userId: string, expiresAt: number) =>
    db.insert(conversations).values({ platform: 'p', userId, kind: 'k', state: '{}', updatedAt: old, expiresAt });
  writes.push(talk('gone', now - 2 * DAY), talk('open', now + HOUR));
  writes.push(db.insert(schedulerRuns).values({ job: 'jobs', slot: 'old', at: old }));
  const reminder = (meetingId: number, status: 'sent' | 'missed' | 'pending', dueAt: number) =>
    db.insert(reminders).values({ meetingId, offsetMin: 15, dueAt, status, createdAt: old });
  writes.push(reminder(1, 'sent', old), reminder(2, 'missed', old), reminder(3, 'pending', now + DAY));
  const wrong = (meetingId: number, at: number) =>
    db.insert(checkinWrongCodes).values({ meetingId, memberId: 'm', at });
  writes.push(wrong(1, old), wrong(2, now - HOUR));
  await t.store.batch(writes);
}

describe('the retention pass', () => {
  it('deletes bookkeeping rows past their retention in small batches and keeps the audit log', async () => {
    t = await createTestCore({ env: { RETENTION_BATCH_SIZE: '100', RETENTION_MAX_BATCHES: '5' } });
    await seed(1200);
    const audit = await count('SELECT count(*) AS n FROM audit_log');
    expect(audit).toBeGreaterThanOrEqual(1200);
    const s = schedulerOf(t);

    // 5 statements of 100 per table and pass: 500 of the 1200 old answers, the rest in later passes.
    const first = await s.tickOnce();
    expect(first.errors).toEqual([]);
    expect(first.retention).toEqual({
      processed_messages: 500,
      claimed_events: 2,
      'outbox.sent': 1,
      delivered_messages: 1,
      'outbox.dead': 1,
      conversations: 1,
      scheduler_runs: 1,
      reminders: 2,
      checkin_wrong_codes: 1,
    });
    // Not again within RETENTION_EVERY_MIN (another process may share the database).
    expect((await s.tickOnce()).retention).toBeNull();
    t.clock.advance(t.config.RETENTION_EVERY_MIN * 60_000);
    expect((await s.tickOnce()).retention).toMatchObject({ processed_messages: 500 });
    t.clock.advance(t.config.RETENTION_EVERY_MIN * 60_000);
    expect((await s.tickOnce()).retention).toMatchObject({ processed_messages: 200 });

    expect(await count('SELECT count(*) AS n FROM processed_messages')).toBe(3);
    const events = await t.store.client.execute('SELECT event_id FROM claimed_events ORDER BY event_id');
    expect(events.rows.map((r) => r.event_id)).toEqual(['done-new', 'pending-old']);
    const rows = await t.store.client.execute('SELECT id FROM outbox ORDER BY id');
    expect(rows.rows.map((r) => r.id)).toEqual([2, 4]);
    const ids = await t.store.client.execute('SELECT outbox_id FROM delivered_messages');
    expect(ids.rows.map((r) => r.outbox_id)).toEqual([2]);
    expect(await count("SELECT count(*) AS n FROM conversations WHERE user_id = 'open'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM reminders WHERE status = 'pending'")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM reminders')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM checkin_wrong_codes WHERE meeting_id = 2')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM checkin_wrong_codes')).toBe(1);
    // The audit log is kept whole (every tick's own rows aside, there are none).
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(audit);
  });
});
