import { describe, expect, it } from 'vitest';
import { FakePlatform } from '../../helpers/fake-platform.js';
import { outboxWithNotices, spawnRelay, statusCounts } from '../../helpers/outbox-fixture.js';

const CHATS = 300;
const ROUNDS = 5;
const LEASE_MS = 1000;
/**
 * Five notices to 300 chats each go out one after the other; round k kills the relay when the
 * platform has delivered 300·(k-1) + 1, 70, 150, 230 or 299 messages: a different point of each notice.
 */
const KILL_AT = [1, 70, 150, 230, 299].map((n, k) => k * CHATS + n);

describe('relay crash safety', () => {
  it('SIGKILLed five times at different points and restarted: every notice reaches 300 chats once', async () => {
    const db = await outboxWithNotices(CHATS, ROUNDS);
    let current: ReturnType<typeof spawnRelay> | undefined;
    let kills = 0;
    const fake = await new FakePlatform({
      // Killed after the platform delivered but before it answered: the worst moment.
      onDeliver: (_d, f) => {
        if (f.delivered.length !== KILL_AT[kills] || !current) return;
        kills++;
        current.kill('SIGKILL');
        return false;
      },
    }).start();
    try {
      const env = { RELAY_DB: db.url, FAKE_URL: fake.url, RELAY_LEASE_MS: String(LEASE_MS), CHILD_APP_PER_SEC: '2000' };
      for (let round = 1; round <= ROUNDS; round++) {
        current = spawnRelay({ ...env, RELAY_OWNER: `relay-${round}` });
        expect((await current.exited).signal).toBe('SIGKILL');
        expect(kills).toBe(round);
        // Killed partway: at least the row whose answer never came is not marked sent.
        expect((await statusCounts(db.store)).sent ?? 0).toBeLessThan(CHATS * ROUNDS);
      }
      current = spawnRelay({ ...env, RELAY_OWNER: 'relay-final' });
      expect((await current.exited).code).toBe(0);

      for (let n = 1; n <= ROUNDS; n++) {
        const got = fake.delivered.filter((d) => d.text.startsWith(`【通知 #${n}】`));
        const perChat = new Map<string, number>();
        for (const d of got) perChat.set(d.chatId, (perChat.get(d.chatId) ?? 0) + 1);
        expect(perChat.size, `notice ${n}: chats reached`).toBe(CHATS); // 0 lost
        expect(got, `notice ${n}: deliveries`).toHaveLength(CHATS); // 0 duplicated
      }
      // Each message in flight at a kill was sent again after the restart, with the same key,
      // and the platform did not deliver it twice.
      expect(fake.duplicatesSuppressed).toBeGreaterThanOrEqual(ROUNDS);
      expect(await statusCounts(db.store)).toEqual({ sent: CHATS * ROUNDS });
    } finally {
      current?.kill('SIGKILL');
      await fake.close();
      await db.close();
    }
  }, 120_000);
});
