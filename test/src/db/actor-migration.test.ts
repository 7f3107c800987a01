import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../src/db/settings.js';

// An existing database from before the restructure (migrations 0000–0006, actors in one column)
// upgraded by the real migrations: 0007 adds the ActorRef columns, 0008 moves the values, 0009
// drops the old columns and lark_events.

const BEFORE = 7;
let dir: string;
let client: Client;

/** The migrations folder with only the first `n` migrations in its journal. */
function firstMigrations(n: number): string {
  const copy = join(dir, `migrations-${n}`);
  cpSync(MIGRATIONS_DIR, copy, { recursive: true });
  const journalPath = join(copy, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, n);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}

const one = async (sql: string) => (await client.execute(sql)).rows[0] as Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pioneer-migrate-'));
  client = createClient({ url: `file:${join(dir, 'old.db')}` });
  await migrate(drizzle(client), { migrationsFolder: firstMigrations(BEFORE) });
  const now = Date.UTC(2026, 10, 1);
  await client.executeMultiple(
    `
    INSERT INTO units (id, name, type, parent_id, time_zone, created_at) ` +
      `VALUES ('u1', '第一支部', 'branch', NULL, 'Asia/Shanghai', ${now});
    INSERT INTO members (id, name, unit_id, role, party_status, is_admin, created_at) ` +
      `VALUES ('m1', '王书记', 'u1', 'secretary', 'formal', 0, ${now});
    INSERT INTO identities (platform, user_id, member_id, display_name, created_at) ` +
      `VALUES ('lark', 'ou_w', 'm1', NULL, ${now});
    INSERT INTO chat_bindings (platform, chat_id, unit_id, chat_name, bound_by, bound_at) ` +
      `VALUES ('lark', 'oc_1', 'u1', NULL, 'lark:ou_w', ${now});
    INSERT INTO invites (code, unit_id, role, party_status, created_by, created_at, expires_at) ` +
      `VALUES ('K7P2QXMA', 'u1', 'member', 'formal', 'playground:admin', ${now}, ${now + 1});
    INSERT INTO needs (id, unit_id, type, description, area, urgency, time_mask, created_by, status, version, ` +
      `created_at, status_at)
      VALUES (1, 'u1', '助老', '陪同买菜', '', 'normal', 0, 'm1', 'open', 0, ${now}, ${now}),
             (2, 'u1', '助老', '陪同就医', '', 'normal', 0, 'playground:admin', 'open', 0, ${now}, ${now});
    INSERT INTO lark_events (event_id, received_at) VALUES ('ev-1', ${now});
  `,
  );
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
});

afterAll(() => {
  client?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('upgrading a database from before the ActorRef columns', () => {
  it('moves "platform:userId" values into the identity column and finds the member behind them', async () => {
    const b = await one(`SELECT bound_by_identity, bound_by_member_id FROM chat_bindings`);
    expect(b).toMatchObject({ bound_by_identity: 'lark:ou_w', bound_by_member_id: 'm1' });
    const i = await one(`SELECT created_by_identity, created_by_member_id FROM invites`);
    expect(i).toMatchObject({ created_by_identity: 'playground:admin', created_by_member_id: null });
  });

  it('tells member ids from identities in the column that held either', async () => {
    const rows = (await client.execute(`SELECT id, created_by_member_id, created_by_identity FROM needs ORDER BY id`))
      .rows;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { id: 1, created_by_member_id: 'm1', created_by_identity: 'lark:ou_w' },
      { id: 2, created_by_member_id: null, created_by_identity: 'playground:admin' },
    ]);
  });

  it('keeps claimed Lark event ids and drops the old columns and table', async () => {
    expect(await one(`SELECT platform, event_id FROM claimed_events`)).toMatchObject({
      platform: 'lark',
      event_id: 'ev-1',
    });
    const cols = (await client.execute(`SELECT name FROM pragma_table_info('needs')`)).rows.map((r) => r.name);
    expect(cols).not.toContain('created_by');
    const lark = await client.execute(`SELECT name FROM sqlite_master WHERE name = 'lark_events'`);
    expect(lark.rows).toHaveLength(0);
  });
});
