import { TITLES } from '../../commands/org/texts.js';
import type { TestCore } from './core.js';

/**
 * Adds a member with a playground account straight into the database (a fixture, faster than an
 * invite round trip for each of many people). `createdAt` defaults to the clock's now.
 */
export async function addMember(
  t: TestCore,
  opts: { userId: string; name: string; unit: string; title?: string; platform?: string; createdAt?: number },
): Promise<string> {
  const unit = await t.store.client.execute({ sql: 'SELECT id FROM units WHERE name = ?', args: [opts.unit] });
  const unitId = unit.rows[0]?.id;
  if (!unitId) throw new Error(`no unit ${opts.unit}`);
  const title = TITLES.get(opts.title ?? '党员');
  if (!title) throw new Error(`no title ${opts.title}`);
  const id = `m-${opts.userId}`;
  const at = opts.createdAt ?? t.clock.now().getTime();
  await t.store.client.batch(
    [
      {
        sql:
          'INSERT INTO members (id, name, unit_id, role, party_status, is_admin, created_at) ' +
          'VALUES (?, ?, ?, ?, ?, 0, ?)',
        args: [id, opts.name, String(unitId), title.role, title.partyStatus, at],
      },
      {
        sql: 'INSERT INTO identities (platform, user_id, member_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)',
        args: [opts.platform ?? 'playground', opts.userId, id, opts.name, at],
      },
    ],
    'write',
  );
  return id;
}

/** Rows of a query, as plain objects. */
export async function rows(
  t: TestCore,
  sql: string,
  args: (string | number)[] = [],
): Promise<Record<string, unknown>[]> {
  const r = await t.store.client.execute({ sql, args });
  return r.rows.map((row) => ({ ...row }));
}

/** Sets the clock to a wall time in Asia/Shanghai ("2026-12-01 15:05"). */
export function at(t: TestCore, wall: string): void {
  t.clock.set(`${wall.replace(' ', 'T')}:00+08:00`);
}
