import { describe, expect, it } from 'vitest';
import { FakePlatform } from '../../helpers/fake-platform.js';
import { outboxWithNotices, spawnRelay, statusCounts } from '../../helpers/outbox-fixture.js';

const ROWS = 1000;

describe('two relays on one database', () => {
  it('deliver 1000 rows between them with no row sent twice and none missing', async () => {
    const db = await outboxWithNotices(ROWS);
    const fake = await new FakePlatform().start();
    try {
      // Paced so that neither can finish alone before the other has started.
      const env = { RELAY_DB: db.url, FAKE_URL: fake.url, RELAY_LEASE_MS: '30000', CHILD_APP_PER_SEC: '150' };
      const a = spawnRelay({ ...env, RELAY_OWNER: 'A' });
      const b = spawnRelay({ ...env, RELAY_OWNER: 'B' });
      expect((await a.exited).code).toBe(0);
      expect((await b.exited).code).toBe(0);

      // Every key was requested exactly once: leases kept the relays off each other's rows.
      expect(fake.requestsPerKey.size).toBe(ROWS);
      expect([...fake.requestsPerKey.values()].every((n) => n === 1)).toBe(true);
      expect(fake.perChat().size).toBe(ROWS);
      expect(fake.duplicatesSuppressed).toBe(0);
      expect(await statusCounts(db.store)).toEqual({ sent: ROWS });
      const byOwner = new Map<string, number>();
      for (const d of fake.delivered) byOwner.set(d.owner, (byOwner.get(d.owner) ?? 0) + 1);
      expect(byOwner.get('A') ?? 0).toBeGreaterThan(0);
      expect(byOwner.get('B') ?? 0).toBeGreaterThan(0);
    } finally {
      await fake.close();
      await db.close();
    }
  }, 60_000);
});
